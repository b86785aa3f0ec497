package io.rolloutguard.policy;

/**
 * Stable rule IDs, with their names and descriptions: they appear in messages, warnings, metric
 * labels, exemptions and docs. What each rule covers is its {@link RuleSpec}.
 */
public enum RuleId {
  RG000(
      "invalid-image",
      "Container images must be valid image references.",
      "Images are parsed by the OCI/Docker distribution reference grammar: lowercase"
          + " repository paths, an optional domain with port, a tag and/or a digest."),
  RG001(
      "mutable-tag-pull-policy",
      "Mutable image tags need imagePullPolicy: Always.",
      "An image without a digest whose tag is missing or mutable (latest by default) is not"
          + " pulled again on nodes that cached it, so two versions run side by side. The"
          + " mutating webhook sets imagePullPolicy: Always; pin the image by digest to avoid"
          + " it."),
  RG002(
      "selector",
      "Workloads need explicit, narrow selectors that match their template.",
      "A controller owns whatever its selector picks: declare spec.selector, make it match"
          + " the template labels, and do not build it only from NotIn/DoesNotExist. Overlap"
          + " with other workloads is checked only against a cluster."),
  RG003(
      "min-ready-seconds",
      "minReadySeconds must leave a readiness window and let a rollout progress.",
      "With a readinessProbe, minReadySeconds is raised to the configured floor so a pod"
          + " that fails soon after its first good probe never counts as available;"
          + " minReadySeconds and the probe timing must stay below progressDeadlineSeconds."),
  RG004(
      "canary-strategy",
      "Deployments guarded by a RolloutPolicy need a canary-safe strategy.",
      "Needs the cluster's RolloutPolicies, so the offline check does not evaluate it: guarded"
          + " Deployments use RollingUpdate with maxUnavailable 0 and a minReadySeconds floor."),
  RG005(
      "known-bad-revision",
      "A pod template the controller rolled back may not be applied again.",
      "Needs the cluster's RolloutPolicies, so the offline check does not evaluate it: a"
          + " template that was rolled back is denied until annotated rolloutguard.io/retry."),
  RG006(
      "single-policy",
      "A Deployment may be guarded by one RolloutPolicy only.",
      "Needs the cluster's RolloutPolicies, so the offline check does not evaluate it: a second"
          + " policy for the same Deployment is refused, so that two controllers never undo"
          + " each other's pauses and rollbacks.");

  private final String slug;
  private final String summary;
  private final String help;

  RuleId(String slug, String summary, String help) {
    this.slug = slug;
    this.summary = summary;
    this.help = help;
  }

  /** One sentence, for SARIF's short description. */
  public String summary() {
    return summary;
  }

  /** A paragraph, for SARIF's help; the README has the long form. */
  public String help() {
    return help;
  }

  public String slug() {
    return slug;
  }

  /** For example {@code RG001 mutable-tag-pull-policy}. */
  public String title() {
    return name() + " " + slug;
  }
}
