package io.rolloutguard.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rolloutguard.policy.Finding;
import io.rolloutguard.policy.RuleId;
import java.time.Duration;

/** Admission latency and violation counters, labelled by the stable rule IDs. */
public class AdmissionMetrics {

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
        .tags("endpoint", endpoint, "operation", operation, "kind", kind)
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
