package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a Deployment's strategy must be for the controller to hold a canary at its step: shared by
 * RG004 at admission and by the controller, which checks again because admission can be bypassed (a
 * rule in audit or warn mode, a webhook failing open, a Deployment older than its policy).
 */
public final class CanarySafety {

  static final String ROLLING = "RollingUpdate";

  /** One reason the canary could not be held. */
  public record Problem(Kind kind, String field, String message) {}

  public enum Kind {
    RECREATE,
    MAX_UNAVAILABLE,
    MAX_SURGE,
    MIN_READY_SECONDS
  }

  private CanarySafety() {}

  /**
   * The problems of {@code d}'s strategy for a canary whose first step is {@code firstStep} (null:
   * no steps) with minReadySeconds at least {@code floor}; empty when it is safe.
   */
  public static List<Problem> check(Deployment d, IntOrString firstStep, int floor) {
    List<Problem> problems = new ArrayList<>();
    DeploymentStrategy strategy = d.getSpec().getStrategy();
    if (strategy != null && strategy.getType() != null && !ROLLING.equals(strategy.getType())) {
      problems.add(
          new Problem(
              Kind.RECREATE,
              "spec.strategy.type",
              strategy.getType() + " replaces every pod at once"));
      return problems;
    }
    int replicas = replicas(d);
    RollingUpdateDeployment rolling = strategy == null ? null : strategy.getRollingUpdate();
    if (rolling == null || !Percentages.isZero(rolling.getMaxUnavailable())) {
      problems.add(
          new Problem(
              Kind.MAX_UNAVAILABLE,
              "spec.strategy.rollingUpdate.maxUnavailable",
              "is not 0, so old pods go down during the canary"));
    } else if (surge(rolling, replicas) > firstStepPods(firstStep, replicas)) {
      problems.add(
          new Problem(
              Kind.MAX_SURGE,
              "spec.strategy.rollingUpdate.maxSurge",
              "allows "
                  + surge(rolling, replicas)
                  + " new pods at once, more than the first canary step of "
                  + firstStepPods(firstStep, replicas)));
    }
    int minReady = Objects.requireNonNullElse(d.getSpec().getMinReadySeconds(), 0);
    if (minReady < floor) {
      problems.add(
          new Problem(
              Kind.MIN_READY_SECONDS,
              "spec.minReadySeconds",
              minReady + " is below the canary floor of " + floor + "s"));
    }
    return problems;
  }

  static int replicas(Deployment d) {
    return Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
  }

  static int firstStepPods(IntOrString firstStep, int replicas) {
    return firstStep == null ? Integer.MAX_VALUE : Percentages.canaryPods(firstStep, replicas);
  }

  /** maxSurge as the Deployment controller reads it: 25% when unset, rounded up. */
  static int surge(RollingUpdateDeployment rolling, int replicas) {
    IntOrString value =
        rolling.getMaxSurge() == null ? new IntOrString("25%") : rolling.getMaxSurge();
    return Percentages.resolve(value, replicas, true);
  }
}
