package io.rolloutguard.plugin;

import io.rolloutguard.plugin.RolloutInfo.DeploymentNode;
import io.rolloutguard.plugin.RolloutInfo.Header;
import io.rolloutguard.plugin.RolloutInfo.KnownBad;
import io.rolloutguard.plugin.RolloutInfo.PodNode;
import io.rolloutguard.plugin.RolloutInfo.Replicas;
import io.rolloutguard.plugin.RolloutInfo.Revision;
import io.rolloutguard.plugin.RolloutInfo.Rollback;
import io.rolloutguard.plugin.RolloutInfo.Step;
import io.rolloutguard.plugin.Style.Tone;
import io.rolloutguard.plugin.Table.Cell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code kubectl rollout-guard get}: lays a {@link RolloutInfo} out like {@code kubectl argo
 * rollouts get rollout}: the policy and its steps, then a tree of revisions, ReplicaSets and pods.
 */
final class GetView {

  private static final int LABEL = 16;

  private GetView() {}

  static List<String> render(RolloutView view, Instant now, Style style) {
    return print(RolloutInfoBuilder.build(view, now), style);
  }

  static List<String> print(RolloutInfo info, Style style) {
    Header header = info.header();
    List<String> out = new ArrayList<>();
    field(out, "Name:", header.name());
    field(out, "Namespace:", header.namespace());
    field(out, "Target:", target(header.target(), info.target()));
    field(out, "Phase:", Cell.of(header.phase()).paint(style));
    if (header.message() != null) {
      field(out, "Message:", header.message());
    }
    steps(out, info.steps(), style);
    if (info.pause() != null) {
      field(out, "Pause:", info.pause());
    }
    revision(out, "Stable:", header.stableRevision(), info.stableImages(), null);
    revision(out, "Canary:", header.canaryRevision(), info.canaryImages(), header.canaryPods());
    if (info.replicas() != null) {
      Replicas r = info.replicas();
      field(
          out,
          "Replicas:",
          "desired %d, current %d, updated %d, ready %d, available %d"
              .formatted(r.desired(), r.current(), r.updated(), r.ready(), r.available()));
    }
    lastRollback(out, header.lastRollback(), style);
    knownBad(out, info.knownBad());
    if (info.deployment() != null) {
      out.add("");
      out.addAll(tree(info.deployment()).lines(style));
      int hidden = info.deployment().hiddenRevisions();
      if (hidden > 0) {
        out.add(
            "(%d older revision%s scaled down to 0, not shown)"
                .formatted(hidden, hidden == 1 ? "" : "s"));
      }
    }
    return out;
  }

  private static String target(String name, RolloutInfo.Target target) {
    return "deployment/"
        + name
        + switch (target) {
          case MISSING -> " (not found)";
          case RUNNING -> "";
          case PAUSED -> " (paused)";
          case PAUSED_BY_ROLLOUT_GUARD -> " (paused by rollout-guard)";
        };
  }

  private static void steps(List<String> out, List<Step> steps, Style style) {
    if (steps.isEmpty()) {
      field(out, "Steps:", "none: no canary, the rollback guard only");
      return;
    }
    out.add("Steps:");
    for (Step step : steps) {
      String text = step.number() + ". canary " + step.canary() + ", " + step.pause();
      Cell line =
          switch (step.progress()) {
            case DONE -> new Cell(Table.DONE + " " + text, Tone.GOOD);
            case PAUSED_HERE -> new Cell("▶ " + text + "  ← paused here", Tone.BOLD);
            case SCALING_HERE -> new Cell("▶ " + text + "  ← scaling to this step", Tone.BOLD);
            case AHEAD -> Cell.plain("· " + text);
          };
      out.add("  " + line.paint(style));
    }
  }

  private static void revision(
      List<String> out, String label, String revision, String images, String pods) {
    if (revision == null) {
      return;
    }
    field(
        out,
        label,
        revision
            + (images.isEmpty() ? "" : "  " + images)
            + (pods == null ? "" : "  (" + pods + " ready)"));
  }

  private static void lastRollback(List<String> out, Rollback last, Style style) {
    if (last == null) {
      return;
    }
    String text = last.from() + " → " + last.to() + ", " + last.whenAndWhy();
    field(out, "Last rollback:", style.paint(Tone.BAD, text));
    if (last.message() != null) {
      field(out, "", last.message());
    }
  }

  private static void knownBad(List<String> out, List<KnownBad> knownBad) {
    String label = "Known bad:";
    for (KnownBad bad : knownBad) {
      field(out, label, bad.revision() + " (" + bad.reason() + ", " + bad.age() + " ago)");
      label = "";
    }
  }

  private static Table tree(DeploymentNode deployment) {
    Table table = new Table(2, "NAME", "KIND", "STATUS", "AGE", "INFO");
    table.row(
        Cell.plain("⟳ " + deployment.name()),
        Cell.plain("Deployment"),
        Cell.of(deployment.state()),
        Cell.plain(deployment.age()),
        Cell.plain(""));
    List<Revision> revisions = deployment.revisions();
    for (int r = 0; r < revisions.size(); r++) {
      Revision revision = revisions.get(r);
      boolean lastRevision = r == revisions.size() - 1;
      String stem = Table.stem(lastRevision);
      table.line(Table.branch(lastRevision) + "# revision:" + revision.number());
      table.row(
          Cell.plain(stem + "└──⧉ " + revision.replicaSet()),
          Cell.plain("ReplicaSet"),
          Cell.of(revision.state()),
          Cell.plain(revision.age()),
          Cell.plain(revision.tags().stream().map(t -> t.label).collect(Collectors.joining(","))));
      List<PodNode> pods = revision.pods();
      for (int i = 0; i < pods.size(); i++) {
        PodNode pod = pods.get(i);
        table.row(
            Cell.plain(stem + "   " + Table.branch(i == pods.size() - 1) + "□ " + pod.name()),
            Cell.plain("Pod"),
            Cell.of(pod.state()),
            Cell.plain(pod.age()),
            Cell.plain(
                "ready:"
                    + pod.ready()
                    + "/"
                    + pod.containers()
                    + (pod.restarts() > 0 ? ",restarts:" + pod.restarts() : "")));
      }
    }
    return table;
  }

  private static void field(List<String> out, String label, String value) {
    out.add((Table.pad(label, LABEL) + value).stripTrailing());
  }
}
