package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.rolloutguard.api.RolloutPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads one snapshot from the informer caches: the Deployment, its ReplicaSets and their pods. */
final class KubernetesSnapshotReader {

  private final SharedInformerEventSource<Deployment> deployments;
  private final SharedInformerEventSource<ReplicaSet> replicaSets;
  private final SharedInformerEventSource<Pod> pods;

  KubernetesSnapshotReader(
      SharedInformerEventSource<Deployment> deployments,
      SharedInformerEventSource<ReplicaSet> replicaSets,
      SharedInformerEventSource<Pod> pods) {
    this.deployments = deployments;
    this.replicaSets = replicaSets;
    this.pods = pods;
  }

  RolloutSnapshot read(RolloutPolicy policy, String olderPolicy, int canaryFloor, Instant now) {
    String namespace = policy.getMetadata().getNamespace();
    Deployment deployment =
        deployments.get(new ResourceID(policy.targetName(), namespace)).orElse(null);
    if (deployment == null) {
      return new RolloutSnapshot(policy, null, List.of(), List.of(), now, olderPolicy, canaryFloor);
    }
    String uid = deployment.getMetadata().getUid();
    List<ReplicaSet> owned = replicaSets.list(namespace, rs -> ownedBy(rs, uid)).toList();
    Set<String> rsUids =
        owned.stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
    List<Pod> ownedPods =
        pods.list(
                namespace,
                p ->
                    p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(o -> rsUids.contains(o.getUid())))
            .toList();
    return new RolloutSnapshot(policy, deployment, owned, ownedPods, now, olderPolicy, canaryFloor);
  }

  private static boolean ownedBy(HasMetadata object, String uid) {
    return object.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> uid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController()));
  }
}
