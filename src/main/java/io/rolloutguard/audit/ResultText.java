package io.rolloutguard.audit;

/**
 * What a result's text may hold. Tenants control the names, images and labels that end up in
 * messages, so every string a result carries is bounded in length (a report's size must not be
 * theirs to decide) and has its control characters escaped (a newline or an ANSI escape would
 * otherwise reach a terminal through {@code kubectl get -o yaml} or a log line as if it were ours).
 */
final class ResultText {

  /** Per message or property value: several findings of one rule still fit. */
  static final int MAX_CHARS = 1_000;

  private ResultText() {}

  /**
   * Escaped first, so the limit holds for what is written; the cut says how much went, in
   * characters of the escaped text.
   */
  static String bounded(String text) {
    if (text == null) {
      return null;
    }
    String escaped = escape(text);
    if (escaped.length() <= MAX_CHARS) {
      return escaped;
    }
    int keep = MAX_CHARS;
    if (Character.isHighSurrogate(escaped.charAt(keep - 1))) {
      keep--; // never half a character
    }
    return escaped.substring(0, keep) + "… (" + (escaped.length() - keep) + " more characters)";
  }

  /** Control characters (C0, DEL, C1) and line and paragraph separators, as {@code \}-escapes. */
  static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = replacement(c);
      if (replacement != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (replacement != null) {
          out.append(replacement);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  private static String replacement(char c) {
    return switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default ->
          Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
              ? String.format("\\u%04x", (int) c)
              : null;
    };
  }
}
