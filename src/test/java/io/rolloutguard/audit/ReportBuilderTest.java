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

  /**
   * Changed with the stable partition: the reports were rollout-guard, rollout-guard-2…; now a
   * split namespace's reports are named by their hash bits (rollout-guard-0, rollout-guard-10…).
   */
  @Test
  void largeNamespacesAreSplitBelowTheSizeLimitWithoutSplittingAnObject() throws Exception {
    int limit = 40_000;

    List<Report> reports =
        builder(PolicyConfig.defaults(), limit).build(badDeployments(300), facts()).get("team-a");

    assertTrue(reports.size() > 1, "expected a split, got " + reports.size());
    Set<String> names = new java.util.HashSet<>();
    int total = 0;
    for (Report report : reports) {
      assertTrue(report.name().matches("rollout-guard-[01]+"), report.name());
      assertTrue(names.add(report.name()), "one name per report: " + report.name());
      byte[] written =
          MAPPER.writeValueAsBytes(
              PolicyReports.render(report, Instant.ofEpochSecond(1_800_000_000L)));
      assertTrue(written.length <= limit, report.name() + " is " + written.length + " bytes");
      assertEquals(0, report.results().size() % 4, "an object's 4 results stay together");
      total += report.results().size();
    }
    assertEquals(300 * 4, total);
  }

  @Test
  void anObjectCreatedOrDeletedRewritesOnlyItsOwnReport() {
    ReportBuilder builder = builder(PolicyConfig.defaults(), 40_000);
    List<HasMetadata> objects = badDeployments(300);
    Map<String, String> before = hashes(builder.build(objects, facts()).get("team-a"));
    assertTrue(before.size() > 5, "several reports: " + before.keySet());

    // Sorted before every other: packed in order, it would have moved every later object.
    List<HasMetadata> added = new ArrayList<>(objects);
    Deployment first = (Deployment) copy(WORKLOADS.get(0));
    first.getMetadata().setName("aaa-first");
    added.add(first);
    Map<String, String> afterAdd = hashes(builder.build(added, facts()).get("team-a"));

    assertEquals(before.keySet(), afterAdd.keySet(), "no report added, deleted or renamed");
    assertEquals(1, changed(before, afterAdd).size(), "changed: " + changed(before, afterAdd));

    List<HasMetadata> removed = new ArrayList<>(objects);
    removed.remove(0); // bad-0, early in the order too
    Map<String, String> afterRemove = hashes(builder.build(removed, facts()).get("team-a"));

    assertEquals(before.keySet(), afterRemove.keySet());
    assertEquals(
        1, changed(before, afterRemove).size(), "changed: " + changed(before, afterRemove));
  }

  @Test
  void aReportThatOutgrowsItsBudgetSplitsAloneAndTheOthersKeepTheirContent() {
    ReportBuilder builder = builder(PolicyConfig.defaults(), 40_000);
    List<HasMetadata> objects = badDeployments(300);
    Map<String, String> before = hashes(builder.build(objects, facts()).get("team-a"));

    List<HasMetadata> grown = new ArrayList<>(objects);
    for (int i = 0; i < 40; i++) {
      Deployment d = (Deployment) copy(WORKLOADS.get(0));
      d.getMetadata().setName("grown-" + i);
      grown.add(d);
    }
    Map<String, String> after = hashes(builder.build(grown, facts()).get("team-a"));

    Map<String, String> kept = new TreeMap<>(before);
    kept.keySet().retainAll(after.keySet());
    kept.entrySet().removeIf(e -> !e.getValue().equals(after.get(e.getKey())));
    // 40 objects land in at most 40 reports; every other report is left as it was.
    assertTrue(kept.size() >= before.size() - 40, "kept " + kept.size() + " of " + before.size());
    assertTrue(after.size() > before.size(), "a full report split: " + after.keySet());
  }

  @Test
  void anObjectTooLargeForAnyReportIsReportedAsSuchAndTheOthersInFull() {
    Deployment huge = (Deployment) copy(WORKLOADS.get(0));
    huge.getMetadata().setName("huge");
    huge.getSpec().getSelector().setMatchLabels(Map.of("app", "huge"));
    huge.getSpec().getTemplate().getMetadata().setLabels(Map.of("app", "huge"));
    var container = huge.getSpec().getTemplate().getSpec().getContainers().get(0);
    huge.getSpec().getTemplate().getSpec().setContainers(new ArrayList<>());
    for (int i = 0; i < 60; i++) {
      // half deny (RG000: an uppercase repository), half would be mutated (RG001)
      String image = i % 2 == 0 ? "luksa/Kubia:v1" : "luksa/kubia:latest";
      var c = new io.fabric8.kubernetes.api.model.ContainerBuilder(container);
      huge.getSpec()
          .getTemplate()
          .getSpec()
          .getContainers()
          .add(c.withName("container-" + i).withImage(image).build());
    }
    List<HasMetadata> objects = new ArrayList<>(WORKLOADS);
    objects.add(huge);
    int limit = 7_000;

    Map<String, List<Report>> reports =
        builder(PolicyConfig.defaults(), limit).build(objects, facts());

    List<AuditResult> hugeResults =
        reports.get("team-a").stream()
            .flatMap(r -> r.results().stream())
            .filter(r -> r.resource().name().equals("huge"))
            .toList();
    assertEquals(1, hugeResults.size(), "one result stands for the object");
    AuditResult shortened = hugeResults.get(0);
    assertEquals(ResultKind.FAIL, shortened.result());
    assertEquals(RuleId.RG000, shortened.rule(), "the worst: a denial: " + shortened);
    assertEquals("high", shortened.severity());
    assertEquals("too-large", shortened.properties().get("outcome"));
    assertTrue(Integer.parseInt(shortened.properties().get("bytes")) > limit - 4096);
    assertTrue(
        shortened.message().startsWith("Deployment/huge is too large to report in full: its 4"),
        shortened.message());
    Map<String, String> expected = new TreeMap<>(DEFAULTS);
    expected.put("team-a Deployment/huge RG000", "fail");
    assertEquals(expected, results(reports), "every other object reported in full");
  }

  @Test
  void messagesAreBoundedAndTheirControlCharactersEscaped() {
    Deployment odd = (Deployment) copy(WORKLOADS.get(0));
    var container = odd.getSpec().getTemplate().getSpec().getContainers().get(0);
    container.setName("evil\n\u001b[31mred");
    odd.getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .add(
            new io.fabric8.kubernetes.api.model.ContainerBuilder(container)
                .withName("n".repeat(1_200))
                .build());

    AuditResult result =
        find(
            builder(PolicyConfig.defaults(), 800_000).build(List.of(odd), facts()),
            "bad",
            RuleId.RG001);

    assertTrue(result.message().contains("evil\\n\\u001b[31mred"), result.message());
    assertTrue(result.message().chars().noneMatch(Character::isISOControl), result.message());
    assertTrue(
        result.message().matches("(?s).{1000}… \\(\\d+ more characters\\)"), result.message());
  }

  static List<HasMetadata> badDeployments(int count) {
    List<HasMetadata> many = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Deployment d = (Deployment) copy(WORKLOADS.get(0));
      d.getMetadata().setName("bad-" + i);
      d.getMetadata().setUid(null);
      many.add(d);
    }
    return many;
  }

  static Map<String, String> hashes(List<Report> reports) {
    Map<String, String> hashes = new TreeMap<>();
    reports.forEach(r -> hashes.put(r.name(), r.hash()));
    return hashes;
  }

  static Set<String> changed(Map<String, String> before, Map<String, String> after) {
    Set<String> changed = new java.util.TreeSet<>();
    before.forEach(
        (name, hash) -> {
          if (!hash.equals(after.get(name))) {
            changed.add(name);
          }
        });
    return changed;
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
