package io.rolloutguard.api;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Jackson reads and writes these by reflection. JVM mode needs nothing; a native image needs them
 * listed (the operator SDK registers the custom resource class, not every nested type).
 */
@RegisterForReflection(
    targets = {
      RolloutPolicy.class,
      RolloutPolicySpec.class,
      RolloutPolicyStatus.class,
      TargetRef.class,
      CanaryStep.class,
      Pause.class,
      Analysis.class,
      Rollback.class,
      RollbackRecord.class,
      FailedRevision.class,
      Phase.class
    })
final class NativeReflection {
  private NativeReflection() {}
}
