package io.rolloutguard.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every version of the Deployments and ReplicaSets in a namespace, as watched. resourceVersion is
 * etcd's global revision, so it orders changes across kinds exactly, whatever the watch delivery.
 */
final class Observations implements AutoCloseable {

  record Seen(long revision, Instant arrived, HasMetadata object) {}

  private final List<Seen> seen = new ArrayList<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  Observations(KubernetesClient client, String namespace) {
    informers.add(client.apps().deployments().inNamespace(namespace).inform(recorder()));
    informers.add(client.apps().replicaSets().inNamespace(namespace).inform(recorder()));
  }

  private <T extends HasMetadata> ResourceEventHandler<T> recorder() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        record(obj);
      }

      @Override
      public void onUpdate(T old, T obj) {
        record(obj);
      }

      @Override
      public void onDelete(T obj, boolean unknown) {}
    };
  }

  private synchronized void record(HasMetadata object) {
    seen.add(
        new Seen(Long.parseLong(object.getMetadata().getResourceVersion()), Instant.now(), object));
  }

  synchronized List<Seen> all() {
    List<Seen> copy = new ArrayList<>(seen);
    copy.sort(Comparator.comparingLong(Seen::revision));
    return copy;
  }

  List<Deployment> deployments() {
    return all().stream()
        .filter(s -> s.object() instanceof Deployment)
        .map(s -> (Deployment) s.object())
        .toList();
  }

  /** ReplicaSet versions running {@code image}, in etcd order. */
  List<ReplicaSet> replicaSets(String image) {
    return all().stream()
        .filter(
            s ->
                s.object() instanceof ReplicaSet rs
                    && image.equals(image(rs.getSpec().getTemplate())))
        .map(s -> (ReplicaSet) s.object())
        .toList();
  }

  /**
   * Once the Deployment first had {@code replicas} available pods, it never had fewer: what
   * maxUnavailable 0 promises through every canary step, supersede and rollback.
   */
  void assertAvailabilityNeverBelow(int replicas) {
    boolean up = false;
    for (Deployment d : deployments()) {
      int available =
          d.getStatus() == null
              ? 0
              : java.util.Objects.requireNonNullElse(d.getStatus().getAvailableReplicas(), 0);
      up = up || available >= replicas;
      if (up && available < replicas) {
        throw new AssertionError("available pods dropped to " + available);
      }
    }
  }

  static String image(io.fabric8.kubernetes.api.model.PodTemplateSpec template) {
    return template.getSpec().getContainers().get(0).getImage();
  }

  static long revision(HasMetadata object) {
    return Long.parseLong(object.getMetadata().getResourceVersion());
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
  }
}
