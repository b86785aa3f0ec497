package io.rolloutguard.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rolloutguard.cluster.Leadership;
import io.rolloutguard.config.RolloutGuardConfig;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.PolicyEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The leader's background audit: every covered object in the informer caches, evaluated by the
 * webhooks' engine (ReportBuilder), written as PolicyReports (ReportWriter). A full audit when this
 * replica starts leading and every {@code rolloutguard.audit.period}; in between, a change audits
 * its namespace again after {@code rolloutguard.audit.debounce}. One thread of its own does all of
 * it, so audits never overlap and never hold up admission or the controller.
 */
@ApplicationScoped
public class BackgroundAudit {

  private static final Logger LOG = Logger.getLogger(BackgroundAudit.class);
  private static final Duration SYNC_WAIT = Duration.ofSeconds(1);
  private static final Duration RETRY = Duration.ofSeconds(30);

  /** Room for the report's metadata and at least one object's results. */
  static final int MIN_REPORT_BYTES = 16_384;

  private final RolloutGuardConfig.Audit settings;
  private final Leadership leadership;
  private final Instance<KubernetesClient> client;
  private final Instance<AuditSource> source;
  private final ClusterFacts cluster;
  private final ReportBuilder builder;
  private final AuditMetrics metrics;
  private final WriteLimiter limiter;

  private final Set<String> dirty = new HashSet<>();
  private boolean pending;
  private ScheduledExecutorService executor;
  private ReportWriter writer;
  private String lastError;
  private boolean retryScheduled;

  public BackgroundAudit(
      RolloutGuardConfig config,
      Leadership leadership,
      Instance<KubernetesClient> client,
      Instance<AuditSource> source,
      ClusterFacts cluster,
      PolicyEngine engine,
      ObjectMapper mapper,
      MeterRegistry registry) {
    this.settings = config.audit();
    problem(settings)
        .ifPresent(
            p -> {
              throw new IllegalArgumentException(p);
            });
    this.limiter = new WriteLimiter(settings.writesPerSecond());
    this.leadership = leadership;
    this.client = client;
    this.source = source;
    this.cluster = cluster;
    this.builder =
        new ReportBuilder(new ObjectAuditor(engine, mapper), mapper, settings.maxReportBytes());
    this.metrics = new AuditMetrics(registry);
  }

  /** Why these settings cannot work, or empty when they can: checked at start-up. */
  static Optional<String> problem(RolloutGuardConfig.Audit audit) {
    if (!(audit.writesPerSecond() > 0)) {
      return Optional.of(
          "rolloutguard.audit.writes-per-second must be above 0, not " + audit.writesPerSecond());
    }
    if (audit.period().isNegative() || audit.period().isZero()) {
      return Optional.of("rolloutguard.audit.period must be positive, not " + audit.period());
    }
    if (audit.debounce().isNegative()) {
      return Optional.of(
          "rolloutguard.audit.debounce must not be negative, not " + audit.debounce());
    }
    if (audit.maxReportBytes() < MIN_REPORT_BYTES) {
      return Optional.of(
          "rolloutguard.audit.max-report-bytes must be at least "
              + MIN_REPORT_BYTES
              + ", not "
              + audit.maxReportBytes());
    }
    return Optional.empty();
  }

  void onStart(@Observes StartupEvent event) {
    if (settings.enabled()) {
      leadership.whenLeading(this::start);
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    synchronized (this) {
      if (executor != null) {
        executor.shutdownNow();
      }
    }
  }

  /** On the lease's elector thread, before the controller starts: must not throw. */
  private synchronized void start() {
    if (executor != null || !source.isResolvable()) {
      return;
    }
    try {
      startAudits();
    } catch (RuntimeException e) {
      LOG.errorf(e, "background audit did not start; admission and the controller go on");
    }
  }

  private void startAudits() {
    writer = new ReportWriter(ReportStore.of(client.get()), limiter);
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rollout-guard-audit");
              t.setDaemon(true);
              return t;
            });
    source.get().onChange(this::changed);
    executor.scheduleWithFixedDelay(
        this::fullAudit, 0, settings.period().toMillis(), TimeUnit.MILLISECONDS);
    LOG.infof(
        "background audit started on the leader: every %s and %s after changes, at most %s"
            + " report writes/s",
        settings.period(), settings.debounce(), settings.writesPerSecond());
  }

  /** Informer threads: only note the namespace; the first change of a quiet spell schedules. */
  private synchronized void changed(String namespace) {
    if (namespace == null || executor == null) {
      return;
    }
    dirty.add(namespace);
    if (!pending) {
      pending = true;
      executor.schedule(this::changedAudit, settings.debounce().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void changedAudit() {
    Set<String> namespaces;
    synchronized (this) {
      namespaces = Set.copyOf(dirty);
      dirty.clear();
      pending = false;
    }
    audit(namespaces);
  }

  private void fullAudit() {
    audit(null);
  }

  /** Runs on the audit thread only. */
  private void audit(Set<String> scope) {
    AuditSource objects = source.get();
    if (!objects.synced()) {
      // An incomplete cache would delete the reports of namespaces it has not listed yet.
      executor.schedule(() -> audit(scope), SYNC_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    long started = System.nanoTime();
    try {
      List<HasMetadata> audited =
          objects.auditable().stream()
              .filter(o -> scope == null || scope.contains(o.getMetadata().getNamespace()))
              .toList();
      Map<String, List<Report>> reports = builder.build(audited, cluster);
      metrics.update(reports, scope);
      ReportWriter.Writes writes = writer.sync(reports, scope, Instant.now());
      metrics.run(scope == null, writes);
      lastError = null;
      // Quiet unless it wrote: a busy cluster audits changed namespaces every few seconds.
      LOG.logf(
          writes.applied() + writes.deleted() > 0 ? Logger.Level.INFO : Logger.Level.DEBUG,
          "audit of %s: %d cached objects, %d namespaces with reports; %d reports written,"
              + " %d deleted, %d unchanged, in %d ms",
          scope == null ? "every namespace" : scope.size() + " changed namespace(s)",
          audited.size(),
          reports.size(),
          writes.applied(),
          writes.deleted(),
          writes.unchanged(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (KubernetesClientException e) {
      writer.forget();
      retryLater();
      String error =
          "PolicyReports could not be written (is the PolicyReport CRD installed?): "
              + e.getMessage();
      if (!error.equals(lastError)) {
        LOG.warnf("background audit: %s; it retries in %s", error, RETRY);
      }
      lastError = error;
    } catch (RuntimeException e) {
      writer.forget();
      retryLater();
      LOG.errorf(e, "background audit failed; it retries in %s", RETRY);
    }
  }

  /** One full audit again soon after a failure, however many audits failed meanwhile. */
  private void retryLater() {
    if (!retryScheduled) {
      retryScheduled = true;
      executor.schedule(
          () -> {
            retryScheduled = false;
            fullAudit();
          },
          RETRY.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }
}
