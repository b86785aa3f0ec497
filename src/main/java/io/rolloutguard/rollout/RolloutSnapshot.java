package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.RolloutPolicy;
import java.time.Instant;
import java.util.List;

/**
 * What the controller observes in one reconcile.
 *
 * @param deployment the target, or null when it does not exist
 * @param replicaSets the ReplicaSets the Deployment owns
 * @param pods the pods those ReplicaSets own
 * @param olderPolicy an older RolloutPolicy that targets the same Deployment, or null
 * @param canaryFloor the least minReadySeconds under which a canary can be held (RG004's floor)
 */
public record RolloutSnapshot(
    RolloutPolicy policy,
    Deployment deployment,
    List<ReplicaSet> replicaSets,
    List<Pod> pods,
    Instant now,
    String olderPolicy,
    int canaryFloor) {}
