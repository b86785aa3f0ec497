package io.rolloutguard.audit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes the reports that changed and deletes those nothing produces any more, through the rate
 * limiter. What is in the cluster is known from its content hash annotation: listed once when this
 * replica starts leading, then kept from its own writes, so an unchanged audit costs no request.
 *
 * <p>Each namespace stands alone: a write the API server refuses ends that namespace's writes for
 * this sync (its surplus reports are kept until its new ones are written) and is returned as its
 * failure; the other namespaces are written all the same, and the failed one again by the next
 * audit, as its hash was not recorded. Only reports with this app's label are ever replaced or
 * deleted: the list asks for that label, and a create that finds a report of the same name without
 * it leaves that report alone.
 */
final class ReportWriter {

  static final String FIELD_MANAGER = "rollout-guard";

  /**
   * What the writer did in one sync.
   *
   * @param failures namespace to why its reports were not all written
   */
  record Writes(int applied, int deleted, int unchanged, Map<String, WriteFailure> failures) {

    Writes(int applied, int deleted, int unchanged) {
      this(applied, deleted, unchanged, Map.of());
    }
  }

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
   * @throws KubernetesClientException when reports cannot be listed (no CRD, no RBAC); a refused
   *     write is one namespace's failure in the answer
   */
  Writes sync(Map<String, List<Report>> desired, Set<String> scope, Instant now)
      throws InterruptedException {
    if (!loaded) {
      load();
      loaded = true;
    }
    Counts counts = new Counts();
    Map<String, WriteFailure> failures = new TreeMap<>();
    Set<String> wanted = new HashSet<>();
    desired.values().forEach(reports -> reports.forEach(r -> wanted.add(r.key())));
    Map<String, List<String>> surplus = new TreeMap<>();
    for (String key : known.keySet()) {
      String namespace = key.substring(0, key.indexOf('/'));
      if (!wanted.contains(key) && (scope == null || scope.contains(namespace))) {
        surplus.computeIfAbsent(namespace, ns -> new ArrayList<>()).add(key);
      }
    }
    Set<String> namespaces = new TreeSet<>(desired.keySet());
    namespaces.addAll(surplus.keySet());
    for (String namespace : namespaces) {
      try {
        write(desired.getOrDefault(namespace, List.of()), now, counts);
        delete(surplus.getOrDefault(namespace, List.of()), counts);
      } catch (KubernetesClientException e) {
        failures.put(namespace, WriteFailure.of(e));
      } catch (NotOurs e) {
        failures.put(namespace, e.failure);
      }
    }
    return new Writes(counts.applied, counts.deleted, counts.unchanged, failures);
  }

  private static final class Counts {
    int applied;
    int deleted;
    int unchanged;
  }

  /** A report of our name that another tool wrote. */
  private static final class NotOurs extends Exception {
    final WriteFailure failure;

    NotOurs(WriteFailure failure) {
      super(failure.message(), null, false, false);
      this.failure = failure;
    }
  }

  private void write(List<Report> reports, Instant now, Counts counts)
      throws InterruptedException, NotOurs {
    for (Report report : reports) {
      if (report.hash().equals(known.get(report.key()))) {
        counts.unchanged++;
        continue;
      }
      limiter.acquire();
      boolean exists = known.remove(report.key()) != null; // unknown until the write succeeds
      write(PolicyReports.render(report, now), exists);
      known.put(report.key(), report.hash());
      counts.applied++;
    }
  }

  private void delete(List<String> keys, Counts counts) throws InterruptedException {
    for (String key : keys) {
      limiter.acquire();
      store.delete(key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1));
      known.remove(key);
      counts.deleted++;
    }
  }

  /**
   * A new report is created, one that exists is applied: each a single request. A create that finds
   * the report there applies instead when it is ours (another leader wrote it meanwhile).
   */
  private void write(GenericKubernetesResource report, boolean exists) throws NotOurs {
    if (exists || store.create(report)) {
      if (exists) {
        store.apply(report);
      }
      return;
    }
    var meta = report.getMetadata();
    if (!store.managedByUs(meta.getNamespace(), meta.getName())) {
      throw new NotOurs(WriteFailure.notOurs(meta.getNamespace(), meta.getName()));
    }
    store.apply(report);
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
