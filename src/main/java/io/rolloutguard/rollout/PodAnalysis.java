package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.rolloutguard.api.Analysis;
import io.rolloutguard.api.KubeDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges the new revision's pods by every failure signal (a failing waiting reason, restarts, not
 * ready for too long, never ready, pods that cannot be created), and says when the next time-based
 * judgement is due, so the reconciler can wake up exactly then.
 */
final class PodAnalysis {

  record Result(Optional<Failure> failure, Optional<Instant> nextCheck) {}

  private final List<String> failingReasons;
  private final int maxRestarts;
  private final Duration readinessTimeout;
  private final Duration notReadyTolerance;

  PodAnalysis(Analysis analysis) {
    Analysis a = analysis == null ? new Analysis() : analysis;
    this.failingReasons =
        a.getFailingReasons() == null ? Analysis.DEFAULT_FAILING_REASONS : a.getFailingReasons();
    this.maxRestarts = Objects.requireNonNullElse(a.getMaxRestarts(), 1);
    this.readinessTimeout =
        KubeDuration.parse(Objects.requireNonNullElse(a.getReadinessTimeout(), "2m"));
    this.notReadyTolerance =
        KubeDuration.parse(Objects.requireNonNullElse(a.getNotReadyTolerance(), "5s"));
  }

  Result analyse(List<Pod> pods, Instant now) {
    Instant next = null;
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      Optional<Failure> failure = immediate(pod, now);
      if (failure.isPresent()) {
        return new Result(failure, Optional.empty());
      }
      Readiness readiness = readiness(pod, now);
      if (readiness.failure != null) {
        return new Result(Optional.of(readiness.failure), Optional.empty());
      }
      if (readiness.deadline != null && (next == null || readiness.deadline.isBefore(next))) {
        next = readiness.deadline;
      }
    }
    return new Result(Optional.empty(), Optional.ofNullable(next));
  }

  private Optional<Failure> immediate(Pod pod, Instant now) {
    for (ContainerStatus cs : statuses(pod)) {
      var waiting = cs.getState() == null ? null : cs.getState().getWaiting();
      if (waiting != null && failingReasons.contains(waiting.getReason())) {
        return Optional.of(
            new Failure(
                Reasons.WAITING_REASON,
                name(pod),
                "container " + cs.getName() + " of " + name(pod) + " is " + waiting.getReason(),
                now));
      }
      int restarts = Objects.requireNonNullElse(cs.getRestartCount(), 0);
      if (restarts > maxRestarts) {
        return Optional.of(
            new Failure(
                Reasons.RESTARTS,
                name(pod),
                "container "
                    + cs.getName()
                    + " of "
                    + name(pod)
                    + " restarted "
                    + restarts
                    + " times (limit "
                    + maxRestarts
                    + ")",
                now));
      }
    }
    return Optional.empty();
  }

  private record Readiness(Failure failure, Instant deadline) {}

  private Readiness readiness(Pod pod, Instant now) {
    PodCondition ready = condition(pod, "Ready");
    if (ready != null && "True".equals(ready.getStatus())) {
      return new Readiness(null, null);
    }
    Instant since = ready == null ? null : Timestamps.parse(ready.getLastTransitionTime());
    Instant started = started(pod);
    boolean restarted = restarts(pod) > 0;
    if (since != null && started != null && since.isAfter(started)) {
      // Ready once, then not: the kubia v3 case, or a container that restarted. Timed from the
      // Ready condition's transition, never from pod creation.
      Instant deadline = since.plus(notReadyTolerance);
      if (!now.isBefore(deadline)) {
        long seconds = Duration.between(since, now).toSeconds();
        return new Readiness(
            new Failure(
                Reasons.NOT_READY,
                name(pod),
                "readiness probe failed for "
                    + seconds
                    + "s on "
                    + name(pod)
                    + (restarted ? " after its container restarted" : ""),
                deadline),
            null);
      }
      return new Readiness(null, deadline);
    }
    Instant created = Timestamps.parse(pod.getMetadata().getCreationTimestamp());
    if (created == null) {
      return new Readiness(null, null);
    }
    Instant deadline = created.plus(readinessTimeout);
    if (!now.isBefore(deadline)) {
      return new Readiness(
          new Failure(
              Reasons.NEVER_READY,
              name(pod),
              name(pod) + " did not become Ready within " + readinessTimeout.toSeconds() + "s",
              deadline),
          null);
    }
    return new Readiness(null, deadline);
  }

  /**
   * Canary pods that are never created (a ResourceQuota, Pod Security admission, a webhook that
   * denies them) leave no pod to judge: the ReplicaSet's ReplicaFailure condition says why, and
   * after the readiness timeout that is a failure, with its message as the reason.
   */
  Optional<Failure> creationFailure(ReplicaSet rs, Instant now) {
    Optional<ReplicaSetCondition> failure = ReplicaSets.replicaFailure(rs);
    Optional<Instant> deadline = creationDeadline(rs);
    if (failure.isEmpty() || deadline.isEmpty() || now.isBefore(deadline.get())) {
      return Optional.empty();
    }
    return Optional.of(
        new Failure(
            Reasons.FAILED_CREATE,
            null,
            "pods of revision "
                + ReplicaSets.revision(rs)
                + " could not be created for "
                + readinessTimeout.toSeconds()
                + "s: "
                + failure.get().getMessage(),
            deadline.get()));
  }

  /** When a ReplicaSet that cannot create its pods counts as failed. */
  Optional<Instant> creationDeadline(ReplicaSet rs) {
    return ReplicaSets.replicaFailure(rs)
        .map(
            c ->
                Objects.requireNonNullElse(
                    Timestamps.parse(c.getLastTransitionTime()),
                    Timestamps.parse(rs.getMetadata().getCreationTimestamp())))
        .map(since -> since.plus(readinessTimeout));
  }

  private static int restarts(Pod pod) {
    return statuses(pod).stream()
        .mapToInt(cs -> Objects.requireNonNullElse(cs.getRestartCount(), 0))
        .sum();
  }

  /**
   * When every container had started once: a Ready=False after that means readiness was lost. After
   * a restart the previous instance's start counts (lastState), so a pod that lost readiness when
   * its container crashed is not mistaken for one that was never Ready.
   */
  private static Instant started(Pod pod) {
    Instant latest = null;
    for (ContainerStatus cs :
        pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
            ? List.<ContainerStatus>of()
            : pod.getStatus().getContainerStatuses()) {
      Instant at = firstStart(cs);
      if (at != null && (latest == null || at.isAfter(latest))) {
        latest = at;
      }
    }
    if (latest == null && pod.getStatus() != null) {
      latest = Timestamps.parse(pod.getStatus().getStartTime());
    }
    return latest;
  }

  private static Instant firstStart(ContainerStatus cs) {
    var previous = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
    if (previous != null && Timestamps.parse(previous.getStartedAt()) != null) {
      return Timestamps.parse(previous.getStartedAt());
    }
    var running = cs.getState() == null ? null : cs.getState().getRunning();
    return running == null ? null : Timestamps.parse(running.getStartedAt());
  }

  private static List<ContainerStatus> statuses(Pod pod) {
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus() != null) {
      if (pod.getStatus().getInitContainerStatuses() != null) {
        all.addAll(pod.getStatus().getInitContainerStatuses());
      }
      if (pod.getStatus().getContainerStatuses() != null) {
        all.addAll(pod.getStatus().getContainerStatuses());
      }
    }
    return all;
  }

  static PodCondition condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return null;
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  static boolean isReady(Pod pod) {
    PodCondition ready = condition(pod, "Ready");
    return ready != null && "True".equals(ready.getStatus());
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getName();
  }
}
