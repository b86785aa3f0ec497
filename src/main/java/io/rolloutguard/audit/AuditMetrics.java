package io.rolloutguard.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code rolloutguard_audit_violations{rule,namespace}}: objects with a fail or warn result for the
 * rule, from the last audit of the namespace. 0 while the namespace has results for the rule and
 * none violate it; the series goes away with the namespace's report.
 */
final class AuditMetrics {

  static final String VIOLATIONS = "rolloutguard.audit.violations";
  static final String RUNS = "rolloutguard.audit.runs";
  static final String WRITES = "rolloutguard.audit.writes";
  static final String WRITE_FAILURES = "rolloutguard.audit.write.failures";

  private final MeterRegistry registry;
  private final Map<String, Series> series = new HashMap<>();
  private final Map<String, List<Counter>> failing = new HashMap<>();

  private record Series(AtomicInteger value, Gauge gauge) {}

  AuditMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One audit done: {@code full} (start, period) or {@code changes} (debounced namespaces). */
  void run(boolean full, ReportWriter.Writes writes) {
    Counter.builder(RUNS)
        .description("Background audits completed, full or of changed namespaces")
        .tag("scope", full ? "full" : "changes")
        .register(registry)
        .increment();
    write("apply", writes.applied());
    write("delete", writes.deleted());
  }

  private void write(String operation, int count) {
    Counter.builder(WRITES)
        .description("PolicyReport writes by the background audit (unchanged reports cost none)")
        .tag("operation", operation)
        .register(registry)
        .increment(count);
  }

  /**
   * @param scope the namespaces this audit covered, or null for all
   */
  synchronized void update(Map<String, List<Report>> reports, Set<String> scope) {
    Map<String, Integer> counts = new HashMap<>();
    reports.forEach(
        (namespace, list) ->
            list.forEach(
                report ->
                    report
                        .results()
                        .forEach(
                            r ->
                                counts.merge(
                                    namespace + "/" + r.rule().name(),
                                    r.result() == ResultKind.FAIL || r.result() == ResultKind.WARN
                                        ? 1
                                        : 0,
                                    Integer::sum))));
    for (String key : List.copyOf(series.keySet())) {
      String namespace = key.substring(0, key.indexOf('/'));
      if (!counts.containsKey(key) && (scope == null || scope.contains(namespace))) {
        registry.remove(series.remove(key).gauge());
      }
    }
    counts.forEach(
        (key, count) ->
            series
                .computeIfAbsent(
                    key,
                    k -> {
                      AtomicInteger value = new AtomicInteger();
                      Gauge gauge =
                          Gauge.builder(VIOLATIONS, value, AtomicInteger::get)
                              .description(
                                  "Objects the background audit found violating the rule, by"
                                      + " namespace (fail and warn results)")
                              .tags(
                                  "rule",
                                  k.substring(k.indexOf('/') + 1),
                                  "namespace",
                                  k.substring(0, k.indexOf('/')))
                              .register(registry);
                      return new Series(value, gauge);
                    })
                .value()
                .set(count));
  }

  /**
   * {@code rolloutguard_audit_write_failures_total{namespace,reason}}: namespaces whose reports the
   * API server refused, labelled by namespace as the violations are; a namespace's series go once
   * its reports are written again (or it has none left), so they cannot pile up.
   *
   * @param scope the namespaces this audit covered, or null for all
   */
  synchronized void failures(Map<String, WriteFailure> failures, Set<String> scope) {
    failing
        .entrySet()
        .removeIf(
            e -> {
              boolean gone =
                  !failures.containsKey(e.getKey())
                      && (scope == null || scope.contains(e.getKey()));
              if (gone) {
                e.getValue().forEach(registry::remove);
              }
              return gone;
            });
    failures.forEach(
        (namespace, failure) -> {
          Counter counter =
              Counter.builder(WRITE_FAILURES)
                  .description(
                      "Audits whose PolicyReport writes the API server refused, by namespace and"
                          + " reason; the other namespaces' reports were written")
                  .tags("namespace", namespace, "reason", failure.reason())
                  .register(registry);
          counter.increment();
          List<Counter> counters = failing.computeIfAbsent(namespace, ns -> new ArrayList<>());
          if (!counters.contains(counter)) {
            counters.add(counter);
          }
        });
  }
}
