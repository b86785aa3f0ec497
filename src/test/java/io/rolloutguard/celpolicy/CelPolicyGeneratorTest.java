package io.rolloutguard.celpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolloutguard.policy.Mode;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.RuleId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CelPolicyGeneratorTest {

  private static List<String> kinds(List<Map<String, Object>> docs) {
    return docs.stream().map(d -> d.get("kind") + "/" + name(d)).toList();
  }

  @SuppressWarnings("unchecked")
  private static String name(Map<String, Object> doc) {
    return (String) ((Map<String, Object>) doc.get("metadata")).get("name");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(
      List<Map<String, Object>> docs, String kind, String name) {
    return docs.stream()
        .filter(d -> d.get("kind").equals(kind) && name(d).equals(name))
        .map(d -> (Map<String, Object>) d.get("spec"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(kind + "/" + name + " missing: " + kinds(docs)));
  }

  @SuppressWarnings("unchecked")
  private static String validations(Map<String, Object> spec) {
    return String.valueOf(spec.get("validations"));
  }

  @Test
  void defaultsMutateDenyAndWarn() {
    List<Map<String, Object>> docs = CelPolicyGenerator.generate(CelOverlayTest.defaults());

    assertEquals(
        List.of(
            "MutatingAdmissionPolicy/rollout-guard",
            "MutatingAdmissionPolicyBinding/rollout-guard",
            "ValidatingAdmissionPolicy/rollout-guard",
            "ValidatingAdmissionPolicyBinding/rollout-guard",
            "ValidatingAdmissionPolicy/rollout-guard-warn",
            "ValidatingAdmissionPolicyBinding/rollout-guard-warn"),
        kinds(docs));
    assertEquals(
        List.of("Deny"),
        spec(docs, "ValidatingAdmissionPolicyBinding", "rollout-guard").get("validationActions"));
    assertEquals(
        List.of("Warn"),
        spec(docs, "ValidatingAdmissionPolicyBinding", "rollout-guard-warn")
            .get("validationActions"));
  }

  @Test
  void exemptNamespacesAreLeftOutByTheBindings() {
    List<Map<String, Object>> docs = CelPolicyGenerator.generate(CelOverlayTest.defaults());

    String selector =
        String.valueOf(
            spec(docs, "ValidatingAdmissionPolicyBinding", "rollout-guard").get("matchResources"));
    for (String ns : List.of("kube-system", "kube-public", "kube-node-lease", "rollout-guard")) {
      assertTrue(selector.contains(ns), selector);
    }
    assertTrue(selector.contains("rolloutguard.io/ignore"), selector);
  }

  @Test
  void warnModeMovesARuleToTheWarnPolicyAndDropsItsMutation() {
    PolicyConfig config =
        PolicyConfig.builder().mode(RuleId.RG001, Mode.WARN).mode(RuleId.RG003, Mode.OFF).build();

    List<Map<String, Object>> docs = CelPolicyGenerator.generate(config);

    assertFalse(
        kinds(docs).contains("MutatingAdmissionPolicy/rollout-guard"), kinds(docs).toString());
    assertFalse(
        validations(spec(docs, "ValidatingAdmissionPolicy", "rollout-guard")).contains("[RG001]"));
    assertTrue(
        validations(spec(docs, "ValidatingAdmissionPolicy", "rollout-guard-warn"))
            .contains("[RG001]"));
    assertFalse(
        validations(spec(docs, "ValidatingAdmissionPolicy", "rollout-guard-warn"))
            .contains("[RG003]"));
  }

  @Test
  void auditModeGetsAnAuditBinding() {
    List<Map<String, Object>> docs =
        CelPolicyGenerator.generate(PolicyConfig.builder().mode(RuleId.RG000, Mode.AUDIT).build());

    assertEquals(
        List.of("Audit"),
        spec(docs, "ValidatingAdmissionPolicyBinding", "rollout-guard-audit")
            .get("validationActions"));
    assertTrue(
        validations(spec(docs, "ValidatingAdmissionPolicy", "rollout-guard-audit"))
            .contains("[RG000]"));
  }

  @Test
  void everyRuleOffGivesNoDocuments() {
    PolicyConfig.Builder builder = PolicyConfig.builder().serviceWithoutSelector(Mode.OFF);
    for (RuleId rule : RuleId.values()) {
      builder.mode(rule, Mode.OFF);
    }

    assertEquals(List.of(), CelPolicyGenerator.generate(builder.build()));
  }

  @Test
  void perRuleExemptionsGoInsideTheExpressions() {
    PolicyConfig config =
        PolicyConfig.builder().ruleExemptNamespaces(Map.of(RuleId.RG001, Set.of("legacy"))).build();

    String yaml = CelPolicyGenerator.yaml(config, "");

    assertTrue(yaml.contains("request.namespace in ['legacy']"), yaml);
  }

  @Test
  void configuredValuesAreEscapedAsCelStrings() {
    PolicyConfig config =
        PolicyConfig.builder()
            .mutableTags(Set.of("it's"))
            .exemptImages(List.of(PolicyConfig.glob("registry.local/*")))
            .build();

    String expressions = String.valueOf(CelPolicyGenerator.generate(config));

    assertTrue(expressions.contains("in ['it\\'s']"), expressions);
    assertTrue(expressions.contains(".matches('^(?:\\\\Qr\\\\E\\\\Qe\\\\E"), expressions);
  }

  @Test
  void javaOnlyRegexSyntaxIsRefusedWithTheProperty() {
    PolicyConfig config =
        PolicyConfig.builder().mutableTagPatterns(List.of(Pattern.compile("(?!v\\d).*"))).build();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CelPolicyGenerator.generate(config));

    assertTrue(e.getMessage().contains("rolloutguard.images.mutable-tag-patterns"), e.getMessage());
  }
}
