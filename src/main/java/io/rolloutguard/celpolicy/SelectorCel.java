package io.rolloutguard.celpolicy;

import io.rolloutguard.policy.Mode;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.RuleId;
import io.rolloutguard.policy.SelectorRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * SelectorRule in CEL: empty, only excluding, not matching the template, missing a required key.
 * Each is written once over a {@link Side}; a violation is inherited when the stored object had it.
 */
final class SelectorCel {

  private static final RuleId RULE = SelectorRule.SPEC.id();
  private static final String NARROWING = "['In', 'Exists']";

  private SelectorCel() {}

  static List<CelCheck> checks(PolicyConfig config) {
    List<CelCheck> checks = new ArrayList<>();
    checks.add(
        check(
            "a workload must declare an explicit, non-empty selector that matches its template"
                + " labels",
            s -> s.var("selects") + " && " + empty(s),
            ""));
    checks.add(
        check(
            "the selector uses only NotIn/DoesNotExist and so selects almost every pod in the"
                + " namespace; add matchLabels or an In/Exists expression",
            s -> declared(s) + onlyExcludes(s),
            ""));
    checks.add(
        check(
            "the template labels do not match the selector",
            s -> declared(s) + "!" + matches(s),
            // A changed template may no longer match a selector that did not change.
            " && variables.oldTemplateLabels == variables.templateLabels"));
    for (String key : config.requiredSelectorKeys().stream().sorted().toList()) {
      String k = Cel.string(key);
      checks.add(
          check(
              "the selector must constrain the required label key \"" + key + "\"",
              s -> declared(s) + lacksKey(s, k),
              ""));
    }
    return checks;
  }

  private static CelCheck check(
      String message, Function<Side, String> violated, String oldAlsoHolds) {
    return CelCheck.whole(
        RULE,
        Mode.ENFORCE,
        message,
        violated.apply(Side.NEW),
        violated.apply(Side.OLD) + oldAlsoHolds);
  }

  /** The kind must declare a selector, and it is not empty. */
  private static String declared(Side s) {
    return s.var("selects") + " && !(" + empty(s) + ") && ";
  }

  private static String empty(Side s) {
    return "size("
        + s.var("matchLabels")
        + ") == 0 && size("
        + s.var("matchExpressions")
        + ") == 0";
  }

  private static String onlyExcludes(Side s) {
    return "size("
        + s.var("matchLabels")
        + ") == 0 && !"
        + s.var("matchExpressions")
        + ".exists(e, e.?operator.orValue('') in "
        + NARROWING
        + ")";
  }

  private static String lacksKey(Side s, String key) {
    return "!("
        + key
        + " in "
        + s.var("matchLabels")
        + ") && !"
        + s.var("matchExpressions")
        + ".exists(e, e.?key.orValue('') == "
        + key
        + " && e.?operator.orValue('') in "
        + NARROWING
        + ")";
  }

  /** LabelSelectors.matches: every label pinned, every expression met; unknown operators fail. */
  private static String matches(Side s) {
    String ml = s.var("matchLabels");
    String labels = s.var("templateLabels");
    String value = labels + "[r.key]";
    String values = "r.?values.orValue([])";
    return "("
        + ml
        + ".all(k, k in "
        + labels
        + " && "
        + labels
        + "[k] == "
        + ml
        + "[k]) && "
        + s.var("matchExpressions")
        + ".all(r, r.?operator.orValue('') == 'In' ? (r.key in "
        + labels
        + " && "
        + value
        + " in "
        + values
        + ") : r.?operator.orValue('') == 'NotIn' ? (!(r.key in "
        + labels
        + ") || !("
        + value
        + " in "
        + values
        + ")) : r.?operator.orValue('') == 'Exists' ? r.key in "
        + labels
        + " : r.?operator.orValue('') == 'DoesNotExist' ? !(r.key in "
        + labels
        + ") : false))";
  }
}
