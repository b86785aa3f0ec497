package io.rolloutguard.celpolicy;

import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.ServiceSelectorRule;

/** ServiceSelectorRule in CEL, capped at its own mode. */
final class ServiceSelectorCel {

  private ServiceSelectorCel() {}

  static CelCheck check(PolicyConfig config) {
    return CelCheck.whole(
        ServiceSelectorRule.SPEC.id(),
        config.serviceWithoutSelector(),
        "the Service has no selector, so it routes to no pods unless its endpoints are managed"
            + " by hand; add a selector",
        withoutSelector(Side.NEW),
        withoutSelector(Side.OLD));
  }

  private static String withoutSelector(Side side) {
    String o = side.object;
    return "request.kind.kind == 'Service' && has("
        + o
        + ".spec) && "
        + o
        + ".spec.?type.orValue('') != 'ExternalName' && size("
        + o
        + ".spec.?selector.orValue({})) == 0";
  }
}
