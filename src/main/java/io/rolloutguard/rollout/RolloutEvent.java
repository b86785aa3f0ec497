package io.rolloutguard.rollout;

/**
 * An event to emit on both the RolloutPolicy and its Deployment.
 *
 * @param once a repeat of the same event is the same occurrence seen again (not counted twice)
 */
public record RolloutEvent(boolean warning, String reason, String message, boolean once) {

  static RolloutEvent normal(String reason, String message) {
    return new RolloutEvent(false, reason, message, false);
  }

  static RolloutEvent warning(String reason, String message) {
    return new RolloutEvent(true, reason, message, false);
  }

  static RolloutEvent warningOnce(String reason, String message) {
    return new RolloutEvent(true, reason, message, true);
  }
}
