package io.rolloutguard.policy;

/** A mutation a rule made, described for the user as a warning. */
public record Change(RuleId rule, String field, String message) {

  public String describe() {
    return "[" + rule.name() + "] " + field + ": " + message;
  }
}
