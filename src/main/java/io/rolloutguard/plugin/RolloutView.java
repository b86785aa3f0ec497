package io.rolloutguard.plugin;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.RolloutPolicy;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code get} shows: a policy, its Deployment (null when missing), the Deployment's
 * ReplicaSets and their pods. Ownership is by owner reference UID, as the controllers decide it.
 */
record RolloutView(
    RolloutPolicy policy, Deployment deployment, List<ReplicaSet> replicaSets, List<Pod> pods) {

  /** Keeps, of everything in the namespace, what belongs to {@code deployment}. */
  static RolloutView assemble(
      RolloutPolicy policy,
      Deployment deployment,
      Collection<ReplicaSet> replicaSets,
      Collection<Pod> pods) {
    if (deployment == null) {
      return new RolloutView(policy, null, List.of(), List.of());
    }
    List<ReplicaSet> owned =
        replicaSets.stream().filter(rs -> ownedBy(rs, Set.of(uid(deployment)))).toList();
    Set<String> rsUids = owned.stream().map(RolloutView::uid).collect(Collectors.toSet());
    List<Pod> ownedPods = pods.stream().filter(p -> ownedBy(p, rsUids)).toList();
    return new RolloutView(policy, deployment, owned, ownedPods);
  }

  /** The guarded Deployment's name, or null when the policy names none. */
  static String target(RolloutPolicy policy) {
    String name = policy.targetName();
    return name.isEmpty() ? null : name;
  }

  /** The revision a ReplicaSet runs: its {@code pod-template-hash}, as the status names it. */
  static String hash(ReplicaSet rs) {
    var labels = rs.getMetadata().getLabels();
    return labels == null ? null : labels.get("pod-template-hash");
  }

  private static boolean ownedBy(HasMetadata object, Set<String> owners) {
    var refs = object.getMetadata().getOwnerReferences();
    return refs != null
        && refs.stream()
            .anyMatch(r -> Boolean.TRUE.equals(r.getController()) && owners.contains(r.getUid()));
  }

  private static String uid(HasMetadata object) {
    return object.getMetadata().getUid();
  }
}
