package io.rolloutguard.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rolloutguard.config.RolloutGuardConfig;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.PolicyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Connects to the cluster at start-up when {@code rolloutguard.controller.enabled} says so, and
 * starts the rollout controller only in a role that controls ({@code rolloutguard.role}): an
 * admission pod only reads its caches. The operator SDK's own start is fixed at build time, so the
 * switches live here, at run time.
 */
@ApplicationScoped
public class ClusterLifecycle {

  private final ClusterCache cache;
  private final WorkloadCache view;
  private final RolloutGuardConfig config;
  private static final Logger LOG = Logger.getLogger(ClusterLifecycle.class);

  private final Instance<KubernetesClient> client;
  private final Instance<Operator> operator;
  private final Optional<String> apiServerUrl;
  private final Leadership leadership;
  private volatile boolean connected;
  private volatile boolean operatorStarted;

  public ClusterLifecycle(
      RolloutGuardConfig config,
      ClusterCache cache,
      Instance<KubernetesClient> client,
      Instance<Operator> operator,
      @ConfigProperty(name = "quarkus.kubernetes-client.api-server-url")
          Optional<String> apiServerUrl,
      Leadership leadership,
      PolicyConfig policy) {
    this.config = config;
    this.cache = cache;
    this.view = new WorkloadCache(cache, policy.trust());
    this.client = client;
    this.operator = operator;
    this.apiServerUrl = apiServerUrl;
    this.leadership = leadership;
  }

  void onStart(@Observes StartupEvent event) {
    connected =
        ClusterDetector.enabled(
            config.controller().enabled(),
            System.getenv(),
            apiServerUrl,
            Path.of(System.getProperty("user.home", "/")));
    if (connected) {
      // Before the operator: its event sources read these informers.
      cache.start(client.get());
      view.watchChanges();
      LOG.infof("cluster cache started (role %s)", config.role().label());
      if (config.role().controls()) {
        startOperator();
      } else {
        LOG.info("admission role: no rollout controller, no leader election");
      }
    } else {
      LOG.info("no cluster configured: RG002 selector overlap checks are skipped");
    }
  }

  /** Off the start-up thread: with leader election only the leader's controller reconciles. */
  private void startOperator() {
    operatorStarted = true;
    Thread starter =
        new Thread(
            () -> {
              try {
                operator.get().start();
                LOG.info("rollout controller started (it reconciles while this replica leads)");
              } catch (RuntimeException e) {
                LOG.errorf("rollout controller did not start: %s", e.getMessage());
              }
            },
            "rollout-guard-operator-start");
    starter.setDaemon(true);
    starter.start();
  }

  /** Stops reconciling and hands the lease over at once, so another replica leads. */
  void onStop(@Observes ShutdownEvent event) {
    if (!connected) {
      return;
    }
    if (operatorStarted) {
      stopOperator();
    }
    cache.stop(); // after the operator, whose event sources read it
  }

  private void stopOperator() {
    leadership.shuttingDown();
    try {
      operator.get().stop();
      if (LeaseRelease.release(
          client.get(), config.namespace(), ControllerLease.NAME, ControllerLease.identity())) {
        LOG.info("released the controller lease");
      }
    } catch (RuntimeException e) {
      LOG.warnf(
          "could not release the controller lease (it expires by itself): %s", e.getMessage());
    }
  }

  public boolean connected() {
    return connected;
  }

  /** True once this process started the rollout controller (it reconciles while it leads). */
  public boolean operatorStarted() {
    return operatorStarted;
  }

  @Produces
  @Singleton
  ClusterFacts clusterFacts() {
    return view;
  }

  /** The background audit reads the same caches. */
  @Produces
  @Singleton
  AuditSource auditSource() {
    return view;
  }
}
