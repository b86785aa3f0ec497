package io.rolloutguard.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in the Kubernetes (Go) style: {@code 30s}, {@code 2m}, {@code 1h30m}, {@code 500ms}.
 */
public final class KubeDuration {

  public static final String PATTERN = "^([0-9]+(ms|s|m|h))+$";

  /**
   * Checked before the regex, whose group loop recurses once per part: a 200 KB "1s1s..." in a
   * tenant's RolloutPolicy overflowed the stack. The longest sane duration is far shorter.
   */
  static final int LENGTH_MAX = 64;

  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h)");

  private KubeDuration() {}

  public static Duration parse(String value) {
    if (value != null && value.length() > LENGTH_MAX) {
      throw new IllegalArgumentException(
          "duration is " + value.length() + " characters, more than " + LENGTH_MAX);
    }
    if (value == null || !value.matches(PATTERN)) {
      throw new IllegalArgumentException(
          "duration \"" + value + "\" is invalid: use for example 30s, 2m, 1h30m or 500ms");
    }
    try {
      return sum(value);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration \"" + value + "\" is too long a time");
    }
  }

  private static Duration sum(String value) {
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(value);
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
              });
    }
    return total;
  }
}
