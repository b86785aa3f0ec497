package io.rolloutguard.plugin;

import io.rolloutguard.rollout.Timestamps;
import java.time.Duration;
import java.time.Instant;

/** Durations the way kubectl prints ages (k8s.io/apimachinery HumanDuration). */
final class Ages {

  private Ages() {}

  /** The age of {@code timestamp} at {@code now}, or {@code <unknown>}. */
  static String since(String timestamp, Instant now) {
    Instant at = Timestamps.parse(timestamp);
    return at == null ? "<unknown>" : human(Duration.between(at, now));
  }

  static String human(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    if (seconds < 120) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 180) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (days < 8) {
      long h = hours % 24;
      return h == 0 ? days + "d" : days + "d" + h + "h";
    }
    if (days < 365 * 2) {
      return days + "d";
    }
    return days / 365 + "y";
  }
}
