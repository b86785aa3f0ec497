package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.rolloutguard.api.RolloutPolicy;
import java.util.EnumSet;
import java.util.List;

/**
 * RG006: one RolloutPolicy per Deployment. Two controllers pausing and rolling back the same
 * Deployment would undo each other, so a second policy is refused when it is created or retargeted.
 * A CEL rule on the CRD cannot see other objects; this check reads the informer cache. Pairs that
 * exist already (made while admission was down) are settled by the controller: the older wins.
 */
public final class SinglePolicyRule implements ValidatingRule {

  public static final RuleSpec SPEC =
      new RuleSpec(RuleId.RG006, EnumSet.of(Kind.ROLLOUT_POLICY), false, false, null)
          .withClusterState();

  @Override
  public RuleSpec spec() {
    return SPEC;
  }

  @Override
  public List<Violation> validate(HasMetadata object, RuleContext context) {
    if (!(object instanceof RolloutPolicy policy)
        || policy.getSpec() == null
        || policy.getSpec().getTargetRef() == null
        || policy.getSpec().getTargetRef().getName() == null) {
      return List.of();
    }
    String target = policy.getSpec().getTargetRef().getName();
    String name = policy.getMetadata().getName();
    return context.cluster().policiesFor(policy.getMetadata().getNamespace(), target).stream()
        .filter(other -> !other.equals(name))
        .findFirst()
        .map(
            other ->
                List.of(
                    Violation.deny(
                        id(),
                        "spec.targetRef.name",
                        "Deployment \""
                            + target
                            + "\" is already guarded by RolloutPolicy \""
                            + other
                            + "\"; one policy per Deployment, so the two cannot undo each"
                            + " other's pauses and rollbacks")))
        .orElse(List.of());
  }
}
