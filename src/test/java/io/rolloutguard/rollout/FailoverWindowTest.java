package io.rolloutguard.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolloutguard.config.RolloutGuardConfig;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailoverWindowTest {

  @Test
  void theShippedDefaultsSatisfyTheGuarantee() throws NoSuchMethodException {
    FailoverWindow defaults =
        new FailoverWindow(
            Duration.parse(controllerDefault("leaseDuration")),
            Duration.parse(controllerDefault("renewDeadline")),
            Duration.parse(controllerDefault("retryPeriod")));
    int floor =
        Integer.parseInt(
            RolloutGuardConfig.MinReadySeconds.class
                .getMethod("canaryFloor")
                .getAnnotation(WithDefault.class)
                .value());

    assertEquals(java.util.Optional.empty(), defaults.problem(floor));
  }

  private static String controllerDefault(String method) throws NoSuchMethodException {
    return RolloutGuardConfig.Controller.class
        .getMethod(method)
        .getAnnotation(WithDefault.class)
        .value();
  }

  @ParameterizedTest(name = "lease {0}s, renew {1}s, retry {2}s, floor {3}s: {4}")
  @CsvSource({
    "6, 4, 1, 10, ''", // the defaults: 6 + 1 + 3 = 10 s fits the default canary floor
    "15, 10, 2, 10, longer than the canary floor", // client-go's defaults do not
    "15, 10, 2, 30, ''",
    "6, 6, 1, 10, must be shorter than lease-duration",
    "6, 4, 4, 10, must be shorter than renew-deadline",
  })
  void theLeaderFailoverWindowFitsTheCanaryFloor(
      long lease, long renew, long retry, int floor, String problem) {
    FailoverWindow window =
        new FailoverWindow(
            Duration.ofSeconds(lease), Duration.ofSeconds(renew), Duration.ofSeconds(retry));

    if (problem.isEmpty()) {
      assertEquals(java.util.Optional.empty(), window.problem(floor));
    } else {
      assertTrue(
          window.problem(floor).orElseThrow().contains(problem), window.problem(floor).get());
    }
  }
}
