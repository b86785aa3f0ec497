package io.rolloutguard.rollout;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Kubernetes timestamps are RFC 3339 strings in the model classes. */
final class Timestamps {

  private Timestamps() {}

  static Instant parse(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String format(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
