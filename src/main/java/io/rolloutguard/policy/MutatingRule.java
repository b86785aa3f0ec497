package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * A fix applied in place to a copy of the object. It must be idempotent: applied to its own output
 * it changes nothing and returns no change.
 */
public interface MutatingRule extends Rule {

  List<Change> mutate(HasMetadata object, RuleContext context);
}
