package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rolloutguard.policy.TemplateHash;
import java.util.Objects;

/**
 * Applies a decision to the Deployment as a patch against its latest version (fabric8's edit diffs
 * the change into a JSON Patch), and returns the Deployment as stored afterwards.
 */
final class DeploymentActions {

  private static final int MAX_ATTEMPTS = 5;

  private final KubernetesClient client;

  DeploymentActions(KubernetesClient client) {
    this.client = client;
  }

  Deployment pause(Deployment d) {
    return edit(d, latest -> latest.getSpec().setPaused(true));
  }

  Deployment resume(Deployment d) {
    return edit(d, latest -> latest.getSpec().setPaused(false));
  }

  /**
   * Restores the stable template, unless the template changed since the decision was taken: a newer
   * template is a new rollout, not ours to undo.
   */
  Deployment rollback(Deployment observed, PodTemplateSpec stable) {
    String failed = TemplateHash.of(observed.getSpec().getTemplate());
    return edit(
        observed,
        latest -> {
          if (Objects.equals(failed, TemplateHash.of(latest.getSpec().getTemplate()))) {
            latest.getSpec().setTemplate(stable);
            latest.getSpec().setPaused(false);
          }
        });
  }

  /**
   * Edits the latest version; the Deployment controller writes the same object, so a conflict just
   * means: read again and re-apply the same change.
   */
  private Deployment edit(Deployment d, java.util.function.Consumer<Deployment> change) {
    var resource =
        client
            .apps()
            .deployments()
            .inNamespace(d.getMetadata().getNamespace())
            .withName(d.getMetadata().getName());
    for (int attempt = 1; ; attempt++) {
      try {
        return resource.edit(
            latest -> {
              change.accept(latest);
              return latest;
            });
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == MAX_ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
