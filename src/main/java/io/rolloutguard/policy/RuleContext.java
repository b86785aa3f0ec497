package io.rolloutguard.policy;

/** What a rule reads besides the object: configuration and cluster facts. */
public record RuleContext(PolicyConfig config, ClusterFacts cluster) {}
