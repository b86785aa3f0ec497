package io.rolloutguard.config;

/**
 * What one process of the image does ({@code rolloutguard.role}). The manifests run admission and
 * controller in separate pods, so the network-exposed pods hold read-only RBAC; one process can
 * still do both, which is the default when the jar is run by hand.
 */
public enum Role {
  /** Serves the webhooks from its caches and writes nothing to the cluster. */
  ADMISSION,
  /** Reconciles while it leads, audits, and owns self-managed TLS; serves no webhook. */
  CONTROLLER,
  /** Both in one process. */
  ALL;

  /** As written in {@code rolloutguard.role}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Serves the webhooks (and warms them up before it reports ready). */
  public boolean admits() {
    return this != CONTROLLER;
  }

  /** Writes: reconciles, audits, creates and renews the TLS Secret, patches caBundle. */
  public boolean controls() {
    return this != ADMISSION;
  }
}
