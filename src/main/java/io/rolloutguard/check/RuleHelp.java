package io.rolloutguard.check;

import io.rolloutguard.policy.RuleId;

/** A sentence and a paragraph per rule, for SARIF's rule metadata; the README has the long form. */
final class RuleHelp {

  private RuleHelp() {}

  static String summary(RuleId rule) {
    return switch (rule) {
      case RG000 -> "Container images must be valid image references.";
      case RG001 -> "Mutable image tags need imagePullPolicy: Always.";
      case RG002 -> "Workloads need explicit, narrow selectors that match their template.";
      case RG003 -> "minReadySeconds must leave a readiness window and let a rollout progress.";
      case RG004 -> "Deployments guarded by a RolloutPolicy need a canary-safe strategy.";
      case RG005 -> "A pod template the controller rolled back may not be applied again.";
      case RG006 -> "A Deployment may be guarded by one RolloutPolicy only.";
    };
  }

  static String help(RuleId rule) {
    return switch (rule) {
      case RG000 ->
          "Images are parsed by the OCI/Docker distribution reference grammar: lowercase"
              + " repository paths, an optional domain with port, a tag and/or a digest.";
      case RG001 ->
          "An image without a digest whose tag is missing or mutable (latest by default) is not"
              + " pulled again on nodes that cached it, so two versions run side by side. The"
              + " mutating webhook sets imagePullPolicy: Always; pin the image by digest to avoid"
              + " it.";
      case RG002 ->
          "A controller owns whatever its selector picks: declare spec.selector, make it match"
              + " the template labels, and do not build it only from NotIn/DoesNotExist. Overlap"
              + " with other workloads is checked only against a cluster.";
      case RG003 ->
          "With a readinessProbe, minReadySeconds is raised to the configured floor so a pod"
              + " that fails soon after its first good probe never counts as available;"
              + " minReadySeconds and the probe timing must stay below progressDeadlineSeconds.";
      case RG004 ->
          "Needs the cluster's RolloutPolicies, so the offline check does not evaluate it: guarded"
              + " Deployments use RollingUpdate with maxUnavailable 0 and a minReadySeconds floor.";
      case RG005 ->
          "Needs the cluster's RolloutPolicies, so the offline check does not evaluate it: a"
              + " template that was rolled back is denied until annotated rolloutguard.io/retry.";
      case RG006 ->
          "Needs the cluster's RolloutPolicies, so the offline check does not evaluate it: a second"
              + " policy for the same Deployment is refused, so that two controllers never undo"
              + " each other's pauses and rollbacks.";
    };
  }
}
