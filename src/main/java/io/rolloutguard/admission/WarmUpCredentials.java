package io.rolloutguard.admission;

import java.util.Optional;

/**
 * The client certificate the warm-up presents when the webhook port requires one (PEM), or none.
 * Made by the TLS feature; wired in by {@code wiring.Producers}.
 */
public record WarmUpCredentials(Optional<String> certificatePem, Optional<String> keyPem) {

  public static final WarmUpCredentials NONE =
      new WarmUpCredentials(Optional.empty(), Optional.empty());
}
