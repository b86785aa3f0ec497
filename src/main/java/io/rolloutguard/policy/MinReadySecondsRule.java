package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RG003: without minReadySeconds a pod counts as available on its first successful probe, so a
 * version that fails after a few requests rolls out everywhere (the seed's kubia v3).
 */
public final class MinReadySecondsRule implements MutatingRule, ValidatingRule {

  static final String FIELD = "spec.minReadySeconds";
  static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

  public static final RuleSpec SPEC =
      new RuleSpec(RuleId.RG003, Workloads.MIN_READY_KINDS, false, false, null);

  @Override
  public RuleSpec spec() {
    return SPEC;
  }

  @Override
  public List<Change> mutate(HasMetadata object, RuleContext context) {
    Optional<Workloads.MinReadySecondsRef> ref = Workloads.minReadySeconds(object);
    int floor = context.config().minReadySecondsFloor();
    if (ref.isEmpty() || ref.get().value() >= floor || probedContainers(object).isEmpty()) {
      return List.of();
    }
    int before = ref.get().value();
    ref.get().setter().accept(floor);
    return List.of(
        new Change(
            id(),
            FIELD,
            "raised from "
                + before
                + " to "
                + floor
                + " so that a pod must stay ready that long before it counts as available"));
  }

  @Override
  public List<Violation> validate(HasMetadata object, RuleContext context) {
    Optional<Workloads.MinReadySecondsRef> ref = Workloads.minReadySeconds(object);
    if (ref.isEmpty()) {
      return List.of();
    }
    int minReady = ref.get().value();
    List<Violation> violations = new ArrayList<>();
    int max = context.config().minReadySecondsMax();
    if (minReady > max) {
      violations.add(
          Violation.deny(
              id(), FIELD, "minReadySeconds " + minReady + " is above the maximum of " + max));
    }
    if (object instanceof Deployment deployment) {
      violations.addAll(deadlineViolations(deployment, minReady));
      violations.addAll(missingProbe(deployment));
    }
    return violations;
  }

  private List<Violation> deadlineViolations(Deployment deployment, int minReady) {
    Integer configured = deployment.getSpec().getProgressDeadlineSeconds();
    int deadline = configured == null ? DEFAULT_PROGRESS_DEADLINE_SECONDS : configured;
    if (minReady >= deadline) {
      return List.of(
          Violation.deny(
              id(),
              FIELD,
              "minReadySeconds "
                  + minReady
                  + " must be below progressDeadlineSeconds "
                  + deadline
                  + ", or no rollout can ever progress"));
    }
    List<Violation> violations = new ArrayList<>();
    for (ContainerRef c : probedContainers(deployment)) {
      Probe p = c.readinessProbe();
      int initialDelay = orDefault(p.getInitialDelaySeconds(), 0);
      int period = orDefault(p.getPeriodSeconds(), 10);
      int successes = orDefault(p.getSuccessThreshold(), 1);
      // long: int32 fields multiplied can overflow an int, and the CEL twin computes in int64.
      long firstAvailable = (long) initialDelay + (long) period * successes + minReady;
      if (firstAvailable >= deadline) {
        violations.add(
            Violation.deny(
                id(),
                c.path() + ".readinessProbe",
                "container \""
                    + c.name()
                    + "\" can become available at the earliest after "
                    + firstAvailable
                    + "s (initialDelaySeconds "
                    + initialDelay
                    + " + periodSeconds "
                    + period
                    + " x successThreshold "
                    + successes
                    + " + minReadySeconds "
                    + minReady
                    + "), which reaches progressDeadlineSeconds "
                    + deadline));
      }
    }
    return violations;
  }

  private List<Violation> missingProbe(Deployment deployment) {
    Integer replicas = deployment.getSpec().getReplicas();
    if ((replicas == null || replicas <= 1) || !probedContainers(deployment).isEmpty()) {
      return List.of();
    }
    return List.of(
        Violation.warn(
            id(),
            "spec.template.spec.containers",
            "no container has a readinessProbe, so pods count as ready as soon as they start and"
                + " a broken version can replace every replica"));
  }

  private static List<ContainerRef> probedContainers(HasMetadata object) {
    return Workloads.podSpecs(object).stream()
        .flatMap(p -> p.appContainers().stream())
        .filter(c -> c.readinessProbe() != null)
        .toList();
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
