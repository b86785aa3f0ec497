package io.rolloutguard.check;

import io.rolloutguard.policy.RuleId;
import java.util.Locale;

/**
 * One finding on one object, as every output format reports it.
 *
 * @param field the Kubernetes field path the rule named
 * @param line 1-based line of that field, or of the nearest enclosing one that exists
 */
public record Issue(RuleId rule, String field, String message, Severity severity, int line) {

  /** What admission would do about it. */
  public enum Severity {
    /** The validating webhook denies the object. */
    DENY,
    /** Allowed; kubectl prints a warning. */
    WARN,
    /** Allowed; recorded in the audit log. */
    AUDIT,
    /** The mutating webhook changes the object; {@code --fix} writes the change. */
    MUTATE;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** For example {@code [RG001] spec.template.spec.containers[0].imagePullPolicy: ...}. */
  public String describe() {
    return "[" + rule.name() + "] " + field + ": " + message;
  }
}
