package io.rolloutguard.rollout;

import java.time.Instant;

/**
 * Why the new revision failed.
 *
 * @param since when the failure became decidable from what the API shows: the reaction time of a
 *     rollback is measured from here
 */
public record Failure(String reason, String pod, String message, Instant since) {

  /** The abort annotation, observed at {@code now}. */
  static Failure aborted(Instant now) {
    return new Failure(Reasons.ABORTED, null, "aborted by the abort annotation", now);
  }
}
