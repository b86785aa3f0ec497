package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What a rule reads besides the object: configuration, cluster facts and, on UPDATE, the stored
 * object (null otherwise).
 */
public record RuleContext(PolicyConfig config, ClusterFacts cluster, HasMetadata oldObject) {

  public RuleContext(PolicyConfig config, ClusterFacts cluster) {
    this(config, cluster, null);
  }
}
