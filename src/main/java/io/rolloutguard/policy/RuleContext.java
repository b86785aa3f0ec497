package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What a rule reads besides the object: configuration, cluster facts, on UPDATE the stored object
 * (null otherwise), and who wrote the object.
 */
public record RuleContext(
    PolicyConfig config, ClusterFacts cluster, HasMetadata oldObject, Origin origin) {

  public RuleContext(PolicyConfig config, ClusterFacts cluster, HasMetadata oldObject) {
    this(config, cluster, oldObject, Origin.TENANT);
  }

  public RuleContext(PolicyConfig config, ClusterFacts cluster) {
    this(config, cluster, null);
  }
}
