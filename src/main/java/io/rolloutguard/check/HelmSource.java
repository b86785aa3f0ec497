package io.rolloutguard.check;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code helm template} names each document's template in a {@code # Source:} comment. */
final class HelmSource {

  private static final Pattern SOURCE = Pattern.compile("(?m)^#\\s*Source:\\s*(\\S.*?)\\s*$");

  private HelmSource() {}

  /** The last such comment between the previous document's end and this one's start, or null. */
  static String before(String text, int from, int to) {
    if (from >= to) {
      return null;
    }
    Matcher m = SOURCE.matcher(text.substring(from, to));
    String found = null;
    while (m.find()) {
      found = m.group(1);
    }
    return found;
  }
}
