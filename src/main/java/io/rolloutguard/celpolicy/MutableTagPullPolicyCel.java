package io.rolloutguard.celpolicy;

import io.rolloutguard.policy.MutableTagPullPolicyRule;
import io.rolloutguard.policy.PolicyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** MutableTagPullPolicyRule (with ImageMutability) in CEL; its offenders are also mutated. */
final class MutableTagPullPolicyCel {

  private MutableTagPullPolicyCel() {}

  static CelCheck check(PolicyConfig config) {
    return CelChecks.perContainer(
        MutableTagPullPolicyRule.SPEC.id(),
        "a container runs a mutable image without imagePullPolicy: Always; set it or pin the"
            + " image by digest",
        offender("c", config),
        true);
  }

  /** MutableTagPullPolicyRule.offenders for one container. */
  static String offender(String c, PolicyConfig config) {
    return "("
        + c
        + ".?imagePullPolicy.orValue('') != 'Always' && "
        + InvalidImageCel.validImage(c)
        + " && !("
        + exemptImage(c + ".image", config)
        + ") && "
        + mutable(c + ".image", config)
        + ")";
  }

  private static String exemptImage(String image, PolicyConfig config) {
    if (config.exemptImages().isEmpty()) {
      return "false";
    }
    return config.exemptImages().stream()
        .map(p -> Cel.wholeMatch(image, p, "rolloutguard.images.exempt"))
        .collect(Collectors.joining(" || "));
  }

  /** ImageMutability.isMutable for a valid reference, where the tag follows the last ':'. */
  private static String mutable(String image, PolicyConfig config) {
    String tag = image + ".substring(" + image + ".lastIndexOf(':') + 1)";
    List<String> mutableIf = new ArrayList<>();
    mutableIf.add(image + ".lastIndexOf(':') <= " + image + ".lastIndexOf('/')");
    if (config.digestOnly()) {
      mutableIf.add("true");
    }
    if (!config.mutableTags().isEmpty()) {
      mutableIf.add(tag + " in " + Cel.strings(config.mutableTags()));
    }
    for (Pattern p : config.mutableTagPatterns()) {
      mutableIf.add(Cel.wholeMatch(tag, p, "rolloutguard.images.mutable-tag-patterns"));
    }
    return "(!" + image + ".contains('@') && (" + String.join(" || ", mutableIf) + "))";
  }
}
