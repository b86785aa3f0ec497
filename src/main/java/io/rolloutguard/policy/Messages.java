package io.rolloutguard.policy;

import com.fasterxml.jackson.core.JsonProcessingException;

/** Turns library exceptions into one line a user can read, with no stack trace. */
public final class Messages {

  private static final int MAX = 300;

  private Messages() {}

  public static String firstLine(Exception e) {
    String message =
        e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    String line = message.lines().findFirst().orElse("").strip();
    return line.length() > MAX ? line.substring(0, MAX) + "..." : line;
  }
}
