package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.List;
import java.util.Map;

/**
 * What rules may know about the rest of the cluster. The cluster package implements it from
 * informers; rules see only this interface, so they stay pure.
 */
public interface ClusterFacts {

  /** A workload's identity, selector and pod template labels, as cached. */
  record WorkloadSummary(
      String kind, String name, LabelSelector selector, Map<String, String> templateLabels) {}

  /** False when the app runs without a cluster: checks that need the cache are skipped. */
  boolean available();

  /** False until the cache has listed everything once: results may be incomplete until then. */
  boolean synced();

  List<WorkloadSummary> workloads(String namespace);

  ClusterFacts NONE =
      new ClusterFacts() {
        @Override
        public boolean available() {
          return false;
        }

        @Override
        public boolean synced() {
          return false;
        }

        @Override
        public List<WorkloadSummary> workloads(String namespace) {
          return List.of();
        }
      };
}
