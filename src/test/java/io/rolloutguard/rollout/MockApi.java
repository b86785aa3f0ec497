package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.BaseControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rolloutguard.api.RolloutPolicy;
import java.time.Instant;
import java.util.List;

/**
 * The reconciler tier's view of a mock API server: it reads a snapshot the way the informers would,
 * runs the executor, and plays the operator runtime's status write, which a test may drop to play a
 * crash between the Deployment patch and the status write.
 */
final class MockApi {

  static final String NS = "default";

  private final KubernetesClient client;
  private final RolloutExecutor executor;

  MockApi(KubernetesClient client, RolloutExecutor executor) {
    this.client = client;
    this.executor = executor;
  }

  RolloutPolicy policy() {
    return client.resources(RolloutPolicy.class).inNamespace(NS).withName("kubia").get();
  }

  Deployment deployment() {
    return client.apps().deployments().inNamespace(NS).withName("kubia").get();
  }

  ReplicaSet replicaSet(String name) {
    return client.apps().replicaSets().inNamespace(NS).withName(name).get();
  }

  RolloutSnapshot snapshot(Instant now) {
    Deployment d = deployment();
    List<ReplicaSet> rs =
        client.apps().replicaSets().inNamespace(NS).list().getItems().stream()
            .filter(r -> d != null && ownedBy(r, d.getMetadata().getUid()))
            .toList();
    List<Pod> pods = client.pods().inNamespace(NS).list().getItems();
    return new RolloutSnapshot(policy(), d, rs, pods, now, null, Snapshots.CANARY_FLOOR);
  }

  /** One reconcile; the status it returns is written unless {@code dropStatus}. */
  UpdateControl<RolloutPolicy> reconcile(Instant now, boolean dropStatus) {
    UpdateControl<RolloutPolicy> control = executor.reconcile(snapshot(now), client);
    if (control.isPatchStatus() && !dropStatus) {
      RolloutPolicy stored = policy();
      stored.setStatus(control.getResource().orElseThrow().getStatus());
      client.resource(stored).updateStatus();
    }
    return control;
  }

  UpdateControl<RolloutPolicy> reconcile(Instant now) {
    return reconcile(now, false);
  }

  static boolean rescheduled(BaseControl<?> control) {
    return control.getScheduleDelay().isPresent();
  }

  private static boolean ownedBy(HasMetadata o, String uid) {
    return o.getMetadata().getOwnerReferences().stream().anyMatch(r -> uid.equals(r.getUid()));
  }
}
