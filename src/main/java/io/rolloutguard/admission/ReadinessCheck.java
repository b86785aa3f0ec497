package io.rolloutguard.admission;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the webhook port has served its warm-up reviews: every replica answers admission,
 * leader or not. Goes DOWN as soon as shutdown starts, so endpoints drop the pod while in-flight
 * reviews still finish.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  private final WarmUp warmUp;
  private volatile boolean stopping;

  public ReadinessCheck(WarmUp warmUp) {
    this.warmUp = warmUp;
  }

  void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
    stopping = true;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("admission")
        .status(!stopping && warmUp.done())
        .withData("warmedUp", warmUp.done())
        .build();
  }
}
