package io.rolloutguard.plugin;

import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** {@code kubectl rollout-guard list}: one line per policy, a pure function of the policies. */
final class ListView {

  private ListView() {}

  static List<String> render(
      List<RolloutPolicy> policies, boolean allNamespaces, Instant now, Style style) {
    List<RolloutPolicy> sorted = new ArrayList<>(policies);
    sorted.sort(
        Comparator.comparing((RolloutPolicy p) -> p.getMetadata().getNamespace())
            .thenComparing(p -> p.getMetadata().getName()));
    List<String[]> cells = new ArrayList<>();
    List<GetView.State> phases = new ArrayList<>();
    for (RolloutPolicy p : sorted) {
      RolloutPolicyStatus s =
          Objects.requireNonNullElseGet(p.getStatus(), RolloutPolicyStatus::new);
      GetView.State phase = GetView.phase(s.getPhase());
      phases.add(phase);
      var last = s.getLastRollback();
      cells.add(
          new String[] {
            p.getMetadata().getNamespace(),
            p.getMetadata().getName(),
            Objects.requireNonNullElse(RolloutView.target(p), ""),
            phase.text(),
            dash(s.getStepProgress()),
            dash(s.getCanary()),
            dash(s.getStableRevision()),
            dash(s.getCanaryRevision()),
            last == null
                ? "-"
                : Ages.since(last.getTime(), now)
                    + " ago"
                    + (last.getReason() == null ? "" : " (" + last.getReason() + ")"),
            Ages.since(p.getMetadata().getCreationTimestamp(), now)
          });
    }
    String[] header = {
      "NAMESPACE",
      "NAME",
      "TARGET",
      "PHASE",
      "STEP",
      "CANARY",
      "STABLE",
      "CANARY-REV",
      "LAST-ROLLBACK",
      "AGE"
    };
    int first = allNamespaces ? 0 : 1;
    int[] width = new int[header.length];
    for (int c = 0; c < header.length; c++) {
      width[c] = header[c].length();
      for (String[] row : cells) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    List<String> out = new ArrayList<>();
    out.add(line(header, width, first, null, style));
    for (int r = 0; r < cells.size(); r++) {
      out.add(line(cells.get(r), width, first, phases.get(r), style));
    }
    return out;
  }

  private static String line(
      String[] cells, int[] width, int first, GetView.State phase, Style style) {
    StringBuilder b = new StringBuilder();
    for (int c = first; c < cells.length; c++) {
      String cell = cells[c];
      String shown = c == 3 && phase != null ? phase.paint(style) : cell;
      b.append(shown);
      if (c < cells.length - 1) {
        b.append(" ".repeat(width[c] - cell.length() + 3));
      }
    }
    return b.toString().stripTrailing();
  }

  private static String dash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }
}
