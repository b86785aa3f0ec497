package io.rolloutguard.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rolloutguard.cluster.AuditSource;
import io.rolloutguard.cluster.Leadership;
import io.rolloutguard.config.RolloutGuardConfig;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.PolicyEngine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The leader's background audit: every covered object in the informer caches, evaluated by the
 * webhooks' engine (ReportBuilder), written as PolicyReports (ReportWriter). It runs while this
 * replica holds the controller lease (AuditTerm schedules it); the wiring and the settings live
 * here.
 */
@ApplicationScoped
public class BackgroundAudit {

  private static final Logger LOG = Logger.getLogger(BackgroundAudit.class);

  /** Room for the report's metadata and at least one object's results. */
  static final int MIN_REPORT_BYTES = 16_384;

  private final RolloutGuardConfig.Audit settings;
  private final boolean controls;
  private final Leadership leadership;
  private final Instance<KubernetesClient> client;
  private final Instance<AuditSource> source;
  private final ClusterFacts cluster;
  private final ReportBuilder builder;
  private final AuditMetrics metrics;
  private final WriteLimiter limiter;
  private AuditTerm term;

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
    this.controls = config.role().controls();
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
    // The audit writes PolicyReports: an admission-only process has no right to, and never leads.
    if (!settings.enabled() || !controls || !source.isResolvable()) {
      return;
    }
    source.get().onChange(this::changed);
    leadership.whileLeading(
        new Leadership.Duty() {
          @Override
          public void start() {
            BackgroundAudit.this.start();
          }

          @Override
          public void stop() {
            BackgroundAudit.this.stop("this replica lost the controller lease");
          }
        });
  }

  void onStop(@Observes ShutdownEvent event) {
    stop(null);
  }

  /** On the lease's elector thread, before the controller starts: must not throw. */
  private synchronized void start() {
    if (term != null) {
      return;
    }
    try {
      term =
          new AuditTerm(
              settings,
              source.get(),
              cluster,
              builder,
              new ReportWriter(ReportStore.of(client.get()), limiter),
              metrics);
      term.start();
      LOG.infof(
          "background audit started on the leader: every %s and %s after changes, at most %s"
              + " report writes/s",
          settings.period(), settings.debounce(), settings.writesPerSecond());
    } catch (RuntimeException e) {
      term = null;
      LOG.errorf(e, "background audit did not start; admission and the controller go on");
    }
  }

  /** A later term starts from a fresh list of the reports. */
  private synchronized void stop(String why) {
    if (term != null) {
      term.stop();
      term = null;
      if (why != null) {
        LOG.infof("background audit stopped: %s", why);
      }
    }
  }

  private synchronized void changed(String namespace) {
    if (term != null) {
      term.changed(namespace);
    }
  }
}
