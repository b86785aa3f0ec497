package io.rolloutguard.plugin;

/** A one-line error for the user, with the exit status it ends the command with. */
final class PluginException extends RuntimeException {

  private final int exitCode;

  PluginException(String message) {
    this(message, PluginCommand.BAD_INPUT);
  }

  PluginException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
