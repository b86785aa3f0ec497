package io.rolloutguard.plugin;

import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.plugin.RolloutInfo.Header;
import io.rolloutguard.plugin.Table.Cell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** {@code kubectl rollout-guard list}: one line per policy, sorted by namespace and name. */
final class ListView {

  private static final String[] COLUMNS = {
    "NAME", "TARGET", "PHASE", "STEP", "CANARY", "STABLE", "CANARY-REV", "LAST-ROLLBACK", "AGE"
  };

  private ListView() {}

  static List<String> render(
      List<RolloutPolicy> policies, boolean allNamespaces, Instant now, Style style) {
    return print(
        policies.stream().map(p -> RolloutInfoBuilder.header(p, now)).toList(),
        allNamespaces,
        style);
  }

  static List<String> print(List<Header> headers, boolean allNamespaces, Style style) {
    Table table =
        new Table(
            3,
            allNamespaces
                ? Stream.concat(Stream.of("NAMESPACE"), Stream.of(COLUMNS)).toArray(String[]::new)
                : COLUMNS);
    List<Header> sorted = new ArrayList<>(headers);
    sorted.sort(Comparator.comparing(Header::namespace).thenComparing(Header::name));
    for (Header h : sorted) {
      List<Cell> cells = new ArrayList<>();
      if (allNamespaces) {
        cells.add(Cell.plain(h.namespace()));
      }
      cells.add(Cell.plain(h.name()));
      cells.add(Cell.plain(Objects.requireNonNullElse(h.target(), "")));
      cells.add(Cell.of(h.phase()));
      Stream.of(h.stepProgress(), h.canaryPods(), h.stableRevision(), h.canaryRevision())
          .map(value -> Cell.plain(value == null || value.isEmpty() ? "-" : value))
          .forEach(cells::add);
      cells.add(Cell.plain(h.lastRollback() == null ? "-" : h.lastRollback().whenAndWhy()));
      cells.add(Cell.plain(h.age()));
      table.row(cells.toArray(Cell[]::new));
    }
    return table.lines(style);
  }
}
