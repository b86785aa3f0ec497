package io.rolloutguard.check;

/** Bad input or usage: one line for the user, exit code 2, never a stack trace. */
public class CheckException extends RuntimeException {

  public CheckException(String message) {
    super(message, null, false, false);
  }
}
