package io.rolloutguard.celpolicy;

import java.util.Collection;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** CEL literals from configuration values, escaped so no value can change an expression. */
final class Cel {

  /** Java regex constructs RE2 (CEL's regex engine) rejects or reads differently. */
  private static final Pattern JAVA_ONLY =
      Pattern.compile(
          "\\(\\?[=!>]|\\(\\?<[=!]|\\\\[1-9]|\\\\k<|[*+?}][+]|\\\\p\\{(?:java|Is)|\\\\[GZRXhHvV]");

  private Cel() {}

  static String string(String value) {
    StringBuilder out = new StringBuilder("'");
    for (char ch : value.toCharArray()) {
      switch (ch) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (ch < 0x20) {
            out.append(String.format("\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('\'').toString();
  }

  static String strings(Collection<String> values) {
    return values.stream().sorted().map(Cel::string).collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * {@code subject} matches the whole of a Java regex from configuration, as {@code
   * Matcher.matches} does. Refuses the Java-only syntax RE2 lacks, so CEL never silently differs.
   */
  static String wholeMatch(String subject, Pattern pattern, String property) {
    String regex = pattern.pattern();
    if (JAVA_ONLY.matcher(regex).find()) {
      throw new IllegalArgumentException(
          property
              + ": \""
              + regex
              + "\" uses regex syntax that CEL's RE2 lacks (lookaround, backreferences,"
              + " possessive quantifiers); rewrite it or keep rolloutguard.cel.enabled=false");
    }
    return subject + ".matches(" + string("^(?:" + regex + ")$") + ")";
  }
}
