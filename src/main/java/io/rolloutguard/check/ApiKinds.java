package io.rolloutguard.check;

import io.rolloutguard.policy.Coverage;
import java.util.Map;
import java.util.Set;

/**
 * Which documents are checked, skipped, or wrong. Kinds the webhook does not cover pass admission
 * unchanged, so {@code check} skips them (kustomize and helm output is full of ConfigMaps); but in
 * the API groups of the covered kinds, a kind or version Kubernetes does not serve is a mistake
 * that {@code kubectl apply} would reject, so it is an error here too.
 */
final class ApiKinds {

  enum Verdict {
    CHECK,
    SKIP
  }

  /** Every kind the core, apps and batch groups serve, at v1: the only version they still serve. */
  private static final Map<String, Set<String>> BUILT_IN =
      Map.of(
          "",
          Set.of(
              "Binding",
              "ComponentStatus",
              "ConfigMap",
              "Endpoints",
              "Event",
              "LimitRange",
              "Namespace",
              "Node",
              "PersistentVolume",
              "PersistentVolumeClaim",
              "Pod",
              "PodTemplate",
              "ReplicationController",
              "ResourceQuota",
              "Secret",
              "Service",
              "ServiceAccount"),
          "apps",
          Set.of("ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"),
          "batch",
          Set.of("CronJob", "Job"));

  private ApiKinds() {}

  /**
   * @throws CheckException for an unknown kind or an unserved version in core, apps or batch, and
   *     for the removed extensions group
   */
  static Verdict classify(String apiVersion, String kind) {
    if (Coverage.typeOf(apiVersion + "/" + kind).isPresent()) {
      return Verdict.CHECK;
    }
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    if (group.equals("extensions")) {
      throw new CheckException(
          "unknown kind "
              + kind
              + " in "
              + apiVersion
              + ": the extensions group is no longer served by Kubernetes");
    }
    Set<String> kinds = BUILT_IN.get(group);
    if (kinds == null) {
      return Verdict.SKIP;
    }
    if (!kinds.contains(kind)) {
      throw new CheckException(
          "unknown kind \"" + kind + "\" in " + apiVersion + " (Kubernetes serves no such kind)");
    }
    if (!version.equals("v1")) {
      throw new CheckException(
          "unknown kind "
              + kind
              + " in "
              + apiVersion
              + ": Kubernetes serves "
              + kind
              + " as "
              + (group.isEmpty() ? "" : group + "/")
              + "v1");
    }
    return Verdict.SKIP;
  }
}
