package io.rolloutguard.policy;

/** Who wrote the object under review, as far as the engine may trust it. */
public enum Origin {
  /** Anyone but a trusted controller: every rule applies in its configured mode. */
  TENANT,
  /**
   * A built-in controller or a configured operator creating the children of an owner that was
   * admitted already: denying them cannot fix the owner and would stop it, so denials only warn.
   */
  TRUSTED_CONTROLLER
}
