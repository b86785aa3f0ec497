package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/** A check that reports what is wrong with an object and never changes it. */
public interface ValidatingRule extends Rule {

  List<Violation> validate(HasMetadata object, RuleContext context);
}
