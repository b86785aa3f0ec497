package io.rolloutguard.policy;

/**
 * An object that cannot be read as its kind: a field of the wrong type, say. Its message is one
 * line a user can read; the webhook answers it with a 400, {@code check} reports it per document.
 */
public final class InvalidObjectException extends RuntimeException {

  public InvalidObjectException(String message) {
    super(message);
  }
}
