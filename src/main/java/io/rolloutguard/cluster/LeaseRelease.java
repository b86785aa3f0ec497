package io.rolloutguard.cluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Gives up the controller lease on shutdown, as client-go's ReleaseOnCancel does: JOSDK 5.3 builds
 * its leader election without it, so a new leader would otherwise wait for the lease to expire.
 */
public final class LeaseRelease {

  private LeaseRelease() {}

  /** True when this identity held the lease and released it. */
  public static boolean release(
      KubernetesClient client, String namespace, String lease, String identity) {
    var resource = client.leases().inNamespace(namespace).withName(lease);
    Lease current = resource.get();
    if (current == null
        || current.getSpec() == null
        || !Objects.equals(identity, current.getSpec().getHolderIdentity())) {
      return false;
    }
    resource.edit(
        l -> {
          l.getSpec().setHolderIdentity(null);
          l.getSpec().setLeaseDurationSeconds(1);
          l.getSpec().setRenewTime(ZonedDateTime.now());
          return l;
        });
    return true;
  }
}
