package io.rolloutguard.admission;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the HTTP layer serves: every replica answers admission, leader or not. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("admission").up().build();
  }
}
