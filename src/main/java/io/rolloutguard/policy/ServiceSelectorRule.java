package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.EnumSet;
import java.util.List;

/**
 * RG002 for Services: traffic goes to whatever the selector picks. A Service without one gets no
 * endpoints unless someone manages them by hand, which is usually a mistake.
 */
public final class ServiceSelectorRule implements ValidatingRule {

  public static final RuleSpec SPEC =
      new RuleSpec(RuleId.RG002, EnumSet.of(Kind.SERVICE), false, false, null);

  @Override
  public RuleSpec spec() {
    return SPEC;
  }

  @Override
  public List<Violation> validate(HasMetadata object, RuleContext context) {
    Mode mode = context.config().serviceWithoutSelector();
    if (!(object instanceof Service service) || mode == Mode.OFF) {
      return List.of();
    }
    var spec = service.getSpec();
    if (spec == null
        || "ExternalName".equals(spec.getType())
        || (spec.getSelector() != null && !spec.getSelector().isEmpty())) {
      return List.of();
    }
    return List.of(
        new Violation(
            id(),
            "spec.selector",
            "Service has no selector, so it routes to no pods unless its endpoints are managed"
                + " by hand; add a selector",
            mode));
  }
}
