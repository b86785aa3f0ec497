package io.rolloutguard.audit;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one result that stands for an object whose results alone would pass a report's budget: it is
 * reported, as too large to report in full and with its size, rather than dropped or left to make
 * its namespace's write fail. It keeps the worst of its results' rule, value and severity, so the
 * summary and the metric still count the object as failing when it does.
 */
final class OversizedResult {

  static final String OUTCOME = "too-large";

  /** In rising order; none (pass, skip) is -1. */
  private static final List<String> SEVERITIES = List.of("low", "medium", "high");

  private OversizedResult() {}

  static AuditResult of(ObjectRef object, List<AuditResult> results, int bytes, int budget) {
    AuditResult worst =
        results.stream()
            .max(
                Comparator.comparing(AuditResult::result)
                    .thenComparing(r -> SEVERITIES.indexOf(r.severity())))
            .orElseThrow(() -> new IllegalArgumentException("no results to shorten"));
    Map<ResultKind, Long> counts =
        results.stream()
            .collect(
                Collectors.groupingBy(
                    AuditResult::result,
                    () -> new EnumMap<>(ResultKind.class),
                    Collectors.counting()));
    String tally =
        counts.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().label())
            .collect(Collectors.joining(", "));
    String message =
        String.format(
            "%s/%s is too large to report in full: its %d results (%s) take %d bytes, more than"
                + " the %d a report holds; the worst is %s %s",
            object.kind(),
            object.name(),
            results.size(),
            tally,
            bytes,
            budget,
            worst.rule().name(),
            worst.result().label());
    return new AuditResult(
        object,
        worst.rule(),
        worst.result(),
        message,
        worst.severity(),
        Map.of(
            "outcome", OUTCOME,
            "bytes", Integer.toString(bytes),
            "results", Integer.toString(results.size())));
  }
}
