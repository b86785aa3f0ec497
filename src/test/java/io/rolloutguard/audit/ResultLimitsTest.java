package io.rolloutguard.audit;

import static io.rolloutguard.audit.ReportBuilderTest.DEFAULTS;
import static io.rolloutguard.audit.ReportBuilderTest.WORKLOADS;
import static io.rolloutguard.audit.ReportBuilderTest.builder;
import static io.rolloutguard.audit.ReportBuilderTest.copy;
import static io.rolloutguard.audit.ReportBuilderTest.facts;
import static io.rolloutguard.audit.ReportBuilderTest.find;
import static io.rolloutguard.audit.ReportBuilderTest.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.RuleId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What tenants put in names and images cannot make a result, or a report, as large as it likes. */
class ResultLimitsTest {

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
}
