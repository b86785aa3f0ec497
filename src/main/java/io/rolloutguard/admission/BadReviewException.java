package io.rolloutguard.admission;

/** Input the webhook cannot answer; the endpoint turns it into a one-line JSON error. */
public class BadReviewException extends RuntimeException {
  private final int status;

  public BadReviewException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
