package io.rolloutguard.plugin;

import java.util.Map;

/**
 * ANSI colour on a terminal, plain text everywhere else (pipes, files, CI logs), and never when
 * {@code NO_COLOR} is set (no-color.org) or {@code TERM=dumb}.
 */
record Style(boolean colour) {

  static final Style PLAIN = new Style(false);
  static final Style ANSI = new Style(true);

  enum Tone {
    GOOD("32"),
    PENDING("33"),
    BAD("31"),
    PAUSED("36"),
    QUIET("90"),
    BOLD("1");

    private final String code;

    Tone(String code) {
      this.code = code;
    }
  }

  static Style detect(boolean terminal, Map<String, String> env) {
    boolean noColour = env.containsKey("NO_COLOR") || "dumb".equals(env.get("TERM"));
    return terminal && !noColour ? ANSI : PLAIN;
  }

  String paint(Tone tone, String text) {
    return colour && !text.isEmpty() ? "\u001b[" + tone.code + "m" + text + "\u001b[0m" : text;
  }
}
