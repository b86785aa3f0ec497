package io.rolloutguard.rollout;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Kubernetes timestamps are RFC 3339 strings in the model classes. Public for the kubectl plugin,
 * which reads the same status timestamps.
 */
public final class Timestamps {

  private Timestamps() {}

  /** The instant, or null when the value is missing or not a timestamp. */
  public static Instant parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  public static String format(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
