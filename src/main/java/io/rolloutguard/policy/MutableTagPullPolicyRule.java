package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * RG001: a mutable image must be pulled on every start, or nodes that cached an older push keep
 * running it. Kubernetes defaults the pull policy only on create, so updates matter most.
 */
public final class MutableTagPullPolicyRule implements MutatingRule, ValidatingRule {

  static final String ALWAYS = "Always";

  public static final RuleSpec SPEC =
      new RuleSpec(RuleId.RG001, Workloads.POD_SPEC_KINDS, false, false, null);

  @Override
  public RuleSpec spec() {
    return SPEC;
  }

  @Override
  public List<Change> mutate(HasMetadata object, RuleContext context) {
    List<Change> changes = new ArrayList<>();
    for (ContainerRef c : offenders(object, context.config())) {
      String before = c.imagePullPolicy() == null ? "unset" : c.imagePullPolicy();
      c.setImagePullPolicy(ALWAYS);
      changes.add(
          new Change(
              id(),
              c.path() + ".imagePullPolicy",
              "set to Always (was "
                  + before
                  + ") because image \""
                  + c.image()
                  + "\" of container \""
                  + c.name()
                  + "\" has a mutable tag"));
    }
    return changes;
  }

  @Override
  public List<Violation> validate(HasMetadata object, RuleContext context) {
    return offenders(object, context.config()).stream()
        .map(
            c ->
                Violation.deny(
                    id(),
                    c.path() + ".imagePullPolicy",
                    "container \""
                        + c.name()
                        + "\" runs mutable image \""
                        + c.image()
                        + "\" with imagePullPolicy "
                        + (c.imagePullPolicy() == null ? "unset" : c.imagePullPolicy())
                        + "; set imagePullPolicy: Always or pin the image by digest"))
        .toList();
  }

  private static List<ContainerRef> offenders(HasMetadata object, PolicyConfig config) {
    List<ContainerRef> offenders = new ArrayList<>();
    for (PodSpecRef pod : Workloads.podSpecs(object)) {
      for (ContainerRef c : pod.allContainers()) {
        if (!ALWAYS.equals(c.imagePullPolicy())
            && !config.exemptImage(String.valueOf(c.image()))
            && isMutable(c.image(), config)) {
          offenders.add(c);
        }
      }
    }
    return offenders;
  }

  private static boolean isMutable(String image, PolicyConfig config) {
    try {
      return ImageMutability.isMutable(ImageReference.parse(image), config);
    } catch (InvalidImageReferenceException e) {
      return false; // RG000 reports it
    }
  }
}
