package io.rolloutguard.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void theSdkDoesNotExitFromTheElectorLeadershipDoes() {
    FailoverWindow window =
        new FailoverWindow(Duration.ofSeconds(6), Duration.ofSeconds(4), Duration.ofSeconds(1));

    LeaderElectionConfiguration election =
        OperatorSettings.leaderElection(
            "rollout-guard", window, new LeaderCallbacks(() -> {}, () -> {}, id -> {}));

    assertFalse(election.isExitOnStopLeading(), "an exit there blocks our own shutdown");
    assertTrue(election.getLeaderCallbacks().isPresent());
    assertEquals(OperatorSettings.LEASE, election.getLeaseName());
    assertEquals("rollout-guard", election.getLeaseNamespace().orElseThrow());
    assertEquals(Duration.ofSeconds(4), election.getRenewDeadline());
  }
}
