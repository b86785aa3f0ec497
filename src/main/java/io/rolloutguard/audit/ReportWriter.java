package io.rolloutguard.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the reports that changed and deletes those nothing produces any more, through the rate
 * limiter. What is in the cluster is known from its content hash annotation: listed once when this
 * replica starts leading, then kept from its own writes, so an unchanged audit costs no request.
 */
final class ReportWriter {

  static final String FIELD_MANAGER = "rollout-guard";

  /** What the writer did in one sync. */
  record Writes(int applied, int deleted, int unchanged) {}

  private final ReportStore store;
  private final WriteLimiter limiter;
  private final Map<String, String> known = new HashMap<>();
  private boolean loaded;

  ReportWriter(ReportStore store, WriteLimiter limiter) {
    this.store = store;
    this.limiter = limiter;
  }

  /**
   * @param scope the namespaces this audit covered, or null for all: reports elsewhere are kept
   * @throws KubernetesClientException when reports cannot be listed (no CRD, no RBAC); a failed
   *     write is logged by the caller and retried by the next audit
   */
  Writes sync(Map<String, List<Report>> desired, Set<String> scope, Instant now)
      throws InterruptedException {
    if (!loaded) {
      load();
      loaded = true;
    }
    int applied = 0;
    int unchanged = 0;
    Set<String> wanted = new HashSet<>();
    for (List<Report> reports : desired.values()) {
      for (Report report : reports) {
        wanted.add(report.key());
        if (report.hash().equals(known.get(report.key()))) {
          unchanged++;
          continue;
        }
        limiter.acquire();
        boolean exists = known.remove(report.key()) != null; // unknown until the write succeeds
        write(PolicyReports.render(report, now), exists);
        known.put(report.key(), report.hash());
        applied++;
      }
    }
    int deleted = 0;
    for (String key : List.copyOf(known.keySet())) {
      String namespace = key.substring(0, key.indexOf('/'));
      if (wanted.contains(key) || (scope != null && !scope.contains(namespace))) {
        continue;
      }
      limiter.acquire();
      store.delete(namespace, key.substring(key.indexOf('/') + 1));
      known.remove(key);
      deleted++;
    }
    return new Writes(applied, deleted, unchanged);
  }

  /**
   * A new report is created, one that exists is applied: each a single request. A create that finds
   * the report there (another leader wrote it meanwhile) applies instead.
   */
  private void write(GenericKubernetesResource report, boolean exists) {
    if (exists || !store.create(report)) {
      store.apply(report);
    }
  }

  /** The reports this app wrote before, by any replica, with the hash of their content. */
  private void load() {
    known.clear();
    for (ObjectMeta meta : store.list(PolicyReports.MANAGED_BY, AuditResult.POLICY)) {
      var annotations = meta.getAnnotations();
      String hash = annotations == null ? null : annotations.get(PolicyReports.HASH_ANNOTATION);
      known.put(meta.getNamespace() + "/" + meta.getName(), hash == null ? "" : hash);
    }
  }

  /** After an error: list again, since a write may or may not have happened. */
  void forget() {
    loaded = false;
  }
}
