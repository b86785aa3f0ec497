package io.rolloutguard.rollout;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import io.rolloutguard.cluster.Leadership;
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

  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(OperatorSettings.class);

  private final RolloutGuardConfig config;
  private final Leadership leadership;

  public OperatorSettings(RolloutGuardConfig config, Leadership leadership) {
    this.config = config;
    this.leadership = leadership;
  }

  @Override
  public Consumer<ConfigurationServiceOverrider> overrider() {
    var c = config.controller();
    FailoverWindow window =
        new FailoverWindow(c.leaseDuration(), c.renewDeadline(), c.retryPeriod());
    window
        .problem(config.minReadySeconds().canaryFloor())
        .ifPresent(problem -> LOG.warnf("leader election: %s", problem));
    return o ->
        o.withLeaderElectionConfiguration(
                LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE)
                    .withLeaseNamespace(config.namespace())
                    .withIdentity(IDENTITY)
                    .withLeaseDuration(c.leaseDuration())
                    .withRenewDeadline(c.renewDeadline())
                    .withRetryPeriod(c.retryPeriod())
                    // Called besides the SDK's own: the leader-only background audit starts here.
                    .withLeaderCallbacks(
                        new LeaderCallbacks(leadership::started, leadership::stopped, id -> {}))
                    .build())
            .withStopOnInformerErrorDuringStartup(false);
  }
}
