package io.rolloutguard.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.Pause;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.e2e.E2EWorkloads;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Deleting the leading rollout-guard controller pod in the middle of a canary: the other controller
 * replica takes the lease and the rollout finishes, once.
 */
class LeaderNodeE2E {

  static final String NS = "leader-node";

  @Test
  void anotherReplicaTakesOverMidCanaryAndTheRolloutFinishesOnce() {
    RealNode node = RealNode.get().installed();
    KubernetesClient k = node.client();
    node.namespace(NS);
    // Long enough a pause that the leader can be deleted while the canary waits.
    RolloutPolicy policy =
        E2EWorkloads.kubiaPolicy(NS, new CanaryStep(new IntOrString(1), new Pause("20s")));
    // The Deployment first (see KubiaCanaryNodeE2E).
    k.resource(KubiaCanaryNodeE2E.kubia(NS, "v1")).create();
    RealNode.await("v1 available").until(() -> RealNode.available(deployment(k)) == 3);
    k.resource(policy).create();
    RealNode.await("v1 stable")
        .until(() -> status(k) != null && status(k).getStableRevision() != null);

    k.apps()
        .deployments()
        .inNamespace(NS)
        .withName("kubia")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImage("localhost/kubia:v2");
              return d;
            });
    RealNode.await("paused at the canary step").until(() -> status(k).getPhase() == Phase.Paused);
    String leader = holder(k);
    assertTrue(
        node.controllerPods().stream()
            .map(p -> p.getMetadata().getName())
            .toList()
            .contains(leader),
        leader + " leads, not a controller pod");
    node.kubectl("-n", RealNode.APP_NAMESPACE, "delete", "pod", leader, "--wait=false");

    String next =
        RealNode.await("another replica holds the lease")
            .until(() -> holder(k), h -> h != null && !h.equals(leader));
    // The lease passes between controller pods only: admission pods never run for it.
    assertTrue(
        node.controllerPods().stream().map(p -> p.getMetadata().getName()).toList().contains(next),
        next);
    RealNode.await("v2 succeeded").until(() -> status(k).getPhase() == Phase.Succeeded);
    RealNode.await("v2 available").until(() -> RealNode.available(deployment(k)) == 3);
    assertEquals("localhost/kubia:v2", RealNode.image(deployment(k)));

    // Once: one start, one canary pause, one success for the revision, whoever led.
    String revision = status(k).getStableRevision();
    for (String reason : List.of("RolloutStarted", "CanaryPaused", "RolloutSucceeded")) {
      int count =
          k.v1().events().inNamespace(NS).list().getItems().stream()
              .filter(e -> "Deployment".equals(e.getInvolvedObject().getKind()))
              .filter(e -> reason.equals(e.getReason()))
              // the pause message names no revision: v2 is the only canary in this namespace
              .filter(e -> reason.equals("CanaryPaused") || e.getMessage().contains(revision))
              .mapToInt(e -> Objects.requireNonNullElse(e.getCount(), 1))
              .sum();
      assertEquals(1, count, reason + " events for " + revision);
    }
    assertNotEquals(leader, holder(k));
    System.out.println(
        node.kubectl(
            "get", "events", "-n", NS, "--field-selector", "involvedObject.kind=Deployment"));
  }

  private static String holder(KubernetesClient k) {
    Lease lease =
        k.leases().inNamespace(RealNode.APP_NAMESPACE).withName("rollout-guard-controller").get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private static io.fabric8.kubernetes.api.model.apps.Deployment deployment(KubernetesClient k) {
    return k.apps().deployments().inNamespace(NS).withName("kubia").get();
  }

  private static RolloutPolicyStatus status(KubernetesClient k) {
    RolloutPolicy p = k.resources(RolloutPolicy.class).inNamespace(NS).withName("kubia").get();
    return p == null ? null : p.getStatus();
  }
}
