package io.rolloutguard.rollout;

/** An event to emit on both the RolloutPolicy and its Deployment. */
public record RolloutEvent(boolean warning, String reason, String message) {

  static RolloutEvent normal(String reason, String message) {
    return new RolloutEvent(false, reason, message);
  }

  static RolloutEvent warning(String reason, String message) {
    return new RolloutEvent(true, reason, message);
  }
}
