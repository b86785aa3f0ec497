package io.rolloutguard.audit;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The content of one PolicyReport, without timestamps.
 *
 * @param hash of the results as written: a report is written again only when it changes
 */
public record Report(String namespace, String name, List<AuditResult> results, String hash) {

  public Report {
    results = List.copyOf(results);
  }

  public String key() {
    return namespace + "/" + name;
  }

  /** The CRD's summary: a count of each result value, zeros included. */
  public Map<ResultKind, Integer> summary() {
    Map<ResultKind, Integer> counts = new EnumMap<>(ResultKind.class);
    for (ResultKind kind : ResultKind.values()) {
      counts.put(kind, 0);
    }
    results.forEach(r -> counts.merge(r.result(), 1, Integer::sum));
    return counts;
  }
}
