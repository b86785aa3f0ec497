package io.rolloutguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.rolloutguard.policy.RuleId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Only changed reports are written; reports nothing produces any more are deleted. */
class ReportWriterTest {

  static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);

  /** The API server's reports, and every request made to it. */
  static final class FakeStore implements ReportStore {
    final Map<String, GenericKubernetesResource> reports = new TreeMap<>();
    final List<String> requests = new ArrayList<>();

    @Override
    public List<ObjectMeta> list(String label, String value) {
      requests.add("list");
      return reports.values().stream()
          .map(GenericKubernetesResource::getMetadata)
          .filter(meta -> value.equals(meta.getLabels().get(label)))
          .toList();
    }

    @Override
    public boolean create(GenericKubernetesResource report) {
      requests.add("create " + key(report));
      return reports.putIfAbsent(key(report), report) == null;
    }

    @Override
    public boolean managedByUs(String namespace, String name) {
      requests.add("get " + namespace + "/" + name);
      var report = reports.get(namespace + "/" + name);
      return report == null
          || AuditResult.POLICY.equals(
              report.getMetadata().getLabels().get(PolicyReports.MANAGED_BY));
    }

    @Override
    public void apply(GenericKubernetesResource report) {
      requests.add("apply " + key(report));
      reports.put(key(report), report);
    }

    @Override
    public void delete(String namespace, String name) {
      requests.add("delete " + namespace + "/" + name);
      reports.remove(namespace + "/" + name);
    }

    static String key(GenericKubernetesResource r) {
      return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
    }
  }

  static Report report(String namespace, String name, ResultKind result) {
    AuditResult r =
        new AuditResult(
            new ObjectRef("apps/v1", "Deployment", namespace, "kubia", null),
            RuleId.RG001,
            result,
            "message",
            null,
            Map.of());
    return new Report(namespace, name, List.of(r), namespace + name + result);
  }

  static ReportWriter writer(FakeStore store) {
    return new ReportWriter(store, new WriteLimiter(1000));
  }

  final FakeStore store = new FakeStore();

  @Test
  void anUnchangedAuditMakesNoRequest() throws Exception {
    ReportWriter writer = writer(store);
    var desired =
        new TreeMap<>(
            Map.of(
                "a", List.of(report("a", "rollout-guard", ResultKind.FAIL)),
                "b", List.of(report("b", "rollout-guard", ResultKind.PASS))));

    assertEquals(new ReportWriter.Writes(2, 0, 0), writer.sync(desired, null, NOW));
    assertEquals(
        List.of("list", "create a/rollout-guard", "create b/rollout-guard"), store.requests);
    store.requests.clear();

    assertEquals(
        new ReportWriter.Writes(0, 0, 2), writer.sync(desired, null, NOW.plusSeconds(600)));
    assertEquals(List.of(), store.requests, "timestamps alone never make a report differ");

    // A new leader lists what is there and writes nothing either.
    assertEquals(new ReportWriter.Writes(0, 0, 2), writer(store).sync(desired, null, NOW));
    assertEquals(List.of("list"), store.requests);
  }

  @Test
  void aChangedReportIsAppliedAndAnEmptyNamespaceLosesItsReport() throws Exception {
    ReportWriter writer = writer(store);
    writer.sync(
        Map.of(
            "a", List.of(report("a", "rollout-guard", ResultKind.FAIL)),
            "b", List.of(report("b", "rollout-guard", ResultKind.PASS))),
        null,
        NOW);
    store.requests.clear();

    var writes =
        writer.sync(Map.of("a", List.of(report("a", "rollout-guard", ResultKind.PASS))), null, NOW);

    assertEquals(new ReportWriter.Writes(1, 1, 0), writes);
    assertEquals(List.of("apply a/rollout-guard", "delete b/rollout-guard"), store.requests);
    assertEquals(
        Map.of("pass", 1, "fail", 0, "warn", 0, "skip", 0, "error", 0),
        store.reports.get("a/rollout-guard").getAdditionalProperties().get("summary"));
  }

  @Test
  void aReportAnotherLeaderCreatedIsApplied() throws Exception {
    writer(store)
        .sync(Map.of("a", List.of(report("a", "rollout-guard", ResultKind.FAIL))), null, NOW);
    ReportWriter late = new ReportWriter(store, new WriteLimiter(1000));
    // This writer listed before the other wrote: it does not know the report.
    late.sync(Map.of(), Set.of("none"), NOW);
    store.requests.clear();

    late.sync(Map.of("a", List.of(report("a", "rollout-guard", ResultKind.PASS))), null, NOW);

    assertEquals(List.of("apply a/rollout-guard"), store.requests);
  }

  @Test
  void reportsAnotherToolWroteAreNeitherReplacedNorDeleted() throws Exception {
    GenericKubernetesResource sameName = foreign("a", "rollout-guard");
    GenericKubernetesResource other = foreign("a", "kyverno-audit");
    store.reports.put("a/rollout-guard", sameName);
    store.reports.put("a/kyverno-audit", other);
    ReportWriter writer = writer(store);

    var writes =
        writer.sync(
            Map.of(
                "a", List.of(report("a", "rollout-guard", ResultKind.FAIL)),
                "b", List.of(report("b", "rollout-guard", ResultKind.FAIL))),
            null,
            NOW);

    assertEquals(1, writes.applied(), "b is written");
    assertEquals(Set.of("a"), writes.failures().keySet());
    assertEquals(WriteFailure.NOT_OURS, writes.failures().get("a").reason());
    assertSame(sameName, store.reports.get("a/rollout-guard"), "not replaced");

    // Nothing left to audit anywhere: only what this app wrote goes.
    writer.sync(Map.of(), null, NOW);

    assertEquals(Set.of("a/kyverno-audit", "a/rollout-guard"), store.reports.keySet());
    assertTrue(
        store.requests.stream().noneMatch(r -> r.startsWith("delete a/")),
        store.requests.toString());
    assertTrue(store.requests.contains("delete b/rollout-guard"), store.requests.toString());
  }

  static GenericKubernetesResource foreign(String namespace, String name) {
    GenericKubernetesResource report = new GenericKubernetesResource();
    report.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .addToLabels(PolicyReports.MANAGED_BY, "kyverno")
            .build());
    return report;
  }

  @Test
  void anAuditOfSomeNamespacesLeavesTheOthersAlone() throws Exception {
    ReportWriter writer = writer(store);
    writer.sync(
        Map.of(
            "a",
            List.of(report("a", "rollout-guard", ResultKind.FAIL)),
            "b",
            List.of(
                report("b", "rollout-guard", ResultKind.PASS),
                report("b", "rollout-guard-2", ResultKind.PASS))),
        null,
        NOW);

    var writes =
        writer.sync(
            Map.of("b", List.of(report("b", "rollout-guard", ResultKind.PASS))), Set.of("b"), NOW);

    assertEquals(new ReportWriter.Writes(0, 1, 1), writes);
    assertTrue(store.reports.containsKey("a/rollout-guard"));
    assertEquals(Set.of("a/rollout-guard", "b/rollout-guard"), store.reports.keySet());
  }

  @Test
  void writesAreSpacedByTheRateLimit() throws Exception {
    long[] now = {0};
    List<Long> sleeps = new ArrayList<>();
    WriteLimiter limiter =
        new WriteLimiter(
            20,
            () -> now[0],
            nanos -> {
              sleeps.add(nanos);
              now[0] += nanos;
            });
    ReportWriter writer = new ReportWriter(store, limiter);
    Map<String, List<Report>> desired = new TreeMap<>();
    for (int i = 0; i < 5; i++) {
      desired.put("ns" + i, List.of(report("ns" + i, "rollout-guard", ResultKind.PASS)));
    }

    writer.sync(desired, null, NOW);

    // 5 writes at 20/s: the first at once, each later one 50 ms after the one before.
    assertEquals(List.of(50_000_000L, 50_000_000L, 50_000_000L, 50_000_000L), sleeps);
  }

  @Test
  void aBadRateIsAClearError() {
    var e = assertThrows(IllegalArgumentException.class, () -> new WriteLimiter(0));
    assertEquals("rolloutguard.audit.writes-per-second must be above 0, not 0.0", e.getMessage());
  }
}
