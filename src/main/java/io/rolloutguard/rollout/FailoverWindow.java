package io.rolloutguard.rollout;

import java.time.Duration;
import java.util.Optional;

/**
 * The leader-failover guarantee in numbers. A canary is held only while a leader pauses the
 * Deployment before its first new pod becomes available, which takes at least minReadySeconds after
 * the pod is Ready: RG004's canary floor. A leader that crashes without releasing the lease is
 * replaced after at most {@code leaseDuration + retryPeriod}; the new leader then lists its caches
 * and reconciles, allowed {@link #STARTUP_MARGIN}. A shutdown releases the lease at once.
 */
public record FailoverWindow(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

  /** A new leader's informer sync and first reconcile, measured at 1-2 s on the e2e cluster. */
  public static final Duration STARTUP_MARGIN = Duration.ofSeconds(3);

  /** The longest time no leader watches the canaries after a crash. */
  public Duration worstCaseTakeover() {
    return leaseDuration.plus(retryPeriod).plus(STARTUP_MARGIN);
  }

  /** Why these settings cannot hold a canary with the given floor, or empty when they can. */
  public Optional<String> problem(int canaryFloorSeconds) {
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      return Optional.of(
          "rolloutguard.controller.renew-deadline ("
              + renewDeadline.toSeconds()
              + "s) must be shorter than lease-duration ("
              + leaseDuration.toSeconds()
              + "s)");
    }
    if (retryPeriod.compareTo(renewDeadline) >= 0) {
      return Optional.of(
          "rolloutguard.controller.retry-period ("
              + retryPeriod.toSeconds()
              + "s) must be shorter than renew-deadline ("
              + renewDeadline.toSeconds()
              + "s)");
    }
    if (worstCaseTakeover().toSeconds() > canaryFloorSeconds) {
      return Optional.of(
          "a crashed leader is replaced after up to "
              + worstCaseTakeover().toSeconds()
              + "s (lease-duration + retry-period + "
              + STARTUP_MARGIN.toSeconds()
              + "s start-up), longer than the canary floor of "
              + canaryFloorSeconds
              + "s (rolloutguard.min-ready-seconds.canary-floor): a canary could pass its step"
              + " unwatched; raise the floor or shorten the lease");
    }
    return Optional.empty();
  }
}
