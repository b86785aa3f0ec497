package io.rolloutguard.celpolicy;

import io.rolloutguard.policy.Mode;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.RuleId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stateless checks of RG000 to RG003 in CEL, one class per Java rule: {@link InvalidImageCel},
 * {@link MutableTagPullPolicyCel}, {@link SelectorCel}, {@link ServiceSelectorCel} and {@link
 * MinReadySecondsCel}. The expressions read the variables of {@link CelVariables}.
 */
final class CelChecks {

  /** The container lists of a pod spec, in PodSpecRef.allContainers order. */
  static final List<String> CONTAINER_LISTS =
      List.of("initContainers", "containers", "ephemeralContainers");

  private CelChecks() {}

  /** Every check with the mode it runs in, OFF ones left out. */
  static Map<CelCheck, Mode> all(PolicyConfig config) {
    List<CelCheck> checks = new ArrayList<>();
    checks.add(InvalidImageCel.check());
    checks.add(MutableTagPullPolicyCel.check(config));
    checks.addAll(SelectorCel.checks(config));
    checks.add(ServiceSelectorCel.check(config));
    checks.addAll(MinReadySecondsCel.checks(config));
    Map<CelCheck, Mode> modes = new LinkedHashMap<>();
    for (CelCheck check : checks) {
      Mode mode = config.mode(check.rule()).cappedAt(check.cap());
      if (mode != Mode.OFF) {
        modes.put(check, mode);
      }
    }
    return modes;
  }

  /**
   * One check over the containers of every list; an entry's violation is inherited when the old
   * entry at its index has the same name and image (and, with {@code samePullPolicy}, policy).
   */
  static CelCheck perContainer(
      RuleId rule, String message, String violated, boolean samePullPolicy) {
    List<CelCheck> lists = new ArrayList<>();
    for (String list : CONTAINER_LISTS) {
      lists.add(
          CelCheck.perEntry(
              rule,
              Mode.ENFORCE,
              message,
              Side.NEW.var(list),
              Side.OLD.var(list),
              violated,
              o ->
                  same(o, "c", "name")
                      + " && "
                      + same(o, "c", "image")
                      + (samePullPolicy ? " && " + same(o, "c", "imagePullPolicy") : "")));
    }
    return CelCheck.anyOf(lists.get(0), lists.get(1), lists.get(2));
  }

  /** Both have the field with the same value, or both lack it. */
  static String same(String a, String b, String field) {
    return "has("
        + a
        + "."
        + field
        + ") == has("
        + b
        + "."
        + field
        + ") && "
        + a
        + ".?"
        + field
        + ".orValue('') == "
        + b
        + ".?"
        + field
        + ".orValue('')";
  }
}
