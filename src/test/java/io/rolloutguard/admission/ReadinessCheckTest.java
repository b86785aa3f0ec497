package io.rolloutguard.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class ReadinessCheckTest {

  @Test
  void notReadyUntilWarmedUp() {
    ReadinessCheck check = new ReadinessCheck(new WarmUp(300), () -> true);

    assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
  }

  @Test
  void notReadyUntilTheCachesHaveSynced() {
    boolean[] synced = {false};
    ReadinessCheck check = new ReadinessCheck(new WarmUp(0), () -> synced[0]);
    assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());

    synced[0] = true;

    assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());
  }

  @Test
  void readyUntilShutdownStarts() {
    ReadinessCheck check = new ReadinessCheck(new WarmUp(0), () -> true);
    assertEquals(HealthCheckResponse.Status.UP, check.call().getStatus());

    check.onShutdownDelay(new ShutdownDelayInitiatedEvent());

    assertEquals(HealthCheckResponse.Status.DOWN, check.call().getStatus());
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
  @org.junit.jupiter.params.provider.CsvSource({
    "0.0.0.0, 127.0.0.1",
    "'', 127.0.0.1",
    "::, ::1",
    "127.0.0.1, 127.0.0.1",
    "::1, ::1",
    "10.88.77.5, 10.88.77.5",
    "[fd00::5], fd00::5",
  })
  void theWarmUpCallsAWildcardServerOnLoopback(String host, String expected) {
    assertEquals(expected, WarmUp.loopbackFor(host));
  }
}
