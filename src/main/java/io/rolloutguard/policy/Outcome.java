package io.rolloutguard.policy;

/** What a violation does to the request once its rule's mode and the exemptions are applied. */
public enum Outcome {
  DENY,
  WARN,
  AUDIT;

  static Outcome of(Mode mode) {
    return switch (mode) {
      case ENFORCE -> DENY;
      case WARN -> WARN;
      case AUDIT -> AUDIT;
      case OFF -> throw new IllegalArgumentException("a rule that is off has no outcome");
    };
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
