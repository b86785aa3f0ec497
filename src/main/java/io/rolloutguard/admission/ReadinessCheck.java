package io.rolloutguard.admission;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.cluster.ClusterCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the webhook port has served its warm-up reviews and, with a cluster, the
 * RolloutPolicies have been listed once: a replica that answered before would see nothing guarded
 * (RG004, RG005) while another replica's validating call does. The workload kinds do not gate
 * readiness: until they have listed, RG002's overlap check only warns, and a kind that cannot be
 * listed (RBAC) must not take every replica out of the Service of a fail-closed webhook. Every
 * replica answers admission, leader or not. A controller-only process has no warm-up (WarmUp is
 * done at once), so it is ready once its caches hold the policies. Goes DOWN as soon as shutdown
 * starts, so endpoints drop the pod while in-flight reviews still finish.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  private final WarmUp warmUp;
  private final BooleanSupplier cacheSynced;
  private volatile boolean stopping;

  @Inject
  public ReadinessCheck(WarmUp warmUp, ClusterCache cache) {
    this(warmUp, () -> !cache.available() || cache.synced(RolloutPolicy.class));
  }

  ReadinessCheck(WarmUp warmUp, BooleanSupplier cacheSynced) {
    this.warmUp = warmUp;
    this.cacheSynced = cacheSynced;
  }

  void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
    stopping = true;
  }

  @Override
  public HealthCheckResponse call() {
    boolean synced = cacheSynced.getAsBoolean();
    return HealthCheckResponse.named("admission")
        .status(!stopping && warmUp.done() && synced)
        .withData("warmedUp", warmUp.done())
        .withData("cacheSynced", synced)
        .build();
  }
}
