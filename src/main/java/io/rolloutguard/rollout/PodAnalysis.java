package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.rolloutguard.api.Analysis;
import io.rolloutguard.api.KubeDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Judges the new revision's pods by every failure signal in DESIGN.md, and says when the next
 * time-based judgement is due, so the reconciler can wake up exactly then.
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
    if (since != null && started != null && since.isAfter(started)) {
      // Ready once, then not: the kubia v3 case.
      Instant deadline = since.plus(notReadyTolerance);
      if (!now.isBefore(deadline)) {
        long seconds = Duration.between(since, now).toSeconds();
        return new Readiness(
            new Failure(
                Reasons.NOT_READY,
                name(pod),
                "readiness probe failed for " + seconds + "s on " + name(pod),
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

  /** When the pod's containers last started; a Ready=False after that means readiness was lost. */
  private static Instant started(Pod pod) {
    Instant latest = null;
    for (ContainerStatus cs :
        pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
            ? List.<ContainerStatus>of()
            : pod.getStatus().getContainerStatuses()) {
      var running = cs.getState() == null ? null : cs.getState().getRunning();
      Instant at = running == null ? null : Timestamps.parse(running.getStartedAt());
      if (at != null && (latest == null || at.isAfter(latest))) {
        latest = at;
      }
    }
    if (latest == null && pod.getStatus() != null) {
      latest = Timestamps.parse(pod.getStatus().getStartTime());
    }
    return latest;
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
