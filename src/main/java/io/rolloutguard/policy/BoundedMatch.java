package io.rolloutguard.policy;

import java.util.regex.Pattern;

/**
 * Whole-string matching of a configured regex (a mutable-tag pattern, an exempt-image glob) with a
 * cap on the characters it reads. The pattern comes from the platform team but the input from a
 * tenant, and one careless pattern such as {@code (a+)+b} backtracks exponentially on a
 * 30-character tag; java.util.regex has no timeout, so the input counts its own reads and stops the
 * match.
 */
public final class BoundedMatch {

  /** Far above what a sane pattern reads on a 520-character reference; a few ms of work. */
  static final long READS_MAX = 1_000_000;

  private BoundedMatch() {}

  public static boolean matches(Pattern pattern, String input) {
    try {
      return pattern.matcher(new Counted(input)).matches();
    } catch (TooMuchWork e) {
      throw new IllegalStateException(
          "configured regex \""
              + pattern.pattern()
              + "\" gave up after "
              + READS_MAX
              + " steps on a "
              + input.length()
              + "-character input: it backtracks too much; rewrite it");
    }
  }

  private static final class TooMuchWork extends RuntimeException {
    TooMuchWork() {
      super(null, null, false, false);
    }
  }

  private static final class Counted implements CharSequence {
    private final String text;
    private long reads;

    Counted(String text) {
      this.text = text;
    }

    @Override
    public char charAt(int index) {
      if (++reads > READS_MAX) {
        throw new TooMuchWork();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
