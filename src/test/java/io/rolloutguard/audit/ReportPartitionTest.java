package io.rolloutguard.audit;

import static io.rolloutguard.audit.ReportBuilderTest.MAPPER;
import static io.rolloutguard.audit.ReportBuilderTest.WORKLOADS;
import static io.rolloutguard.audit.ReportBuilderTest.builder;
import static io.rolloutguard.audit.ReportBuilderTest.copy;
import static io.rolloutguard.audit.ReportBuilderTest.facts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.rolloutguard.policy.PolicyConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A namespace's reports below the size limit, each object's change rewriting only its own. */
class ReportPartitionTest {

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
}
