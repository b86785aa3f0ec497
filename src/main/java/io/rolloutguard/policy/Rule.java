package io.rolloutguard.policy;

/** A rule, mutating or validating: it says what it covers. */
public interface Rule {

  /** What the rule covers; everything that lists kinds or rules derives from these. */
  RuleSpec spec();

  default RuleId id() {
    return spec().id();
  }
}
