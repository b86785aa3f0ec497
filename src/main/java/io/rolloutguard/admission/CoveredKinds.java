package io.rolloutguard.admission;

import static java.util.stream.Collectors.toSet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.rolloutguard.api.RolloutPolicy;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The kinds the rules cover, by group/version/kind; any other kind passes unchanged. */
public final class CoveredKinds {

  private static final Map<String, Class<? extends HasMetadata>> TYPES =
      Map.of(
          "apps/v1/Deployment",
          Deployment.class,
          "apps/v1/ReplicaSet",
          ReplicaSet.class,
          "apps/v1/StatefulSet",
          StatefulSet.class,
          "apps/v1/DaemonSet",
          DaemonSet.class,
          "v1/ReplicationController",
          ReplicationController.class,
          "v1/Pod",
          Pod.class,
          "v1/Service",
          Service.class,
          "batch/v1/Job",
          Job.class,
          "batch/v1/CronJob",
          CronJob.class,
          RolloutPolicy.GROUP + "/" + RolloutPolicy.VERSION + "/RolloutPolicy",
          RolloutPolicy.class);

  private static final Set<String> KIND_NAMES =
      TYPES.keySet().stream().map(gvk -> gvk.substring(gvk.lastIndexOf('/') + 1)).collect(toSet());

  private CoveredKinds() {}

  /** True for the bare name of a covered kind, such as {@code Deployment}. */
  static boolean isCoveredKindName(String kind) {
    return KIND_NAMES.contains(kind);
  }

  static Optional<Class<? extends HasMetadata>> typeOf(ReviewRequest request) {
    return typeOf(request.gvk());
  }

  /**
   * @param gvk for example {@code apps/v1/Deployment}, or {@code v1/Pod} for the core group
   */
  public static Optional<Class<? extends HasMetadata>> typeOf(String gvk) {
    return Optional.ofNullable(TYPES.get(gvk));
  }
}
