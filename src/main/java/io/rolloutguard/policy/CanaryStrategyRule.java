package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * RG004: a guarded Deployment must roll so that the controller can pause it at the canary size:
 * RollingUpdate, maxUnavailable 0 (old pods stay), maxSurge from 1 to the first step's pods (the
 * first new ReplicaSet is created at the canary size), and minReadySeconds at least the canary
 * floor (the window in which the controller pauses before a new pod counts as available).
 */
public final class CanaryStrategyRule implements MutatingRule, ValidatingRule {

  private static final String ROLLING = CanarySafety.ROLLING;
  private static final String STRATEGY = "spec.strategy";

  public static final RuleSpec SPEC =
      new RuleSpec(RuleId.RG004, EnumSet.of(Kind.DEPLOYMENT), false, false, null)
          .withClusterState()
          .forGuardedOnly();

  @Override
  public RuleSpec spec() {
    return SPEC;
  }

  @Override
  public List<Change> mutate(HasMetadata object, RuleContext context) {
    Optional<ClusterFacts.Guard> guard = guard(object, context);
    if (guard.isEmpty()) {
      return List.of();
    }
    Deployment d = (Deployment) object;
    List<Change> changes = new ArrayList<>();
    DeploymentStrategy strategy = d.getSpec().getStrategy();
    if (strategy == null) {
      strategy = new DeploymentStrategy(null, ROLLING);
      d.getSpec().setStrategy(strategy);
    }
    if (!ROLLING.equals(strategy.getType()) && strategy.getType() != null) {
      return changes; // Recreate is a deliberate choice (volumes); validation explains the denial
    }
    strategy.setType(ROLLING);
    RollingUpdateDeployment rolling = strategy.getRollingUpdate();
    if (rolling == null) {
      rolling = new RollingUpdateDeployment();
      strategy.setRollingUpdate(rolling);
    }
    int replicas = CanarySafety.replicas(d);
    if (!Percentages.isZero(rolling.getMaxUnavailable())) {
      rolling.setMaxUnavailable(new IntOrString(0));
      changes.add(
          new Change(
              id(),
              STRATEGY + ".rollingUpdate.maxUnavailable",
              "set to 0 so that every old pod keeps serving during the canary"));
    }
    int surge = CanarySafety.surge(rolling, replicas);
    int limit = CanarySafety.firstStepPods(guard.get().firstStep(), replicas);
    int wanted = Math.max(1, Math.min(surge, limit));
    // A percentage grows with the replicas: after a scale-up it could exceed the step.
    boolean percentage = rolling.getMaxSurge() == null || rolling.getMaxSurge().getIntVal() == null;
    if (surge != wanted || (percentage && guard.get().firstStep() != null)) {
      rolling.setMaxSurge(new IntOrString(wanted));
      changes.add(
          new Change(
              id(),
              STRATEGY + ".rollingUpdate.maxSurge",
              "set to " + wanted + " so that the first new ReplicaSet starts at the canary size"));
    }
    int floor = context.config().canaryMinReadySecondsFloor();
    if (Objects.requireNonNullElse(d.getSpec().getMinReadySeconds(), 0) < floor) {
      d.getSpec().setMinReadySeconds(floor);
      changes.add(
          new Change(id(), "spec.minReadySeconds", "raised to the canary floor of " + floor + "s"));
    }
    return changes;
  }

  @Override
  public List<Violation> validate(HasMetadata object, RuleContext context) {
    Optional<ClusterFacts.Guard> guard = guard(object, context);
    if (guard.isEmpty()) {
      return List.of();
    }
    String policy = "RolloutPolicy \"" + guard.get().policy() + "\"";
    // A create whose policy the mutating call had not seen yet (a policy applied a moment before
    // its Deployment, answered by a replica whose cache lagged) is not denied for what mutation
    // fixes: the first revision is never canaried, and every later change is mutated.
    boolean create = context.oldObject() == null;
    List<Violation> violations = new ArrayList<>();
    int floor = context.config().canaryMinReadySecondsFloor();
    for (CanarySafety.Problem p :
        CanarySafety.check((Deployment) object, guard.get().firstStep(), floor)) {
      violations.add(
          switch (p.kind()) {
            case RECREATE ->
                Violation.deny(
                    id(),
                    p.field(),
                    p.message() + "; " + policy + " needs RollingUpdate to pause at a canary step");
            case MAX_UNAVAILABLE ->
                fixedOnNextChange(
                    create,
                    p.field(),
                    "must be 0 under "
                        + policy
                        + ", so that old pods keep serving during the canary");
            case MAX_SURGE ->
                Violation.warn(
                    id(),
                    p.field(),
                    "is larger than the first canary step, so the canary may overshoot it");
            case MIN_READY_SECONDS ->
                fixedOnNextChange(
                    create,
                    p.field(),
                    p.message()
                        + " that "
                        + policy
                        + " needs to pause before a new pod counts as available");
          });
    }
    return violations;
  }

  private Violation fixedOnNextChange(boolean create, String field, String message) {
    return create
        ? Violation.warn(id(), field, message + "; set on the next change (no canary on create)")
        : Violation.deny(id(), field, message);
  }

  private static Optional<ClusterFacts.Guard> guard(HasMetadata object, RuleContext context) {
    if (!(object instanceof Deployment d) || d.getSpec() == null) {
      return Optional.empty();
    }
    return context.cluster().guardFor(d.getMetadata().getNamespace(), d.getMetadata().getName());
  }
}
