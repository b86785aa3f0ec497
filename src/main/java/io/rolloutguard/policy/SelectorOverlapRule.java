package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RG002: two controllers whose selectors reach each other's pods fight over them. Uses the cluster
 * cache, and only warns until that cache has synced, since it may be incomplete. A trusted
 * controller's child shares its owner's selector by design and is not compared.
 */
public final class SelectorOverlapRule implements ValidatingRule {

  public static final RuleSpec SPEC =
      new RuleSpec(RuleId.RG002, Workloads.SELECTOR_KINDS, false, false, null)
          .withClusterState()
          .aspect("overlap");

  @Override
  public RuleSpec spec() {
    return SPEC;
  }

  @Override
  public List<Violation> validate(HasMetadata object, RuleContext context) {
    ClusterFacts cluster = context.cluster();
    Optional<Workloads.SelectorRef> found = Workloads.selector(object);
    if (!cluster.available()
        || found.isEmpty()
        || LabelSelectors.isEmpty(found.get().selector())
        || context.origin() == Origin.TRUSTED_CONTROLLER) {
      return List.of();
    }
    Workloads.SelectorRef ours = found.get();
    Mode cap = cluster.synced() ? Mode.ENFORCE : Mode.WARN;
    List<Violation> violations = new ArrayList<>();
    for (ClusterFacts.WorkloadSummary other : cluster.workloads(namespace(object))) {
      if (other.kind().equals(object.getKind()) && other.name().equals(name(object))) {
        continue;
      }
      boolean overlaps =
          (!LabelSelectors.isEmpty(other.selector())
                  && LabelSelectors.matches(other.selector(), ours.templateLabels()))
              || LabelSelectors.matches(ours.selector(), other.templateLabels());
      if (overlaps) {
        violations.add(
            new Violation(
                id(),
                ours.path(),
                "selector overlaps with "
                    + other.kind()
                    + " \""
                    + other.name()
                    + "\": both would manage the same pods; make the selectors disjoint",
                cap));
      }
    }
    return violations;
  }

  private static String namespace(HasMetadata object) {
    return object.getMetadata() == null ? null : object.getMetadata().getNamespace();
  }

  private static String name(HasMetadata object) {
    return object.getMetadata() == null ? null : object.getMetadata().getName();
  }
}
