package io.rolloutguard.rollout;

import io.rolloutguard.api.RolloutPolicy;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The promote and abort annotations on the policy, and what one pass made of them: acted on,
 * answered as ignored, or (an abort) kept until its intent is observed. Only what was acted on or
 * answered is removed. The retry annotation is not here: it goes on the Deployment, and admission
 * (RG005) consumes it.
 */
final class AnnotationRequests {

  /** A note from an earlier ignored annotation, replaced rather than appended to. */
  private static final Pattern IGNORED_NOTE =
      Pattern.compile("(; )?(promote and abort|promote|abort) annotation ignored: .*$");

  final boolean promote;
  final boolean abort;
  private boolean settled;
  private boolean abortKept;

  AnnotationRequests(Map<String, String> annotations) {
    this.promote = flag(annotations, RolloutPolicy.PROMOTE_ANNOTATION);
    this.abort = flag(annotations, RolloutPolicy.ABORT_ANNOTATION);
  }

  /** The requests took effect (or were answered): they may be removed. */
  void settle() {
    settled = true;
  }

  /**
   * The abort took effect, but only as an intent in the status being written: it stays until a
   * later reconcile observes that intent, so a lost status write cannot lose the abort.
   */
  void keepAbort() {
    abortKept = true;
  }

  /**
   * A request this state cannot act on is still consumed, but never silently: returns the note for
   * the status message and an event, or empty when nothing is left to answer.
   */
  Optional<String> ignore(String why) {
    boolean abortOpen = abort && !abortKept;
    if (settled || !(promote || abortOpen)) {
      return Optional.empty();
    }
    settled = true;
    String which = promote && abortOpen ? "promote and abort" : abortOpen ? "abort" : "promote";
    return Optional.of(which + " annotation ignored: " + why);
  }

  /** {@code message} with {@code note} in place of any earlier one. */
  static String noted(String message, String note) {
    String base = message == null ? "" : IGNORED_NOTE.matcher(message).replaceAll("");
    return base.isEmpty() ? note : base + "; " + note;
  }

  boolean consumePromote() {
    return settled && promote;
  }

  boolean consumeAbort() {
    return settled && abort && !abortKept;
  }

  private static boolean flag(Map<String, String> annotations, String key) {
    return annotations != null && "true".equalsIgnoreCase(annotations.get(key));
  }
}
