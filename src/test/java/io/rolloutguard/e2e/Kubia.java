package io.rolloutguard.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The kubia Deployment and its RolloutPolicy in one namespace, as the scenario tests drive them.
 */
final class Kubia {

  static final String NAME = "kubia";

  private final KubernetesClient k;
  private final String namespace;

  Kubia(KubernetesClient k, String namespace) {
    this.k = k;
    this.namespace = namespace;
  }

  Deployment deployment() {
    return k.apps().deployments().inNamespace(namespace).withName(NAME).get();
  }

  /** {@code kubectl set image}: a new template, so a new rollout. */
  Deployment setImage(String version) {
    return k.apps()
        .deployments()
        .inNamespace(namespace)
        .withName(NAME)
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImage("luksa/kubia:" + version);
              return d;
            });
  }

  String image() {
    return Observations.image(deployment().getSpec().getTemplate());
  }

  int available() {
    var status = deployment().getStatus();
    return status == null ? 0 : Objects.requireNonNullElse(status.getAvailableReplicas(), 0);
  }

  /** A Ready pod running {@code image}, ignoring pods being deleted, or null. */
  Pod readyPod(String image) {
    return k.pods().inNamespace(namespace).list().getItems().stream()
        .filter(p -> image.equals(p.getSpec().getContainers().get(0).getImage()))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                p.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .findFirst()
        .orElse(null);
  }

  RolloutPolicy policy() {
    return k.resources(RolloutPolicy.class).inNamespace(namespace).withName(NAME).get();
  }

  /** The policy's status, or null while the policy does not exist. */
  RolloutPolicyStatus status() {
    RolloutPolicy p = policy();
    return p == null ? null : p.getStatus();
  }

  /** {@code kubectl annotate rp kubia rolloutguard.io/promote=true}. */
  void promote() {
    k.resources(RolloutPolicy.class)
        .inNamespace(namespace)
        .withName(NAME)
        .edit(
            p -> {
              p.getMetadata().setAnnotations(Map.of(RolloutPolicy.PROMOTE_ANNOTATION, "true"));
              return p;
            });
  }

  static ConditionFactory await(String what) {
    return Awaitility.await(what)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions();
  }
}
