package io.rolloutguard.policy;

/**
 * One thing wrong with an object.
 *
 * @param field the Kubernetes field path, for example {@code spec.template.spec.containers[0]}
 * @param message what to change, written for the person who applied the object
 * @param cap the strongest outcome this check may have; a warning-only check is capped at WARN
 */
public record Violation(RuleId rule, String field, String message, Mode cap) {

  public static Violation deny(RuleId rule, String field, String message) {
    return new Violation(rule, field, message, Mode.ENFORCE);
  }

  public static Violation warn(RuleId rule, String field, String message) {
    return new Violation(rule, field, message, Mode.WARN);
  }

  /** For example {@code [RG002] spec.selector: ...}. */
  public String describe() {
    return "[" + rule.name() + "] " + field + ": " + message;
  }
}
