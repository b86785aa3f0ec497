package io.rolloutguard.celpolicy;

import io.rolloutguard.policy.Mode;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.RuleId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The stateless checks of RG000 to RG003 in CEL, each the twin of a Java rule: InvalidImageRule,
 * MutableTagPullPolicyRule (with ImageMutability), SelectorRule, ServiceSelectorRule and
 * MinReadySecondsRule. The expressions read the variables of {@link CelVariables}.
 */
final class CelChecks {

  /** The container lists of a pod spec, in PodSpecRef.allContainers order. */
  static final List<String> CONTAINER_LISTS =
      List.of("initContainers", "containers", "ephemeralContainers");

  private static final String NARROWING = "['In', 'Exists']";

  private CelChecks() {}

  static String validImage(String c) {
    return "(has("
        + c
        + ".image) && "
        + c
        + ".image.matches("
        + Cel.string(ImageGrammar.REFERENCE)
        + ") && "
        + c
        + ".image.matches("
        + Cel.string(ImageGrammar.NAME_LENGTH)
        + "))";
  }

  /** MutableTagPullPolicyRule.offenders for one container. */
  static String pullPolicyOffender(String c, PolicyConfig config) {
    return "("
        + c
        + ".?imagePullPolicy.orValue('') != 'Always' && "
        + validImage(c)
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

  /** Every check with the mode it runs in, OFF ones left out. */
  static Map<CelCheck, Mode> all(PolicyConfig config) {
    Map<CelCheck, Mode> checks = new java.util.LinkedHashMap<>();
    for (CelCheck check : checks(config)) {
      Mode mode = config.mode(check.rule()).cappedAt(check.cap());
      if (mode != Mode.OFF) {
        checks.put(check, mode);
      }
    }
    return checks;
  }

  private static List<CelCheck> checks(PolicyConfig config) {
    List<CelCheck> checks = new ArrayList<>();
    checks.add(perContainer(RuleId.RG000, "an image is invalid", "!" + validImage("c"), false));
    checks.add(
        perContainer(
            RuleId.RG001,
            "a container runs a mutable image without imagePullPolicy: Always; set it or pin the"
                + " image by digest",
            pullPolicyOffender("c", config),
            true));
    checks.addAll(selectorChecks(config));
    checks.add(serviceWithoutSelector(config));
    checks.addAll(minReadySecondsChecks(config));
    return checks;
  }

  private static CelCheck perContainer(
      RuleId rule, String message, String violated, boolean samePullPolicy) {
    List<CelCheck> lists = new ArrayList<>();
    for (String list : CONTAINER_LISTS) {
      String old = "variables.old" + Character.toUpperCase(list.charAt(0)) + list.substring(1);
      lists.add(
          CelCheck.perEntry(
              rule,
              Mode.ENFORCE,
              message,
              "variables." + list,
              old,
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
  private static String same(String a, String b, String field) {
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

  /** SelectorRule: empty, only excluding, not matching the template, missing a required key. */
  private static List<CelCheck> selectorChecks(PolicyConfig config) {
    String empty = "size(variables.matchLabels) == 0 && size(variables.matchExpressions) == 0";
    String oldEmpty =
        "size(variables.oldMatchLabels) == 0 && size(variables.oldMatchExpressions) == 0";
    String onlyExcludes =
        "size(variables.matchLabels) == 0 && !variables.matchExpressions.exists(e,"
            + " e.?operator.orValue('') in "
            + NARROWING
            + ")";
    String oldOnlyExcludes =
        "size(variables.oldMatchLabels) == 0 && !variables.oldMatchExpressions.exists(e,"
            + " e.?operator.orValue('') in "
            + NARROWING
            + ")";
    List<CelCheck> checks = new ArrayList<>();
    checks.add(
        CelCheck.whole(
            RuleId.RG002,
            Mode.ENFORCE,
            "a workload must declare an explicit, non-empty selector that matches its template"
                + " labels",
            "variables.selects && " + empty,
            "variables.oldSelects && " + oldEmpty));
    checks.add(
        CelCheck.whole(
            RuleId.RG002,
            Mode.ENFORCE,
            "the selector uses only NotIn/DoesNotExist and so selects almost every pod in the"
                + " namespace; add matchLabels or an In/Exists expression",
            "variables.selects && !(" + empty + ") && " + onlyExcludes,
            "variables.oldSelects && !(" + oldEmpty + ") && " + oldOnlyExcludes));
    checks.add(
        CelCheck.whole(
            RuleId.RG002,
            Mode.ENFORCE,
            "the template labels do not match the selector",
            "variables.selects && !("
                + empty
                + ") && !"
                + matches(
                    "variables.matchLabels",
                    "variables.matchExpressions",
                    "variables.templateLabels"),
            "variables.oldSelects && !("
                + oldEmpty
                + ") && !"
                + matches(
                    "variables.oldMatchLabels",
                    "variables.oldMatchExpressions",
                    "variables.oldTemplateLabels")
                + " && variables.oldTemplateLabels == variables.templateLabels"));
    for (String key : config.requiredSelectorKeys().stream().sorted().toList()) {
      String k = Cel.string(key);
      checks.add(
          CelCheck.whole(
              RuleId.RG002,
              Mode.ENFORCE,
              "the selector must constrain the required label key \"" + key + "\"",
              "variables.selects && !(" + empty + ") && " + lacksKey("", k),
              "variables.oldSelects && !(" + oldEmpty + ") && " + lacksKey("Old", k)));
    }
    return checks;
  }

  private static String lacksKey(String prefix, String key) {
    String ml = "variables." + (prefix.isEmpty() ? "matchLabels" : "oldMatchLabels");
    String ex = "variables." + (prefix.isEmpty() ? "matchExpressions" : "oldMatchExpressions");
    return "!("
        + key
        + " in "
        + ml
        + ") && !"
        + ex
        + ".exists(e, e.?key.orValue('') == "
        + key
        + " && e.?operator.orValue('') in "
        + NARROWING
        + ")";
  }

  /** LabelSelectors.matches: every label pinned, every expression met; unknown operators fail. */
  private static String matches(String ml, String ex, String labels) {
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
        + ex
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

  /** ServiceSelectorRule: capped at its own mode. */
  private static CelCheck serviceWithoutSelector(PolicyConfig config) {
    String without =
        "request.kind.kind == 'Service' && has(%1$s.spec) && %1$s.spec.?type.orValue('') !="
            + " 'ExternalName' && size(%1$s.spec.?selector.orValue({})) == 0";
    return CelCheck.whole(
        RuleId.RG002,
        config.serviceWithoutSelector(),
        "the Service has no selector, so it routes to no pods unless its endpoints are managed"
            + " by hand; add a selector",
        String.format(without, "object"),
        String.format(without, "oldObject"));
  }

  /** MinReadySecondsRule's checks; the missing-probe one only ever warns. */
  private static List<CelCheck> minReadySecondsChecks(PolicyConfig config) {
    List<CelCheck> checks = new ArrayList<>();
    checks.add(
        CelCheck.whole(
            RuleId.RG003,
            Mode.ENFORCE,
            "minReadySeconds is above the maximum of " + config.minReadySecondsMax(),
            "variables.hasMinReady && variables.minReady > " + config.minReadySecondsMax(),
            "variables.oldHasMinReady && variables.oldMinReady == variables.minReady"));
    String deployment = "request.kind.kind == 'Deployment' && variables.hasMinReady";
    String stuck = "variables.minReady >= variables.deadline";
    checks.add(
        CelCheck.whole(
            RuleId.RG003,
            Mode.ENFORCE,
            "minReadySeconds must be below progressDeadlineSeconds, or no rollout can ever"
                + " progress",
            deployment + " && " + stuck,
            "variables.oldHasMinReady && variables.oldMinReady == variables.minReady"
                + " && variables.oldDeadline == variables.deadline"));
    checks.add(
        CelCheck.perEntry(
            RuleId.RG003,
            Mode.ENFORCE,
            "a container's readinessProbe can pass at the earliest when progressDeadlineSeconds"
                + " is reached",
            "variables.containers",
            "variables.oldContainers",
            deployment
                + " && !("
                + stuck
                + ") && has(c.readinessProbe) && "
                + firstAvailable("c", "variables.minReady")
                + " >= variables.deadline",
            o ->
                "variables.oldHasMinReady && variables.oldMinReady == variables.minReady"
                    + " && variables.oldDeadline == variables.deadline && "
                    + same(o, "c", "name")
                    + " && has("
                    + o
                    + ".readinessProbe) && "
                    + probeField(o, "initialDelaySeconds", 0)
                    + " == "
                    + probeField("c", "initialDelaySeconds", 0)
                    + " && "
                    + probeField(o, "periodSeconds", 10)
                    + " == "
                    + probeField("c", "periodSeconds", 10)
                    + " && "
                    + probeField(o, "successThreshold", 1)
                    + " == "
                    + probeField("c", "successThreshold", 1)));
    checks.add(
        CelCheck.whole(
            RuleId.RG003,
            Mode.WARN,
            "no container has a readinessProbe, so pods count as ready as soon as they start and"
                + " a broken version can replace every replica",
            deployment
                + " && object.spec.?replicas.orValue(0) > 1"
                + " && !variables.containers.exists(c, has(c.readinessProbe))",
            "false"));
    return checks;
  }

  private static String firstAvailable(String c, String minReady) {
    return "("
        + probeField(c, "initialDelaySeconds", 0)
        + " + "
        + probeField(c, "periodSeconds", 10)
        + " * "
        + probeField(c, "successThreshold", 1)
        + " + "
        + minReady
        + ")";
  }

  private static String probeField(String c, String field, int fallback) {
    return c + ".readinessProbe.?" + field + ".orValue(" + fallback + ")";
  }
}
