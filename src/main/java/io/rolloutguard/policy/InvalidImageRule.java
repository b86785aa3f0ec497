package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** RG000: every image must parse by the distribution reference grammar. */
public final class InvalidImageRule implements ValidatingRule {

  public static final RuleSpec SPEC =
      new RuleSpec(RuleId.RG000, Workloads.POD_SPEC_KINDS, false, false, null);

  @Override
  public RuleSpec spec() {
    return SPEC;
  }

  @Override
  public List<Violation> validate(HasMetadata object, RuleContext context) {
    List<Violation> violations = new ArrayList<>();
    for (PodSpecRef pod : Workloads.podSpecs(object)) {
      for (ContainerRef c : pod.allContainers()) {
        try {
          ImageReference.parse(c.image());
        } catch (InvalidImageReferenceException e) {
          violations.add(
              Violation.deny(
                  id(),
                  c.path() + ".image",
                  "image \""
                      + c.image()
                      + "\" of container \""
                      + c.name()
                      + "\" is invalid: "
                      + e.getMessage()));
        }
      }
    }
    return violations;
  }
}
