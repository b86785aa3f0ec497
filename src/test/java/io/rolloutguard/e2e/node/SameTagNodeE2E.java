package io.rolloutguard.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

/**
 * The seed's same-tag trap for real: a registry on loopback, {@code kubia:latest} pushed as image A
 * and run, then image B pushed under the same tag. A new pod with {@code IfNotPresent} still runs A
 * from the node's cache; with rollout-guard's RG001 the pod is stored with {@code Always} and runs
 * B.
 */
class SameTagNodeE2E {

  static final String IGNORED_NS = "same-tag-unguarded";
  static final String GUARDED_NS = "same-tag";

  @Test
  void ifNotPresentKeepsTheCachedImageAndRg001PullsTheNewOne() throws Exception {
    RealNode node = RealNode.get().installed();
    KubernetesClient k = node.client();
    String latest = node.registry() + "/kubia:latest";
    // rollout-guard skips namespaces labelled rolloutguard.io/ignore: this one shows Kubernetes
    // alone.
    node.namespace(IGNORED_NS);
    k.namespaces()
        .withName(IGNORED_NS)
        .edit(
            n -> {
              n.getMetadata().getLabels().put("rolloutguard.io/ignore", "true");
              return n;
            });
    RealNode.await("the webhooks skip " + IGNORED_NS)
        .until(
            () ->
                k.resource(pod(IGNORED_NS, "probe", latest))
                    .dryRun()
                    .create()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getImagePullPolicy()
                    .equals("IfNotPresent"));
    node.namespace(GUARDED_NS);

    node.push("kubia-v1.tar", "localhost/kubia:v1", latest); // image A
    Pod a = run(node, IGNORED_NS, "first", latest);
    assertEquals("IfNotPresent", a.getSpec().getContainers().get(0).getImagePullPolicy());
    assertEquals("This is v1 running in pod first\n", node.podGet(a, "/").body());

    node.push("kubia-v2.tar", "localhost/kubia:v2", latest); // image B, same tag
    Pod again = run(node, IGNORED_NS, "again", latest);
    assertEquals(imageId(a), imageId(again), "IfNotPresent ran the node's cached A");
    assertEquals("This is v1 running in pod again\n", node.podGet(again, "/").body());

    Pod guarded = run(node, GUARDED_NS, "guarded", latest);
    assertEquals(
        "Always",
        guarded.getSpec().getContainers().get(0).getImagePullPolicy(),
        "RG001 set Always on the mutable tag");
    assertNotEquals(imageId(a), imageId(guarded), "Always pulled B");
    assertEquals("This is v2 running in pod guarded\n", node.podGet(guarded, "/").body());
    System.out.printf(
        "same tag %s: IfNotPresent ran %s twice; with RG001 (Always) the pod ran %s%n",
        latest, imageId(a), imageId(guarded));
  }

  /** A pod asking for IfNotPresent, Ready; as stored and started. */
  private static Pod run(RealNode node, String namespace, String name, String image) {
    KubernetesClient k = node.client();
    k.resource(pod(namespace, name, image)).create();
    return RealNode.await(name + " Ready")
        .until(() -> k.pods().inNamespace(namespace).withName(name).get(), RealNode::ready);
  }

  private static Pod pod(String namespace, String name, String image) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withTerminationGracePeriodSeconds(1L)
        .addNewContainer()
        .withName("nodejs")
        .withImage(image)
        .withImagePullPolicy("IfNotPresent")
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString(8080))
        .endHttpGet()
        .withPeriodSeconds(1)
        .endReadinessProbe()
        .endContainer()
        .endSpec()
        .build();
  }

  private static String imageId(Pod p) {
    return p.getStatus().getContainerStatuses().get(0).getImageID();
  }
}
