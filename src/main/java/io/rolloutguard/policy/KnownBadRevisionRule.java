package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * RG005: a pod template the controller rolled back is not applied again, or GitOps tools would
 * loop: re-apply, fail, roll back, re-apply. Only a change of the template to a failed one counts;
 * writes that keep the template (the controller's own pause, a scale) pass. Adding {@code
 * rolloutguard.io/retry: "true"} lets it through once: an annotation the stored object already
 * carries does not count again.
 */
public final class KnownBadRevisionRule implements ValidatingRule {

  public static final String RETRY_ANNOTATION = "rolloutguard.io/retry";

  public static final RuleSpec SPEC =
      new RuleSpec(RuleId.RG005, EnumSet.of(Kind.DEPLOYMENT), false, false, null)
          .withClusterState()
          .forGuardedOnly();

  @Override
  public RuleSpec spec() {
    return SPEC;
  }

  @Override
  public List<Violation> validate(HasMetadata object, RuleContext context) {
    if (!(object instanceof Deployment d)
        || d.getSpec() == null
        || d.getSpec().getTemplate() == null
        || retryRequested(object, context.oldObject())) {
      return List.of();
    }
    var guard =
        context.cluster().guardFor(d.getMetadata().getNamespace(), d.getMetadata().getName());
    if (guard.isEmpty() || guard.get().failed().isEmpty()) {
      return List.of();
    }
    String hash = TemplateHash.of(d.getSpec().getTemplate());
    if (context.oldObject() instanceof Deployment old
        && old.getSpec() != null
        && old.getSpec().getTemplate() != null
        && hash.equals(TemplateHash.of(old.getSpec().getTemplate()))) {
      return List.of(); // not a re-apply: a pause, scale or annotation change on the same template
    }
    if (hash.equals(guard.get().stableTemplateHash())) {
      return List.of(); // the stable revision: a rollback (ours or kubectl rollout undo) goes here
    }
    return guard.get().failed().stream()
        .filter(f -> Objects.equals(hash, f.templateHash()))
        .reduce((a, b) -> b)
        .map(
            f ->
                List.of(
                    Violation.deny(
                        id(),
                        "spec.template",
                        "this pod template (revision "
                            + f.revision()
                            + ") was rolled back by RolloutPolicy \""
                            + guard.get().policy()
                            + "\" at "
                            + f.time()
                            + ": "
                            + f.reason()
                            + "; fix it, or add the annotation "
                            + RETRY_ANNOTATION
                            + ": \"true\" to try it once more")))
        .orElse(List.of());
  }

  /** True when this request newly adds the retry annotation. */
  public static boolean retryRequested(HasMetadata object, HasMetadata oldObject) {
    return "true".equals(annotation(object)) && !"true".equals(annotation(oldObject));
  }

  private static String annotation(HasMetadata object) {
    if (object == null || object.getMetadata() == null) {
      return null;
    }
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(RETRY_ANNOTATION);
  }
}
