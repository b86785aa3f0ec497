package io.rolloutguard.audit;

import java.util.Locale;

/** A PolicyReport result value; {@code error} is never written, as no rule can fail to run. */
public enum ResultKind {
  PASS,
  SKIP,
  WARN,
  FAIL;

  /** The stronger of the two, for one rule with several findings on one object. */
  ResultKind worst(ResultKind other) {
    return compareTo(other) >= 0 ? this : other;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
