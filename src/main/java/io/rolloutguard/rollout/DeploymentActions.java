package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.rolloutguard.cluster.ConflictRetry;
import io.rolloutguard.policy.TemplateHash;
import java.util.Objects;

/**
 * Applies a decision as patches against the latest version of each object (fabric8's edit diffs the
 * change into a JSON Patch), and returns the object as stored afterwards.
 */
final class DeploymentActions {

  private final KubernetesClient client;

  DeploymentActions(KubernetesClient client) {
    this.client = client;
  }

  Deployment pause(Deployment d) {
    return ConflictRetry.edit(deployment(d), latest -> latest.getSpec().setPaused(true));
  }

  Deployment resume(Deployment d) {
    return ConflictRetry.edit(deployment(d), latest -> latest.getSpec().setPaused(false));
  }

  /**
   * Restores the stable template, unless the template changed since the decision was taken: a newer
   * template is a new rollout, not ours to undo. Returns null when it did not patch.
   */
  Deployment rollback(Deployment observed, PodTemplateSpec stable) {
    String failed = TemplateHash.of(observed.getSpec().getTemplate());
    boolean[] patched = {false};
    Deployment result =
        ConflictRetry.edit(
            deployment(observed),
            latest -> {
              patched[0] = Objects.equals(failed, TemplateHash.of(latest.getSpec().getTemplate()));
              if (patched[0]) {
                latest.getSpec().setTemplate(stable);
                latest.getSpec().setPaused(false);
              }
            });
    return patched[0] ? result : null;
  }

  /** Scales a ReplicaSet down, never up: the Deployment controller owns every growth. */
  void scaleDown(String namespace, String name, int replicas) {
    ConflictRetry.edit(
        client.apps().replicaSets().inNamespace(namespace).withName(name),
        latest -> {
          if (Objects.requireNonNullElse(latest.getSpec().getReplicas(), 0) > replicas) {
            latest.getSpec().setReplicas(replicas);
          }
        });
  }

  private Resource<Deployment> deployment(Deployment d) {
    return client
        .apps()
        .deployments()
        .inNamespace(d.getMetadata().getNamespace())
        .withName(d.getMetadata().getName());
  }
}
