package io.rolloutguard.policy;

/** An image string that the distribution reference grammar rejects; the message says why. */
public class InvalidImageReferenceException extends IllegalArgumentException {
  public InvalidImageReferenceException(String message) {
    super(message);
  }
}
