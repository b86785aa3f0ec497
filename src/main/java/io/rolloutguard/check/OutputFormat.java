package io.rolloutguard.check;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The report formats of {@code --output}. */
public enum OutputFormat {
  TEXT,
  JSON,
  SARIF,
  JUNIT;

  static OutputFormat parse(String value) {
    try {
      return valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CheckException(
          "--output must be one of "
              + Arrays.stream(values())
                  .map(f -> f.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", "))
              + ", got \""
              + value
              + "\"");
    }
  }
}
