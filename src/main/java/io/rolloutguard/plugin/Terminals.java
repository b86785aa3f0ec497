package io.rolloutguard.plugin;

import java.io.Console;

/** Whether standard output is a terminal, on every JDK from 17. */
final class Terminals {

  private Terminals() {}

  static boolean stdoutIsTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // JDK 22+ returns a Console even when redirected; isTerminal() then tells.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // before JDK 22 there is a Console only when stdin and stdout are terminals
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
