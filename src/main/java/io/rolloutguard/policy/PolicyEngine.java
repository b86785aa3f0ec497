package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the rules over one object and decides each violation's outcome from the rule's mode, the
 * exemptions and, on UPDATE, what the old object already had.
 */
public final class PolicyEngine {

  private final PolicyConfig config;
  private final List<MutatingRule> mutators;
  private final List<ValidatingRule> validators;

  public PolicyEngine(
      PolicyConfig config, List<MutatingRule> mutators, List<ValidatingRule> validators) {
    this.config = config;
    this.mutators = List.copyOf(mutators);
    this.validators = List.copyOf(validators);
  }

  /** The admission rules RG000 to RG006. */
  public static PolicyEngine standard(PolicyConfig config) {
    var pullPolicy = new MutableTagPullPolicyRule();
    var minReady = new MinReadySecondsRule();
    var canary = new CanaryStrategyRule();
    return new PolicyEngine(
        config,
        List.of(pullPolicy, minReady, canary),
        List.of(
            new InvalidImageRule(),
            pullPolicy,
            new SelectorRule(),
            new SelectorOverlapRule(),
            new ServiceSelectorRule(),
            minReady,
            canary,
            new KnownBadRevisionRule(),
            new SinglePolicyRule()));
  }

  /**
   * Only the rules that need cluster state (their specs say so), for when the CEL policies of
   * manifests/overlays/cel enforce the stateless ones in the API server.
   */
  public static PolicyEngine stateful(PolicyConfig config) {
    PolicyEngine all = standard(config);
    return new PolicyEngine(
        config,
        all.mutators.stream().filter(r -> r.spec().needsClusterState()).toList(),
        all.validators.stream().filter(r -> r.spec().needsClusterState()).toList());
  }

  /** What each of this engine's rules covers, once per rule class, in evaluation order. */
  public List<RuleSpec> specs() {
    Set<RuleSpec> specs = new LinkedHashSet<>();
    validators.forEach(r -> specs.add(r.spec()));
    mutators.forEach(r -> specs.add(r.spec()));
    return List.copyOf(specs);
  }

  /**
   * The rules that judge a kind.
   *
   * @param guarded whether the object is a Deployment a RolloutPolicy guards
   */
  public Set<RuleId> rulesFor(Kind kind, boolean guarded) {
    Set<RuleId> rules = EnumSet.noneOf(RuleId.class);
    for (RuleSpec spec : specs()) {
      if (spec.covers(kind) && (guarded || !spec.guardedOnly())) {
        rules.add(spec.id());
      }
    }
    return rules;
  }

  public PolicyConfig config() {
    return config;
  }

  /** Applies the enforced mutations in place and returns what changed. */
  public List<Change> mutate(HasMetadata object, String namespace, ClusterFacts cluster) {
    RuleContext context = new RuleContext(config, cluster);
    List<Change> changes = new ArrayList<>();
    for (MutatingRule rule : mutators) {
      if (config.mode(rule.id()) == Mode.ENFORCE && !config.exempt(rule.id(), namespace)) {
        changes.addAll(rule.mutate(object, context));
      }
    }
    return changes;
  }

  /** As {@link #validate(HasMetadata, HasMetadata, String, Origin, ClusterFacts)} for a tenant. */
  public List<Finding> validate(
      HasMetadata object, HasMetadata oldObject, String namespace, ClusterFacts cluster) {
    return validate(object, oldObject, namespace, Origin.TENANT, cluster);
  }

  /**
   * @param oldObject the stored object on UPDATE, else null: violations it already had only warn,
   *     so that scaling or relabelling a legacy object is never blocked
   * @param origin who wrote the object: a trusted controller's children (a Deployment's ReplicaSet,
   *     a ReplicaSet's Pod) only warn, since denying them cannot fix the owner and would leave it
   *     unable to create them; what the object says of its owners does not count
   */
  public List<Finding> validate(
      HasMetadata object,
      HasMetadata oldObject,
      String namespace,
      Origin origin,
      ClusterFacts cluster) {
    Set<Violation> inherited = new HashSet<>();
    if (oldObject != null) {
      inherited.addAll(violations(oldObject, namespace, new RuleContext(config, cluster)));
    }
    RuleContext context = new RuleContext(config, cluster, oldObject, origin);
    boolean trusted = origin == Origin.TRUSTED_CONTROLLER;
    List<Finding> findings = new ArrayList<>();
    for (Violation v : violations(object, namespace, context)) {
      Mode mode = config.mode(v.rule()).cappedAt(v.cap());
      if (mode == Mode.OFF) {
        continue;
      }
      Outcome outcome = Outcome.of(mode);
      boolean grandfathered = outcome == Outcome.DENY && inherited.contains(v);
      boolean downgraded = outcome == Outcome.DENY && (grandfathered || trusted);
      findings.add(new Finding(v, mode, downgraded ? Outcome.WARN : outcome, grandfathered));
    }
    return findings;
  }

  private List<Violation> violations(HasMetadata object, String namespace, RuleContext context) {
    List<Violation> violations = new ArrayList<>();
    for (ValidatingRule rule : validators) {
      if (config.mode(rule.id()) != Mode.OFF && !config.exempt(rule.id(), namespace)) {
        violations.addAll(rule.validate(object, context));
      }
    }
    return violations;
  }
}
