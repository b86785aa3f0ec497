package io.rolloutguard.tls;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.CertificateUpdatedEvent;
import io.quarkus.tls.TlsConfigurationRegistry;
import io.rolloutguard.config.RolloutGuardConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Self-managed webhook TLS, with no cert-manager. At start-up (before the HTTPS server starts) a
 * process that controls ({@code rolloutguard.role} controller or all) ensures the CA and serving
 * certificate in a Secret, writes the CA into both webhook configurations and renews well before
 * expiry; an admission-only process waits for that Secret and never writes it or the
 * configurations. Both register the certificate as an in-memory TLS configuration, watch the Secret
 * and swap the certificate live. Writers use optimistic concurrency, so all controller replicas
 * converge on one Secret.
 */
@ApplicationScoped
public class SelfManagedTls {

  private static final Logger LOG = Logger.getLogger(SelfManagedTls.class);

  private final RolloutGuardConfig config;
  private final Instance<KubernetesClient> clients;
  private final TlsConfigurationRegistry registry;
  private final Event<CertificateUpdatedEvent> updates;
  private final List<String> protocols;
  private final List<String> cipherSuites;
  private final Clock clock = Clock.systemUTC();
  private ScheduledExecutorService timer;
  private Watch watch;
  private InMemoryTlsConfiguration tls;
  private volatile String servedCertificate;
  private boolean owner;

  public SelfManagedTls(
      RolloutGuardConfig config,
      Instance<KubernetesClient> clients,
      TlsConfigurationRegistry registry,
      Event<CertificateUpdatedEvent> updates,
      // The policy set for certificate files (application.properties) holds here too.
      @ConfigProperty(name = "quarkus.http.ssl.protocols") List<String> protocols,
      @ConfigProperty(name = "quarkus.http.ssl.cipher-suites")
          Optional<List<String>> cipherSuites) {
    this.config = config;
    this.clients = clients;
    this.registry = registry;
    this.updates = updates;
    this.protocols = protocols;
    this.cipherSuites = cipherSuites.orElse(List.of());
  }

  /** Runs before the HTTP server starts, which looks the TLS configuration up by name. */
  void onStart(@Observes @Priority(10) StartupEvent event) {
    if (!config.tls().selfManaged()) {
      return;
    }
    owner = config.role().controls();
    TlsMaterial material = owner ? ensure() : reader().await(config.tls().secretWait(), clock);
    tls = new InMemoryTlsConfiguration(material, protocols, cipherSuites);
    servedCertificate = material.cert();
    registry.register(config.tls().configurationName(), tls);
    if (owner) {
      new CaBundles(clients.get(), config.tls().webhookConfiguration())
          .ensure(material.caBundle(clock.instant()));
    }
    watch =
        client()
            .secrets()
            .inNamespace(config.namespace())
            .withName(config.tls().secret())
            .watch(new SecretWatcher());
    timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "rollout-guard-tls"));
    long period = config.tls().checkPeriod().toMillis();
    timer.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
    LOG.infof(
        "self-managed TLS: %s the certificate in Secret %s/%s for %s",
        owner ? "keeping" : "reading (never writing)",
        config.namespace(),
        config.tls().secret(),
        dnsNames().get(2));
  }

  void onStop(@Observes ShutdownEvent event) {
    if (timer != null) {
      timer.shutdownNow();
    }
    if (watch != null) {
      watch.close();
    }
  }

  /**
   * Renews when due and repairs caBundle drift, on a timer; an admission-only process only reloads
   * what the Secret holds, in case a watch event was missed.
   */
  void check() {
    if (!owner) {
      reload();
      return;
    }
    try {
      TlsMaterial material = ensure();
      apply(material);
      new CaBundles(client(), config.tls().webhookConfiguration())
          .ensure(material.caBundle(clock.instant()));
    } catch (RuntimeException e) {
      LOG.warnf("self-managed TLS check failed, will retry: %s", e.getMessage());
    }
  }

  private void reload() {
    try {
      reader().read().ifPresent(this::apply);
    } catch (RuntimeException e) {
      LOG.warnf("reading the TLS Secret failed, will retry: %s", e.getMessage());
    }
  }

  private TlsSecretReader reader() {
    return new TlsSecretReader(client(), config.namespace(), config.tls().secret());
  }

  /** Reads the Secret, and creates or renews it when the plan says so. */
  TlsMaterial ensure() {
    var secrets = client().secrets().inNamespace(config.namespace());
    for (int attempt = 0; attempt < 5; attempt++) {
      Secret current = secrets.withName(config.tls().secret()).get();
      Optional<TlsMaterial> existing =
          current == null ? Optional.empty() : TlsMaterial.fromSecretData(current.getData());
      Optional<TlsMaterial> next = CertificateRotation.plan(existing, settings(), clock.instant());
      if (next.isEmpty()) {
        return existing.orElseThrow();
      }
      try {
        Secret desired = secret(next.get(), current);
        if (current == null) {
          secrets.resource(desired).create();
          LOG.infof("created CA and serving certificate in Secret %s", config.tls().secret());
        } else {
          secrets.resource(desired).update(); // carries resourceVersion: conflicts are detected
          LOG.infof("renewed the serving certificate in Secret %s", config.tls().secret());
        }
        return next.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        // Another replica wrote first: read what it wrote and use that.
      }
    }
    throw new IllegalStateException("could not settle Secret " + config.tls().secret());
  }

  /** Swaps the served certificate when the Secret holds a different one. */
  private synchronized void apply(TlsMaterial material) {
    if (tls == null || material.cert().equals(servedCertificate)) {
      return;
    }
    tls.update(material);
    servedCertificate = material.cert();
    updates.fire(new CertificateUpdatedEvent(config.tls().configurationName(), tls));
    LOG.infof(
        "now serving certificate %s",
        Pem.certificate(material.cert()).getSerialNumber().toString(16));
  }

  private Secret secret(TlsMaterial material, Secret current) {
    SecretBuilder builder =
        current == null
            ? new SecretBuilder()
                .withNewMetadata()
                .withName(config.tls().secret())
                .withNamespace(config.namespace())
                .addToLabels("app.kubernetes.io/name", "rollout-guard")
                .endMetadata()
            : new SecretBuilder(current);
    return builder.withType("kubernetes.io/tls").withData(material.toSecretData()).build();
  }

  private CertificateRotation.Settings settings() {
    return new CertificateRotation.Settings(
        dnsNames(), config.tls().caValidity(), config.tls().servingValidity());
  }

  /** The names the API server uses for a Service reference, short to fully qualified. */
  List<String> dnsNames() {
    String svc = config.tls().service();
    String ns = config.namespace();
    return List.of(
        svc, svc + "." + ns, svc + "." + ns + ".svc", svc + "." + ns + ".svc.cluster.local");
  }

  private KubernetesClient client() {
    return clients.get();
  }

  private final class SecretWatcher implements Watcher<Secret> {
    @Override
    public void eventReceived(Action action, Secret secret) {
      if (action == Action.ADDED || action == Action.MODIFIED) {
        TlsMaterial.fromSecretData(secret.getData()).ifPresent(SelfManagedTls.this::apply);
      } else if (action == Action.DELETED && owner) {
        check(); // recreate it at once rather than at the next timer tick
      } else if (action == Action.DELETED) {
        LOG.warn(
            "TLS Secret deleted: serving the last certificate until the controller recreates it");
      }
    }

    @Override
    public void onClose(WatcherException cause) {
      LOG.warnf(
          "Secret watch closed (%s); the periodic check still renews and reloads",
          cause.getMessage());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
