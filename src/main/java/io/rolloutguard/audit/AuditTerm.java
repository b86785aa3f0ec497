package io.rolloutguard.audit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rolloutguard.cluster.AuditSource;
import io.rolloutguard.config.RolloutGuardConfig;
import io.rolloutguard.policy.ClusterFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The audits of one leadership term: a full audit at once and every period, and the audit of
 * changed namespaces once changes have been quiet for the debounce. One thread of its own runs them
 * all, so audits never overlap and never hold up admission or the controller; {@link #stop} ends
 * the term and its thread.
 */
final class AuditTerm {

  private static final Logger LOG = Logger.getLogger(AuditTerm.class);
  static final Duration SYNC_WAIT = Duration.ofSeconds(1);
  static final Duration RETRY = Duration.ofSeconds(30);

  private final RolloutGuardConfig.Audit settings;
  private final AuditSource source;
  private final ClusterFacts cluster;
  private final ReportBuilder builder;
  private final ReportWriter writer;
  private final AuditMetrics metrics;
  private final ScheduledExecutorService executor;

  private final WriteFailureLog failureLog = new WriteFailureLog();
  private final Set<String> dirty = new HashSet<>();
  private final Set<String> retrying = new HashSet<>();
  private boolean retryNamespacesScheduled;
  private boolean pending;
  private boolean retryScheduled;
  private String lastError;

  AuditTerm(
      RolloutGuardConfig.Audit settings,
      AuditSource source,
      ClusterFacts cluster,
      ReportBuilder builder,
      ReportWriter writer,
      AuditMetrics metrics) {
    this.settings = settings;
    this.source = source;
    this.cluster = cluster;
    this.builder = builder;
    this.writer = writer;
    this.metrics = metrics;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rollout-guard-audit");
              t.setDaemon(true);
              return t;
            });
  }

  void start() {
    executor.scheduleWithFixedDelay(
        () -> audit(null), 0, settings.period().toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop() {
    executor.shutdownNow();
  }

  /** Informer threads: only note the namespace; the first change of a quiet spell schedules. */
  synchronized void changed(String namespace) {
    if (namespace == null || executor.isShutdown()) {
      return;
    }
    dirty.add(namespace);
    if (!pending) {
      pending = true;
      schedule(this::changedAudit, settings.debounce());
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

  /**
   * Runs on the audit thread only.
   *
   * @param scope the namespaces to audit, or null for all
   */
  private void audit(Set<String> scope) {
    if (!source.synced()) {
      // An incomplete cache would delete the reports of namespaces it has not listed yet.
      schedule(() -> audit(scope), SYNC_WAIT);
      return;
    }
    long started = System.nanoTime();
    try {
      List<HasMetadata> audited =
          source.auditable().stream()
              .filter(o -> scope == null || scope.contains(o.getMetadata().getNamespace()))
              .toList();
      Map<String, List<Report>> reports = builder.build(audited, cluster);
      metrics.update(reports, scope);
      ReportWriter.Writes writes = writer.sync(reports, scope, Instant.now());
      metrics.run(scope == null, writes);
      metrics.failures(writes.failures(), scope);
      failureLog.note(writes.failures(), scope);
      retryLater(writes.failures().keySet());
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
              + ResultText.bounded(String.valueOf(e.getMessage()));
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
      schedule(
          () -> {
            retryScheduled = false;
            audit(null);
          },
          RETRY);
    }
  }

  /** The namespaces whose writes failed, audited again soon: the others cost nothing then. */
  private void retryLater(Set<String> namespaces) {
    retrying.addAll(namespaces);
    if (!retrying.isEmpty() && !retryNamespacesScheduled) {
      retryNamespacesScheduled = true;
      schedule(
          () -> {
            retryNamespacesScheduled = false;
            Set<String> again = Set.copyOf(retrying);
            retrying.clear();
            audit(again);
          },
          RETRY);
    }
  }

  private void schedule(Runnable task, Duration delay) {
    if (!executor.isShutdown()) {
      executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
