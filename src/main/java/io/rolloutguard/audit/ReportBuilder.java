package io.rolloutguard.audit;

import static java.util.stream.Collectors.toSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.rolloutguard.policy.ClusterFacts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Objects in, PolicyReports out: pure, so the whole audit of a cluster is a function of the cached
 * objects, the cluster facts and the configuration. One report per namespace, named {@value #NAME};
 * when its results would pass {@code maxBytes} (the API server stores objects up to about 1.5 MiB)
 * they are split by a partition that stays stable as objects come and go (ReportPartition), never
 * splitting one object's results; an object whose results alone pass it gets one result saying so
 * (OversizedResult).
 *
 * <p>Not audited: namespaces every rule exempts (the webhooks never see them either), children of
 * an audited controller or a trusted operator's resource (a Deployment's ReplicaSets: admitted
 * through their owner, which carries the result) and objects being deleted.
 */
public final class ReportBuilder {

  public static final String NAME = "rollout-guard";

  /** The report's metadata and summary, and each result's timestamp, around the results. */
  static final int REPORT_OVERHEAD_BYTES = 4096;

  static final int TIMESTAMP_BYTES = 64;

  private final ObjectAuditor auditor;
  private final ObjectMapper mapper;
  private final int maxBytes;

  public ReportBuilder(ObjectAuditor auditor, ObjectMapper mapper, int maxBytes) {
    this.auditor = auditor;
    this.mapper = mapper;
    this.maxBytes = maxBytes;
  }

  /** Namespace to its reports; a namespace with nothing audited in it has no entry. */
  public Map<String, List<Report>> build(
      Collection<? extends HasMetadata> objects, ClusterFacts cluster) {
    Map<String, List<ReportPartition.Entry>> byNamespace = new TreeMap<>();
    Set<String> uids = objects.stream().map(o -> o.getMetadata().getUid()).collect(toSet());
    objects.stream()
        .filter(o -> audited(o, uids))
        .sorted(
            (a, b) -> {
              int byNs = a.getMetadata().getNamespace().compareTo(b.getMetadata().getNamespace());
              return byNs != 0 ? byNs : ObjectRef.of(a).compareTo(ObjectRef.of(b));
            })
        .forEach(
            o -> {
              List<AuditResult> results = auditor.audit(o, cluster);
              if (!results.isEmpty()) {
                byNamespace
                    .computeIfAbsent(o.getMetadata().getNamespace(), ns -> new ArrayList<>())
                    .add(entry(ObjectRef.of(o), results));
              }
            });
    Map<String, List<Report>> reports = new TreeMap<>();
    byNamespace.forEach((ns, entries) -> reports.put(ns, split(ns, entries)));
    return reports;
  }

  /** An object whose results alone pass the budget is reported by one result that says so. */
  private ReportPartition.Entry entry(ObjectRef object, List<AuditResult> results) {
    int bytes = results.stream().mapToInt(this::size).sum();
    if (bytes <= budget()) {
      return new ReportPartition.Entry(object, results, bytes);
    }
    AuditResult shortened = OversizedResult.of(object, results, bytes, budget());
    return new ReportPartition.Entry(object, List.of(shortened), size(shortened));
  }

  private int budget() {
    return Math.max(1, maxBytes - REPORT_OVERHEAD_BYTES);
  }

  /**
   * @param uids every object being audited: a child is left to its controller only when that
   *     controller is one of them (owners live in their children's namespace) or a trusted
   *     operator's resource, never because the object names some owner
   */
  boolean audited(HasMetadata object, Set<String> uids) {
    var meta = object.getMetadata();
    return meta != null
        && meta.getNamespace() != null
        && meta.getName() != null
        && meta.getDeletionTimestamp() == null
        && !auditor.config().exemptNamespaces().contains(meta.getNamespace())
        && !auditor.config().trust().leftToItsController(object, uids);
  }

  /** Into reports below maxBytes by a stable partition (ReportPartition says why). */
  private List<Report> split(String namespace, List<ReportPartition.Entry> entries) {
    return new ReportPartition(budget())
        .buckets(entries).stream()
            .map(bucket -> report(namespace, bucket.name(), bucket.results()))
            .toList();
  }

  private Report report(String namespace, String name, List<AuditResult> results) {
    return new Report(namespace, name, results, hash(results));
  }

  private int size(AuditResult result) {
    return json(List.of(result.toMap())).length + TIMESTAMP_BYTES;
  }

  private String hash(List<AuditResult> results) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(json(results.stream().map(AuditResult::toMap).toList()));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private byte[] json(Object value) {
    try {
      return mapper.writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("results are plain maps and strings", e);
    }
  }
}
