package io.rolloutguard.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rolloutguard.policy.Coverage;
import io.rolloutguard.policy.Finding;
import io.rolloutguard.policy.RuleId;
import java.time.Duration;
import java.util.Set;

/**
 * Admission latency and violation counters, labelled by the stable rule IDs. Every label comes from
 * a bounded set: a review's kind and operation are whatever its sender wrote, and one series per
 * made-up kind would grow the registry until a scrape runs the heap out.
 */
public class AdmissionMetrics {

  static final String OTHER = "other";
  private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

  static final String DURATION = "rolloutguard.admission.duration";
  static final String VIOLATIONS = "rolloutguard.violations";

  private final MeterRegistry registry;

  public AdmissionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void finding(Finding finding) {
    count(finding.violation().rule(), finding.mode().label(), finding.outcome().label());
  }

  void mutation(RuleId rule) {
    count(rule, "enforce", "mutated");
  }

  void duration(String endpoint, String operation, String kind, Duration duration) {
    Timer.builder(DURATION)
        .description("Time to answer one AdmissionReview")
        .tags(
            "endpoint",
            endpoint,
            "operation",
            OPERATIONS.contains(operation) ? operation : OTHER,
            "kind",
            Coverage.isCoveredKindName(kind) ? kind : OTHER)
        .publishPercentileHistogram()
        .register(registry)
        .record(duration);
  }

  private void count(RuleId rule, String mode, String outcome) {
    Counter.builder(VIOLATIONS)
        .description("Rule violations and mutations, by rule, mode and outcome")
        .tags("rule", rule.name(), "mode", mode, "outcome", outcome)
        .register(registry)
        .increment();
  }
}
