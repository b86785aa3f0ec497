package io.rolloutguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.Mode;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.PolicyEngine;
import io.rolloutguard.policy.RuleId;
import io.rolloutguard.policy.Trust;
import io.rolloutguard.policy.Workloads;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The pure audit: cached objects and configuration in, PolicyReport contents out. */
class ReportBuilderTest {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** As Quarkus configures the webhook's mapper (check.Mappers does the same without Quarkus). */
  static final ObjectMapper MAPPER =
      com.fasterxml.jackson.databind.json.JsonMapper.builder()
          .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  static final List<HasMetadata> WORKLOADS = load("workloads-before-rollout-guard.yaml");

  /** With the default configuration: every rule that applies to each kind, once per object. */
  static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("team-a Deployment/bad RG000", "pass"),
          Map.entry("team-a Deployment/bad RG001", "fail"),
          Map.entry("team-a Deployment/bad RG002", "pass"),
          Map.entry("team-a Deployment/bad RG003", "pass"),
          Map.entry("team-a Deployment/good RG000", "pass"),
          Map.entry("team-a Deployment/good RG001", "pass"),
          Map.entry("team-a Deployment/good RG002", "pass"),
          Map.entry("team-a Deployment/good RG003", "pass"),
          Map.entry("team-a Deployment/noprobe RG000", "pass"),
          Map.entry("team-a Deployment/noprobe RG001", "pass"),
          Map.entry("team-a Deployment/noprobe RG002", "pass"),
          Map.entry("team-a Deployment/noprobe RG003", "warn"),
          Map.entry("team-a StatefulSet/web RG000", "fail"),
          Map.entry("team-a StatefulSet/web RG001", "pass"),
          Map.entry("team-a StatefulSet/web RG002", "pass"),
          Map.entry("team-a StatefulSet/web RG003", "pass"),
          Map.entry("team-b Deployment/a RG000", "pass"),
          Map.entry("team-b Deployment/a RG001", "pass"),
          Map.entry("team-b Deployment/a RG002", "fail"),
          Map.entry("team-b Deployment/a RG003", "pass"),
          Map.entry("team-b Deployment/b RG000", "pass"),
          Map.entry("team-b Deployment/b RG001", "pass"),
          Map.entry("team-b Deployment/b RG002", "fail"),
          Map.entry("team-b Deployment/b RG003", "pass"));

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("defaults", config(b -> b), Map.of()),
        Arguments.of(
            "RG001 in warn mode: no mutation, a warning",
            config(b -> b.mode(RuleId.RG001, Mode.WARN)),
            Map.of("team-a Deployment/bad RG001", "warn")),
        Arguments.of(
            "RG001 in audit mode: a failure",
            config(b -> b.mode(RuleId.RG001, Mode.AUDIT)),
            Map.of()),
        Arguments.of(
            "RG001 off: no RG001 results",
            config(b -> b.mode(RuleId.RG001, Mode.OFF)),
            without(RuleId.RG001)),
        Arguments.of(
            "RG001 exempt in team-a: skipped there",
            config(b -> b.ruleExemptNamespaces(Map.of(RuleId.RG001, Set.of("team-a")))),
            Map.of(
                "team-a Deployment/bad RG001", "skip",
                "team-a Deployment/good RG001", "skip",
                "team-a Deployment/noprobe RG001", "skip",
                "team-a StatefulSet/web RG001", "skip")),
        Arguments.of(
            "team-b exempt from every rule: no report",
            config(
                b ->
                    b.exemptNamespaces(
                        Set.of("kube-system", "kube-public", "kube-node-lease", "team-b"))),
            inNamespace("team-b")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void resultPerRuleAndObject(String name, PolicyConfig config, Map<String, String> changes) {
    Map<String, String> expected = new TreeMap<>(DEFAULTS);
    changes.forEach(
        (key, value) -> {
          if (value == null) {
            expected.remove(key);
          } else {
            expected.put(key, value);
          }
        });

    Map<String, List<Report>> reports = builder(config, 800_000).build(WORKLOADS, facts());

    assertEquals(expected, results(reports));
  }

  @Test
  void messagesSeverityAndPropertiesSayWhatAdmissionWouldDo() {
    Map<String, List<Report>> reports =
        builder(PolicyConfig.defaults(), 800_000).build(WORKLOADS, facts());

    AuditResult mutated = find(reports, "bad", RuleId.RG001);
    assertEquals("medium", mutated.severity());
    assertEquals("mutate", mutated.properties().get("outcome"));
    assertEquals(
        "spec.template.spec.containers[0].imagePullPolicy: set to Always (was IfNotPresent)"
            + " because image \"luksa/kubia:latest\" of container \"nodejs\" has a mutable tag"
            + " (admission would make this change)",
        mutated.message());
    AuditResult denied = find(reports, "web", RuleId.RG000);
    assertEquals("high", denied.severity());
    assertEquals("deny", denied.properties().get("outcome"));
    assertTrue(
        denied.message().startsWith("spec.template.spec.containers[0].image: image"),
        denied.message());
    AuditResult warned = find(reports, "noprobe", RuleId.RG003);
    assertEquals("low", warned.severity());
    AuditResult passed = find(reports, "good", RuleId.RG001);
    assertEquals("RG001 mutable-tag-pull-policy: no violation", passed.message());
    assertEquals(null, passed.severity());
    assertEquals(
        new ObjectRef(
            "apps/v1", "Deployment", "team-a", "bad", "00000000-0000-0000-0000-00000000000a"),
        mutated.resource());

    AuditResult audited =
        find(
            builder(PolicyConfig.builder().mode(RuleId.RG001, Mode.AUDIT).build(), 800_000)
                .build(WORKLOADS, facts()),
            "bad",
            RuleId.RG001);
    assertEquals("medium", audited.severity());
    assertEquals("audit", audited.properties().get("outcome"));
  }

  @Test
  void guardedDeploymentsGetTheCanaryRules() {
    ClusterFacts guarded =
        new Facts(WORKLOADS) {
          @Override
          public java.util.Optional<Guard> guardFor(String namespace, String deployment) {
            return "good".equals(deployment)
                ? java.util.Optional.of(
                    new Guard(
                        "good", new io.fabric8.kubernetes.api.model.IntOrString(1), List.of()))
                : java.util.Optional.empty();
          }
        };

    Map<String, String> results =
        results(builder(PolicyConfig.defaults(), 800_000).build(WORKLOADS, guarded));

    // The stored strategy is the default (maxUnavailable 25%), which RG004 would change.
    assertEquals("fail", results.get("team-a Deployment/good RG004"));
    assertEquals("pass", results.get("team-a Deployment/good RG005"));
    assertEquals(null, results.get("team-a Deployment/bad RG004"));
  }

  @Test
  void onlyTheChangedObjectsReportGetsANewHash() {
    ReportBuilder builder = builder(PolicyConfig.defaults(), 800_000);
    Map<String, List<Report>> before = builder.build(WORKLOADS, facts());
    List<HasMetadata> fixed = new ArrayList<>();
    for (HasMetadata o : WORKLOADS) {
      HasMetadata c = copy(o);
      if (c instanceof Deployment d && "bad".equals(d.getMetadata().getName())) {
        d.getSpec().getTemplate().getSpec().getContainers().get(0).setImagePullPolicy("Always");
      }
      fixed.add(c);
    }

    Map<String, List<Report>> after = builder.build(fixed, facts());

    assertEquals(before.get("team-b").get(0).hash(), after.get("team-b").get(0).hash());
    assertNotEquals(before.get("team-a").get(0).hash(), after.get("team-a").get(0).hash());
    assertEquals("pass", results(after).get("team-a Deployment/bad RG001"));
    assertEquals(
        before.get("team-a").get(0).hash(),
        builder.build(WORKLOADS, facts()).get("team-a").get(0).hash(),
        "the same objects give the same hash");
  }

  @Test
  void theRenderedReportIsAPolicyReportWithSummaryAndTimestamps() {
    Report report =
        builder(PolicyConfig.defaults(), 800_000).build(WORKLOADS, facts()).get("team-a").get(0);

    var rendered = PolicyReports.render(report, Instant.ofEpochSecond(1_800_000_000L));

    assertEquals("wgpolicyk8s.io/v1alpha2", rendered.getApiVersion());
    assertEquals("PolicyReport", rendered.getKind());
    assertEquals("team-a", rendered.getMetadata().getNamespace());
    assertEquals("rollout-guard", rendered.getMetadata().getLabels().get(PolicyReports.MANAGED_BY));
    assertEquals(
        report.hash(), rendered.getMetadata().getAnnotations().get(PolicyReports.HASH_ANNOTATION));
    assertEquals(
        Map.of("pass", 13, "fail", 2, "warn", 1, "skip", 0, "error", 0),
        rendered.getAdditionalProperties().get("summary"));
    @SuppressWarnings("unchecked")
    var first =
        ((List<Map<String, Object>>) rendered.getAdditionalProperties().get("results")).get(0);
    assertEquals(Map.of("seconds", 1_800_000_000L, "nanos", 0), first.get("timestamp"));
    assertEquals("rollout-guard", first.get("policy"));
  }

  // --- helpers

  static ReportBuilder builder(PolicyConfig config, int maxBytes) {
    return new ReportBuilder(
        new ObjectAuditor(PolicyEngine.standard(config), MAPPER), MAPPER, maxBytes);
  }

  static PolicyConfig config(UnaryOperator<PolicyConfig.Builder> change) {
    return change.apply(PolicyConfig.builder()).build();
  }

  static Map<String, String> without(RuleId rule) {
    Map<String, String> removed = new HashMap<>();
    DEFAULTS.keySet().stream()
        .filter(k -> k.endsWith(" " + rule.name()))
        .forEach(k -> removed.put(k, null));
    return removed;
  }

  static Map<String, String> inNamespace(String namespace) {
    Map<String, String> removed = new HashMap<>();
    DEFAULTS.keySet().stream()
        .filter(k -> k.startsWith(namespace + " "))
        .forEach(k -> removed.put(k, null));
    return removed;
  }

  /** "namespace Kind/name RULE" to the result, across every report. */
  static Map<String, String> results(Map<String, List<Report>> reports) {
    Map<String, String> results = new TreeMap<>();
    reports.forEach(
        (namespace, list) ->
            list.forEach(
                report ->
                    report
                        .results()
                        .forEach(
                            r -> {
                              String key =
                                  namespace
                                      + " "
                                      + r.resource().kind()
                                      + "/"
                                      + r.resource().name()
                                      + " "
                                      + r.rule().name();
                              String previous = results.put(key, r.result().label());
                              assertEquals(
                                  null, previous, "one result per rule and object: " + key);
                            })));
    return results;
  }

  static AuditResult find(Map<String, List<Report>> reports, String name, RuleId rule) {
    return reports.values().stream()
        .flatMap(List::stream)
        .flatMap(r -> r.results().stream())
        .filter(r -> r.resource().name().equals(name) && r.rule() == rule)
        .findFirst()
        .orElseThrow();
  }

  static HasMetadata copy(HasMetadata o) {
    return SERIALIZATION.clone(o);
  }

  static ClusterFacts facts() {
    return new Facts(WORKLOADS);
  }

  /** What the informer caches would say about these objects. */
  static class Facts implements ClusterFacts {
    private final List<HasMetadata> objects;

    Facts(List<HasMetadata> objects) {
      this.objects = objects;
    }

    @Override
    public boolean available() {
      return true;
    }

    @Override
    public boolean synced() {
      return true;
    }

    @Override
    public List<WorkloadSummary> workloads(String namespace) {
      return objects.stream()
          .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
          .filter(o -> Trust.controllerOf(o).isEmpty())
          .flatMap(
              o ->
                  Workloads.selector(o).stream()
                      .map(
                          ref ->
                              new WorkloadSummary(
                                  o.getKind(),
                                  o.getMetadata().getName(),
                                  ref.selector(),
                                  ref.templateLabels())))
          .toList();
    }
  }

  @SuppressWarnings("unchecked")
  static List<HasMetadata> load(String fixture) {
    try (InputStream in = ReportBuilderTest.class.getResourceAsStream("/audit/" + fixture)) {
      Object loaded = SERIALIZATION.unmarshal(in);
      return List.copyOf((List<HasMetadata>) loaded);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
