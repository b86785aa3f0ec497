package io.rolloutguard.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ReadinessCheckTest {

  @Test
  void notReadyUntilWarmedUp() {
    ReadinessCheck check = new ReadinessCheck(new WarmUp(300));

    assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
  }

  @Test
  void readyUntilShutdownStarts() {
    ReadinessCheck check = new ReadinessCheck(new WarmUp(0));
    assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());

    check.onShutdownDelay(new ShutdownDelayInitiatedEvent());

    assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
  }
}
