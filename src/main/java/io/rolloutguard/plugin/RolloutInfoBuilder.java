package io.rolloutguard.plugin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.KubeDuration;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RollbackRecord;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.plugin.RolloutInfo.Header;
import io.rolloutguard.plugin.RolloutInfo.KnownBad;
import io.rolloutguard.plugin.RolloutInfo.Replicas;
import io.rolloutguard.plugin.RolloutInfo.Rollback;
import io.rolloutguard.plugin.RolloutInfo.Step;
import io.rolloutguard.plugin.RolloutInfo.StepProgress;
import io.rolloutguard.plugin.RolloutInfo.Target;
import io.rolloutguard.policy.Percentages;
import io.rolloutguard.rollout.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Builds a {@link RolloutInfo} from what the plugin read, at one instant. */
final class RolloutInfoBuilder {

  private RolloutInfoBuilder() {}

  static RolloutInfo build(RolloutView view, Instant now) {
    RolloutPolicy policy = view.policy();
    RolloutPolicyStatus status = status(policy);
    List<CanaryStep> steps = canarySteps(policy);
    Deployment deployment = view.deployment();
    int replicas = deployment == null ? 0 : States.desired(deployment);
    return new RolloutInfo(
        header(policy, now),
        target(deployment, status),
        steps(steps, status, replicas),
        status.getPhase() == Phase.Paused
            ? pauseTimer(steps, status, now, policy.getMetadata().getName())
            : null,
        images(view, status.getStableRevision()),
        images(view, status.getCanaryRevision()),
        replicas(deployment, replicas),
        status.getFailedRevisions() == null
            ? List.of()
            : status.getFailedRevisions().stream()
                .map(
                    f ->
                        new KnownBad(
                            f.getRevision(),
                            Objects.requireNonNullElse(f.getReason(), "failed"),
                            Ages.since(f.getTime(), now)))
                .toList(),
        deployment == null ? null : DeploymentTree.build(view, status, now));
  }

  /** What the policy alone tells, without its Deployment: all that {@code list} needs. */
  static Header header(RolloutPolicy policy, Instant now) {
    RolloutPolicyStatus status = status(policy);
    RollbackRecord last = status.getLastRollback();
    return new Header(
        policy.getMetadata().getNamespace(),
        policy.getMetadata().getName(),
        RolloutView.target(policy),
        States.phase(status.getPhase()),
        status.getMessage(),
        status.getStepProgress(),
        status.getCanary(),
        status.getStableRevision(),
        status.getCanaryRevision(),
        last == null
            ? null
            : new Rollback(
                last.getFrom(),
                last.getTo(),
                Ages.since(last.getTime(), now),
                last.getReason(),
                last.getMessage()),
        Ages.since(policy.getMetadata().getCreationTimestamp(), now));
  }

  static Target target(Deployment deployment, RolloutPolicyStatus status) {
    if (deployment == null) {
      return Target.MISSING;
    }
    if (!Boolean.TRUE.equals(deployment.getSpec().getPaused())) {
      return Target.RUNNING;
    }
    return Boolean.TRUE.equals(status.getPausedByController())
        ? Target.PAUSED_BY_ROLLOUT_GUARD
        : Target.PAUSED;
  }

  static List<Step> steps(List<CanaryStep> steps, RolloutPolicyStatus status, int replicas) {
    Integer current = status.getCurrentStep();
    return IntStream.range(0, steps.size())
        .mapToObj(
            i ->
                new Step(
                    i + 1,
                    canary(steps.get(i), replicas),
                    pause(steps.get(i)),
                    progress(i, current, status.getPhase())))
        .toList();
  }

  private static StepProgress progress(int step, Integer current, Phase phase) {
    if (current == null || step > current) {
      return StepProgress.AHEAD;
    }
    if (step < current) {
      return StepProgress.DONE;
    }
    return phase == Phase.Paused ? StepProgress.PAUSED_HERE : StepProgress.SCALING_HERE;
  }

  private static String canary(CanaryStep step, int replicas) {
    var canary = step.getCanary();
    if (canary == null) {
      return "?";
    }
    if (canary.getIntVal() != null) {
      return pods(canary.getIntVal());
    }
    if (replicas <= 0) {
      return canary.getStrVal();
    }
    return canary.getStrVal() + " (" + pods(Percentages.canaryPods(canary, replicas)) + ")";
  }

  private static String pods(int pods) {
    return pods + (pods == 1 ? " pod" : " pods");
  }

  private static String pause(CanaryStep step) {
    String duration = duration(step);
    return duration == null ? "pause until promoted" : "pause " + duration;
  }

  private static String duration(CanaryStep step) {
    return step.getPause() == null ? null : step.getPause().getDuration();
  }

  /** The pause timer: it starts once every canary pod is available, a part second counts. */
  static String pauseTimer(
      List<CanaryStep> steps, RolloutPolicyStatus status, Instant now, String name) {
    int current = Objects.requireNonNullElse(status.getCurrentStep(), 0);
    Instant started = Timestamps.parse(status.getPauseStartedAt());
    if (started == null) {
      return "starts when every canary pod is available";
    }
    Duration held = Duration.between(started, now);
    String duration = current < steps.size() ? duration(steps.get(current)) : null;
    if (duration == null) {
      return "held "
          + Ages.human(held)
          + ", until promoted (kubectl rollout-guard promote "
          + name
          + ")";
    }
    Duration total;
    try {
      total = KubeDuration.parse(duration);
    } catch (IllegalArgumentException e) {
      return "held " + Ages.human(held) + " of " + duration;
    }
    Duration left = total.minus(held);
    return left.isNegative() || left.isZero()
        ? duration + " elapsed: promoting"
        : Ages.human(left.plusMillis(999)) + " left of " + duration;
  }

  private static String images(RolloutView view, String revision) {
    if (revision == null) {
      return null;
    }
    return view.replicaSets().stream()
        .filter(rs -> revision.equals(RolloutView.hash(rs)))
        .findFirst()
        .map(RolloutInfoBuilder::images)
        .orElse("");
  }

  private static String images(ReplicaSet rs) {
    var template = rs.getSpec().getTemplate();
    if (template == null || template.getSpec() == null) {
      return "";
    }
    return template.getSpec().getContainers().stream()
        .map(Container::getImage)
        .collect(Collectors.joining(","));
  }

  private static Replicas replicas(Deployment deployment, int desired) {
    if (deployment == null || deployment.getStatus() == null) {
      return null;
    }
    var s = deployment.getStatus();
    return new Replicas(
        desired,
        States.orZero(s.getReplicas()),
        States.orZero(s.getUpdatedReplicas()),
        States.orZero(s.getReadyReplicas()),
        States.orZero(s.getAvailableReplicas()));
  }

  private static RolloutPolicyStatus status(RolloutPolicy policy) {
    return Objects.requireNonNullElseGet(policy.getStatus(), RolloutPolicyStatus::new);
  }

  private static List<CanaryStep> canarySteps(RolloutPolicy policy) {
    return policy.getSpec() == null || policy.getSpec().getSteps() == null
        ? List.of()
        : policy.getSpec().getSteps();
  }
}
