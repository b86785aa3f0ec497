package io.rolloutguard.check;

import java.util.Comparator;
import java.util.List;

/**
 * For people: one line per finding ({@code path:line: [RG001] field: message (outcome)}), the
 * mutations as a unified diff, and a summary. Input errors go to standard error, not here.
 */
final class TextFormat {

  private TextFormat() {}

  static String render(CheckReport report) {
    StringBuilder out = new StringBuilder();
    for (Source source : report.sources()) {
      List<ObjectResult> results =
          report.results().stream().filter(r -> r.object().source() == source).toList();
      for (ObjectResult r : results) {
        r.issues().stream()
            .sorted(Comparator.comparingInt(Issue::line))
            .forEach(
                i ->
                    out.append(source.display())
                        .append(':')
                        .append(i.line())
                        .append(": ")
                        .append(i.describe())
                        .append(" (")
                        .append(outcome(i, report.fixed()))
                        .append(")\n"));
      }
      FixPlanner.Plan plan = report.fixes().get(source);
      if (plan != null && !report.fixed()) {
        out.append(
            TextEdits.unifiedDiff(
                source.display(),
                source.display() + " (as admitted; --fix writes it)",
                source.text(),
                plan.edits()));
      }
      if (plan != null) {
        plan.problems().forEach(p -> out.append(p).append('\n'));
      }
    }
    out.append(summary(report)).append('\n');
    return out.toString();
  }

  private static String outcome(Issue issue, boolean fixed) {
    return switch (issue.severity()) {
      case DENY -> "denied";
      case WARN -> "warning";
      case AUDIT -> "audit";
      case MUTATE -> fixed ? "fixed" : "mutation";
    };
  }

  static String summary(CheckReport report) {
    long objects = report.results().size();
    StringBuilder s = new StringBuilder();
    s.append(objects)
        .append(objects == 1 ? " object" : " objects")
        .append(" checked in ")
        .append(report.sources().size())
        .append(report.sources().size() == 1 ? " file" : " files")
        .append(": ")
        .append(report.denied())
        .append(" denied, ")
        .append(report.count(Issue.Severity.WARN))
        .append(" warnings, ")
        .append(report.mutated())
        .append(report.fixed() ? " fixed" : " would be mutated");
    if (!report.fixed() && report.mutated() > 0) {
      s.append(" (--fix writes the mutations)");
    }
    if (!report.skipped().isEmpty()) {
      s.append("; ")
          .append(report.skipped().size())
          .append(" skipped, of kinds rollout-guard does not check (")
          .append(report.skippedKinds())
          .append(")");
    }
    if (!report.errors().isEmpty()) {
      s.append("; ").append(report.errors().size()).append(" input errors");
    }
    s.append("\nnote: ").append(CheckReport.NOT_EVALUATED);
    return s.toString();
  }
}
