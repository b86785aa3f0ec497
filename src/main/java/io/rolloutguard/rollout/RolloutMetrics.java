package io.rolloutguard.rollout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rolloutguard.api.Phase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** rolloutguard_rollbacks_total, the rollback reaction time and the phase of each policy. */
@ApplicationScoped
public class RolloutMetrics {

  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Phase>> phases = new ConcurrentHashMap<>();

  public RolloutMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void rollback(String reason, Duration reaction) {
    Counter.builder("rolloutguard.rollbacks")
        .description("Automatic rollbacks, by the reason the new revision failed")
        .tag("reason", reason)
        .register(registry)
        .increment();
    Timer.builder("rolloutguard.rollback.reaction")
        .description("From the failure becoming observable to the rollback patch being accepted")
        .publishPercentileHistogram()
        .register(registry)
        .record(reaction.isNegative() ? Duration.ZERO : reaction);
  }

  /** A decided rollback dropped because the template changed before it was patched. */
  void rollbackSkipped(String reason) {
    Counter.builder("rolloutguard.rollbacks.skipped")
        .description("Rollbacks decided and then skipped because the template changed meanwhile")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** One gauge per policy and phase: 1 for the current phase, 0 for the others. */
  void phase(String namespace, String name, Phase phase) {
    AtomicReference<Phase> current =
        phases.computeIfAbsent(
            namespace + "/" + name,
            key -> {
              AtomicReference<Phase> ref = new AtomicReference<>();
              for (Phase p : Phase.values()) {
                Gauge.builder("rolloutguard.policy.phase", ref, r -> r.get() == p ? 1 : 0)
                    .description("The current phase of each RolloutPolicy")
                    .tags("namespace", namespace, "policy", name, "phase", p.name())
                    .register(registry);
              }
              return ref;
            });
    current.set(phase);
  }

  void forget(String namespace, String name) {
    AtomicReference<Phase> ref = phases.remove(namespace + "/" + name);
    if (ref != null) {
      registry.getMeters().stream()
          .filter(m -> m.getId().getName().equals("rolloutguard.policy.phase"))
          .filter(m -> namespace.equals(m.getId().getTag("namespace")))
          .filter(m -> name.equals(m.getId().getTag("policy")))
          .forEach(registry::remove);
    }
  }
}
