package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RG002: a workload's selector decides which pods it owns, so it must be explicit, narrow and match
 * the workload's own template.
 */
public final class SelectorRule implements ValidatingRule {

  public static final RuleSpec SPEC =
      new RuleSpec(RuleId.RG002, Workloads.SELECTOR_KINDS, false, false, null);

  @Override
  public RuleSpec spec() {
    return SPEC;
  }

  @Override
  public List<Violation> validate(HasMetadata object, RuleContext context) {
    Optional<Workloads.SelectorRef> found = Workloads.selector(object);
    if (found.isEmpty()) {
      return List.of();
    }
    Workloads.SelectorRef ref = found.get();
    String kind = object.getKind();
    if (LabelSelectors.isEmpty(ref.selector())) {
      return List.of(
          Violation.deny(
              id(),
              ref.path(),
              kind
                  + " must declare an explicit, non-empty selector that matches its template"
                  + " labels; the API server would otherwise default or widen it"));
    }
    List<Violation> violations = new ArrayList<>();
    if (LabelSelectors.onlyExcludes(ref.selector())) {
      violations.add(
          Violation.deny(
              id(),
              ref.path(),
              "selector uses only NotIn/DoesNotExist and so selects almost every pod in the"
                  + " namespace; add matchLabels or an In/Exists expression"));
    }
    if (!LabelSelectors.matches(ref.selector(), ref.templateLabels())) {
      violations.add(
          Violation.deny(
              id(),
              ref.labelsPath(),
              "template labels " + ref.templateLabels() + " do not match the selector"));
    }
    for (String key : context.config().requiredSelectorKeys()) {
      if (!LabelSelectors.constrainsKey(ref.selector(), key)) {
        violations.add(
            Violation.deny(
                id(),
                ref.path(),
                "selector must constrain the required label key \"" + key + "\""));
      }
    }
    return violations;
  }
}
