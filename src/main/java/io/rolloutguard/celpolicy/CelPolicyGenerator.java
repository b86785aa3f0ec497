package io.rolloutguard.celpolicy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.rolloutguard.policy.Coverage;
import io.rolloutguard.policy.Kind;
import io.rolloutguard.policy.Mode;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.RuleId;
import io.rolloutguard.policy.Trust;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the rule configuration into MutatingAdmissionPolicy and ValidatingAdmissionPolicy resources
 * that the API server evaluates in-process, for the rules that need no cluster state: RG000, RG001,
 * the shape checks of RG002 and RG003. Pure: the same configuration gives the same documents, so
 * manifests/overlays/cel is checked against it and the app can apply it.
 *
 * <p>Outcomes follow PolicyEngine: enforced checks deny unless the stored object already had the
 * violation (UPDATE) or the object has a controller, in which case they warn; warn and audit modes
 * map to the Warn and Audit actions; exempt namespaces are left out by the bindings'
 * namespaceSelector, per-rule exemptions inside each expression.
 */
public final class CelPolicyGenerator {

  public static final String NAME = "rollout-guard";
  static final String API_VERSION = "admissionregistration.k8s.io/v1";
  static final String IGNORE_LABEL = "rolloutguard.io/ignore";

  /** kubectl debug's ephemeral containers are checked whoever adds them. */
  private static final String EPHEMERAL =
      "(has(request.subResource) && request.subResource == 'ephemeralcontainers')";

  private CelPolicyGenerator() {}

  /**
   * True when the request comes from a trusted controller (the built-in ones and the configured
   * operators): as in the webhooks, the requester decides, never the object's ownerReferences.
   */
  static String fromTrustedController(PolicyConfig config) {
    List<String> names = new ArrayList<>(Trust.BUILT_IN_CONTROLLERS);
    names.addAll(new TreeSet<>(config.trust().operators()));
    return "request.userInfo.username in ["
        + String.join(", ", names.stream().map(n -> "'" + n.replace("'", "\\'") + "'").toList())
        + "]";
  }

  private static String notFromTrustedController(PolicyConfig config) {
    return "!(" + fromTrustedController(config) + ")";
  }

  private static String ephemeralOrNotFromTrustedController(PolicyConfig config) {
    return EPHEMERAL + " || " + notFromTrustedController(config);
  }

  /** The documents, in apply order: each policy before its binding. */
  public static List<Map<String, Object>> generate(PolicyConfig config) {
    List<Map<String, Object>> docs = new ArrayList<>();
    List<Map<String, Object>> mutations = mutations(config);
    if (!mutations.isEmpty()) {
      Map<String, Object> spec = new LinkedHashMap<>();
      spec.put("failurePolicy", "Ignore"); // as the mutating webhook: validation catches a miss
      spec.put("reinvocationPolicy", "IfNeeded");
      spec.put("matchConstraints", matchConstraints());
      spec.put("matchConditions", List.of(condition(ephemeralOrNotFromTrustedController(config))));
      spec.put("variables", variables(CelVariables.forMutation()));
      spec.put("mutations", mutations);
      docs.add(resource("MutatingAdmissionPolicy", NAME, spec));
      docs.add(binding("MutatingAdmissionPolicyBinding", NAME, null, config));
    }
    Map<CelCheck, Mode> checks = CelChecks.all(config);
    List<Map<String, Object>> deny = new ArrayList<>();
    List<Map<String, Object>> warn = new ArrayList<>();
    List<Map<String, Object>> audit = new ArrayList<>();
    checks.forEach(
        (check, mode) -> {
          String exempt = exemption(check.rule(), config);
          switch (mode) {
            case ENFORCE -> {
              deny.add(validation(check, exempt, check.fresh()));
              warn.add(
                  validation(
                      check,
                      exempt,
                      "variables.trusted ? ("
                          + check.present()
                          + ") : ("
                          + check.inherited()
                          + ")"));
            }
            case WARN -> warn.add(validation(check, exempt, check.present()));
            case AUDIT -> audit.add(validation(check, exempt, check.present()));
            case OFF -> throw new IllegalStateException("OFF checks are left out");
          }
        });
    // Deny only what a trusted controller did not send; warn (and audit) like validate-unowned.
    addValidating(docs, "", "Deny", notFromTrustedController(config), deny, config);
    addValidating(docs, "-warn", "Warn", ephemeralOrNotFromTrustedController(config), warn, config);
    addValidating(
        docs, "-audit", "Audit", ephemeralOrNotFromTrustedController(config), audit, config);
    return docs;
  }

  /** The documents as one multi-document YAML stream, after {@code header}. */
  public static String yaml(PolicyConfig config, String header) {
    ObjectMapper mapper =
        new ObjectMapper(
            YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build());
    // Map.of has no stable order: sort keys so the output is byte-for-byte reproducible.
    mapper.enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    StringBuilder out = new StringBuilder(header);
    String separator = "";
    for (Map<String, Object> doc : generate(config)) {
      try {
        out.append(separator).append(mapper.writeValueAsString(doc));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
      separator = "---\n";
    }
    return out.toString();
  }

  private static List<Map<String, Object>> mutations(PolicyConfig config) {
    List<Map<String, Object>> mutations = new ArrayList<>();
    if (config.mode(RuleId.RG001) == Mode.ENFORCE) {
      List<String> lists = new ArrayList<>();
      for (String list : CelChecks.CONTAINER_LISTS) {
        lists.add(
            "variables."
                + list
                + ".transformList(i, c, "
                + MutableTagPullPolicyCel.offender("c", config)
                + ", JSONPatch{op: 'add', path: variables.pointer + '/"
                + list
                + "/' + string(i) + '/imagePullPolicy', value: 'Always'})");
      }
      mutations.add(jsonPatch(RuleId.RG001, config, String.join(" + ", lists)));
    }
    if (config.mode(RuleId.RG003) == Mode.ENFORCE) {
      int floor = config.minReadySecondsFloor();
      mutations.add(
          jsonPatch(
              RuleId.RG003,
              config,
              "variables.hasMinReady && variables.minReady < "
                  + floor
                  + " && variables.containers.exists(c, has(c.readinessProbe)) ?"
                  + " [JSONPatch{op: 'add', path: '/spec/minReadySeconds', value: "
                  + floor
                  + "}] : []"));
    }
    return mutations;
  }

  private static Map<String, Object> jsonPatch(RuleId rule, PolicyConfig config, String patches) {
    String exempt = exemption(rule, config);
    String expression = exempt.equals("false") ? patches : exempt + " ? [] : " + patches;
    return Map.of("patchType", "JSONPatch", "jsonPatch", Map.of("expression", expression));
  }

  private static void addValidating(
      List<Map<String, Object>> docs,
      String suffix,
      String action,
      String matchCondition,
      List<Map<String, Object>> validations,
      PolicyConfig config) {
    if (validations.isEmpty()) {
      return;
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("failurePolicy", "Fail");
    spec.put("matchConstraints", matchConstraints());
    spec.put("matchConditions", List.of(condition(matchCondition)));
    spec.put("variables", variables(CelVariables.forValidation(fromTrustedController(config))));
    spec.put("validations", validations);
    docs.add(resource("ValidatingAdmissionPolicy", NAME + suffix, spec));
    docs.add(binding("ValidatingAdmissionPolicyBinding", NAME + suffix, action, config));
  }

  /** Per-rule exempt namespaces; the global ones never reach the policy (namespaceSelector). */
  private static String exemption(RuleId rule, PolicyConfig config) {
    Set<String> namespaces =
        new TreeSet<>(config.ruleExemptNamespaces().getOrDefault(rule, Set.of()));
    namespaces.removeAll(config.exemptNamespaces());
    return namespaces.isEmpty() ? "false" : "request.namespace in " + Cel.strings(namespaces);
  }

  private static Map<String, Object> validation(CelCheck check, String exempt, String violated) {
    Map<String, Object> v = new LinkedHashMap<>();
    String ok = "!(" + violated + ")";
    v.put("expression", exempt.equals("false") ? ok : exempt + " || " + ok);
    v.put("message", "[" + check.rule().name() + "] " + check.message() + " (rollout-guard)");
    v.put("reason", "Forbidden"); // 403, as the webhook answers
    return v;
  }

  private static Map<String, Object> condition(String expression) {
    return Map.of("name", "not-from-a-trusted-controller", "expression", expression);
  }

  private static List<Map<String, Object>> variables(Map<String, String> variables) {
    List<Map<String, Object>> list = new ArrayList<>();
    variables.forEach(
        (name, expression) -> list.add(Map.of("name", name, "expression", expression)));
    return list;
  }

  /** The resources the webhooks see, minus RolloutPolicies (RG006 needs state). */
  /** The kinds of the rules that need no cluster state, as their specs say. */
  private static Map<String, Object> matchConstraints() {
    Map<String, List<String>> byGroup = new LinkedHashMap<>();
    for (Kind kind : new TreeSet<>(Coverage.statelessKinds())) {
      List<String> resources = byGroup.computeIfAbsent(kind.group(), g -> new ArrayList<>());
      resources.add(kind.resource());
      if (kind == Kind.POD) {
        resources.add("pods/ephemeralcontainers"); // kubectl debug adds containers there
      }
    }
    List<Map<String, Object>> rules = new ArrayList<>();
    byGroup.forEach((group, resources) -> rules.add(rule(group, resources.toArray(String[]::new))));
    return Map.of("resourceRules", rules);
  }

  private static Map<String, Object> rule(String group, String... resources) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("apiGroups", List.of(group));
    rule.put("apiVersions", List.of("v1"));
    rule.put("operations", List.of("CREATE", "UPDATE"));
    rule.put("resources", List.of(resources));
    rule.put("scope", "Namespaced");
    return rule;
  }

  private static Map<String, Object> binding(
      String kind, String policy, String action, PolicyConfig config) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("policyName", policy);
    if (action != null) {
      spec.put("validationActions", List.of(action));
    }
    spec.put(
        "matchResources",
        Map.of(
            "namespaceSelector",
            Map.of(
                "matchExpressions",
                List.of(
                    expression(
                        "kubernetes.io/metadata.name",
                        new ArrayList<>(new TreeSet<>(config.exemptNamespaces()))),
                    expression(IGNORE_LABEL, List.of("true"))))));
    return resource(kind, policy, spec);
  }

  private static Map<String, Object> expression(String key, List<String> values) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("key", key);
    e.put("operator", "NotIn");
    e.put("values", values);
    return e;
  }

  private static Map<String, Object> resource(String kind, String name, Map<String, Object> spec) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", API_VERSION);
    doc.put("kind", kind);
    doc.put(
        "metadata",
        Map.of("name", name, "labels", Map.of("app.kubernetes.io/name", "rollout-guard")));
    doc.put("spec", spec);
    return doc;
  }
}
