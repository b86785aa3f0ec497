package io.rolloutguard.cluster;

import java.util.Objects;
import java.util.UUID;

/**
 * The lease that elects the one replica that reconciles: its name, and this replica's identity in
 * it. Owned here, below the controller, because start-up and shutdown hand it over too.
 */
public final class ControllerLease {

  public static final String NAME = "rollout-guard-controller";

  private static volatile String identity;

  private ControllerLease() {}

  /**
   * The pod name, as Kubernetes sets HOSTNAME, or a random name outside a pod. Computed on first
   * use, not in a static initialiser, which a native image would run once at build time.
   */
  public static String identity() {
    String id = identity;
    if (id == null) {
      synchronized (ControllerLease.class) {
        if (identity == null) {
          identity =
              Objects.requireNonNullElseGet(
                  System.getenv("HOSTNAME"), () -> UUID.randomUUID().toString());
        }
        id = identity;
      }
    }
    return id;
  }
}
