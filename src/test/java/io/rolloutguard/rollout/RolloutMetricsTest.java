package io.rolloutguard.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolloutguard.api.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rolloutguard_policy_phase: one series per policy, 1, labelled with its current phase. */
class RolloutMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RolloutMetrics metrics = new RolloutMetrics(registry);

  private List<String> phasesOf(String policy) {
    return registry.find("rolloutguard.policy.phase").tag("policy", policy).gauges().stream()
        .peek(g -> assertEquals(1.0, g.value()))
        .map(g -> g.getId().getTag("phase"))
        .toList();
  }

  @Test
  void aChangeOfPhaseReplacesTheSeries() {
    metrics.phase("shop", "web", Phase.Progressing);
    metrics.phase("shop", "api", Phase.Paused);
    metrics.phase("shop", "web", Phase.Progressing);
    assertEquals(List.of("Progressing"), phasesOf("web"));

    metrics.phase("shop", "web", Phase.Paused);

    assertEquals(List.of("Paused"), phasesOf("web"));
    assertEquals(List.of("Paused"), phasesOf("api"));
  }

  @Test
  void aDeletedPolicyLeavesNoSeries() {
    metrics.phase("shop", "web", Phase.Paused);

    metrics.forget("shop", "web");

    assertEquals(
        List.of(),
        registry.find("rolloutguard.policy.phase").gauges().stream().map(Gauge::getId).toList());
  }
}
