package io.rolloutguard.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads the TLS Secret without ever writing it: how an admission-only process gets its certificate.
 * The controller creates the Secret, so at first start admission waits for it (with {@code get}
 * only, which RBAC grants by name).
 */
final class TlsSecretReader {

  private static final Logger LOG = Logger.getLogger(TlsSecretReader.class);
  private static final Duration POLL = Duration.ofSeconds(1);

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  TlsSecretReader(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  /** The Secret's certificate and key, or empty while it is missing or incomplete. */
  Optional<TlsMaterial> read() {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    return secret == null ? Optional.empty() : TlsMaterial.fromSecretData(secret.getData());
  }

  /** Blocks until the Secret holds a certificate; fails start-up after {@code limit}. */
  TlsMaterial await(Duration limit, Clock clock) {
    Instant deadline = clock.instant().plus(limit);
    boolean logged = false;
    while (true) {
      Optional<TlsMaterial> material = readQuietly();
      if (material.isPresent()) {
        return material.get();
      }
      if (clock.instant().isAfter(deadline)) {
        throw new IllegalStateException(
            "Secret " + namespace + "/" + name + " holds no certificate after " + limit);
      }
      if (!logged) {
        LOG.infof(
            "waiting for Secret %s/%s: the controller role creates it (admission only reads it)",
            namespace, name);
        logged = true;
      }
      pause();
    }
  }

  /** An API server that is not reachable yet is waited for like a Secret that is not there. */
  private Optional<TlsMaterial> readQuietly() {
    try {
      return read();
    } catch (RuntimeException e) {
      LOG.debugf("reading Secret %s/%s failed, retrying: %s", namespace, name, e.getMessage());
      return Optional.empty();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the TLS Secret", e);
    }
  }
}
