package io.rolloutguard.rollout;

import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import io.rolloutguard.config.RolloutGuardConfig;
import jakarta.inject.Singleton;
import java.util.function.Consumer;

/**
 * Leader election on: every replica serves admission, one reconciles. A missing CRD must not stop
 * the webhook either, so informer errors at start-up do not stop the app.
 */
@Singleton
public class OperatorSettings implements ConfigurationServiceCustomizer {

  public static final String LEASE = "rollout-guard-controller";

  /** This replica's name in the lease: the pod name, as Kubernetes sets HOSTNAME. */
  public static final String IDENTITY =
      java.util.Objects.requireNonNullElseGet(
          System.getenv("HOSTNAME"), () -> java.util.UUID.randomUUID().toString());

  private final RolloutGuardConfig config;

  public OperatorSettings(RolloutGuardConfig config) {
    this.config = config;
  }

  @Override
  public Consumer<ConfigurationServiceOverrider> overrider() {
    return o ->
        o.withLeaderElectionConfiguration(
                LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE)
                    .withLeaseNamespace(config.namespace())
                    .withIdentity(IDENTITY)
                    .build())
            .withStopOnInformerErrorDuringStartup(false);
  }
}
