package io.rolloutguard.rollout;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import io.rolloutguard.cluster.ControllerLease;
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

  public static final String LEASE = ControllerLease.NAME;

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
                leaderElection(
                    config.namespace(),
                    window,
                    // Besides the SDK's own: the leader-only background audit starts here.
                    new LeaderCallbacks(leadership::started, leadership::stopped, id -> {})))
            .withStopOnInformerErrorDuringStartup(false);
  }

  /**
   * {@code exitOnStopLeading} is false: JOSDK would {@code System.exit} from the elector, also when
   * our own shutdown stops it, and block the shutdown for good. {@link Leadership} exits instead
   * when the lease is lost while running.
   */
  static LeaderElectionConfiguration leaderElection(
      String namespace, FailoverWindow window, LeaderCallbacks callbacks) {
    return new LeaderElectionConfiguration(
        LEASE,
        namespace,
        window.leaseDuration(),
        window.renewDeadline(),
        window.retryPeriod(),
        ControllerLease.identity(),
        callbacks,
        false);
  }
}
