package io.rolloutguard.policy;

import java.util.Locale;

/** How strictly a rule applies, from weakest to strongest. */
public enum Mode {
  OFF,
  AUDIT,
  WARN,
  ENFORCE;

  /** The weaker of the two: a check capped at WARN never denies, even when its rule enforces. */
  public Mode cappedAt(Mode cap) {
    return compareTo(cap) <= 0 ? this : cap;
  }

  public static Mode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "mode \"" + value + "\" is not one of enforce, warn, audit, off");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
