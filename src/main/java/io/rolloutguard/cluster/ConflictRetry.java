package io.rolloutguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.function.Consumer;

/**
 * Edits the latest version of an object that others write too (the Deployment controller, other
 * replicas of rollout-guard): a 409 Conflict just means read again and apply the same change.
 */
public final class ConflictRetry {

  private static final int MAX_ATTEMPTS = 5;

  private ConflictRetry() {}

  /** fabric8's edit diffs the change into a JSON Patch against the latest version it read. */
  public static <T extends HasMetadata> T edit(Resource<T> resource, Consumer<T> change) {
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
