package io.rolloutguard.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Deleting a rollout-guard pod while admission requests flow through the API server and the
 * Service: readiness goes down first, the endpoint drains, in-flight reviews finish, and no request
 * fails or misses its mutation.
 */
class PodDeletionNodeE2E {

  static final String NS = "pod-deletion-node";

  @Test
  void noAdmissionRequestFailsWhileAReplicaIsDeleted() throws Exception {
    RealNode node = RealNode.get().installed();
    KubernetesClient k = node.client();
    node.namespace(NS);

    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicInteger sent = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    Thread load =
        new Thread(
            () -> {
              while (!stop.get()) {
                int n = sent.incrementAndGet();
                try {
                  // A server-side dry run goes through both webhooks and stores nothing.
                  Deployment stored = k.resource(latest("kubia-" + n)).dryRun().create();
                  String policy =
                      stored
                          .getSpec()
                          .getTemplate()
                          .getSpec()
                          .getContainers()
                          .get(0)
                          .getImagePullPolicy();
                  if (!"Always".equals(policy)) {
                    failures.add("request " + n + " was not mutated: " + policy);
                  }
                } catch (RuntimeException e) {
                  failures.add("request " + n + ": " + e.getMessage());
                }
              }
            },
            "admission-load");
    load.start();
    try {
      RealNode.await("requests flowing").until(() -> sent.get() > 20);
      List<String> before =
          node.rolloutGuardPods().stream().map(p -> p.getMetadata().getName()).toList();
      String victim = before.get(0);
      int sentBefore = sent.get();
      node.kubectl("-n", RealNode.APP_NAMESPACE, "delete", "pod", victim, "--wait=true");
      // Until the replacement serves: a new pod Ready, and then 3 available again.
      RealNode.await("the replacement pod Ready")
          .until(
              () ->
                  node.rolloutGuardPods().stream()
                      .anyMatch(
                          p -> !before.contains(p.getMetadata().getName()) && RealNode.ready(p)));
      RealNode.await("3 replicas available again")
          .until(() -> RealNode.available(node.rolloutGuard()) == 3);
      int during = sent.get() - sentBefore;
      stop.set(true);
      load.join();
      System.out.printf(
          "%d admission requests through the Service while %s was deleted and replaced,"
              + " %d failed%n",
          during, victim, failures.size());
      assertTrue(during > 0);
    } finally {
      stop.set(true);
      load.join();
    }
    assertEquals(List.of(), failures);
  }

  private static Deployment latest(String name) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("nodejs")
        .withImage("localhost/kubia:latest")
        .withImagePullPolicy("IfNotPresent")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
