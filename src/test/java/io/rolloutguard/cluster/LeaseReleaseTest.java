package io.rolloutguard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LeaseReleaseTest {

  KubernetesClient client;

  private void lease(String holder) {
    client
        .leases()
        .inNamespace("rollout-guard")
        .resource(
            new LeaseBuilder()
                .withNewMetadata()
                .withName("rollout-guard-controller")
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(holder)
                .withLeaseDurationSeconds(15)
                .withRenewTime(ZonedDateTime.now())
                .endSpec()
                .build())
        .create();
  }

  private Lease stored() {
    return client.leases().inNamespace("rollout-guard").withName("rollout-guard-controller").get();
  }

  @Test
  void theHolderReleasesItsLease() {
    lease("pod-a");

    assertTrue(LeaseRelease.release(client, "rollout-guard", "rollout-guard-controller", "pod-a"));
    assertNull(stored().getSpec().getHolderIdentity());
    assertEquals(1, stored().getSpec().getLeaseDurationSeconds());
  }

  @Test
  void anotherReplicasLeaseIsLeftAlone() {
    lease("pod-b");

    assertFalse(LeaseRelease.release(client, "rollout-guard", "rollout-guard-controller", "pod-a"));
    assertEquals("pod-b", stored().getSpec().getHolderIdentity());
    assertEquals(15, stored().getSpec().getLeaseDurationSeconds());
  }

  @Test
  void noLeaseNothingToRelease() {
    assertFalse(LeaseRelease.release(client, "rollout-guard", "rollout-guard-controller", "pod-a"));
  }
}
