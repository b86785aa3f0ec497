package io.rolloutguard.plugin;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.Analysis;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.FailedRevision;
import io.rolloutguard.api.KubeDuration;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RollbackRecord;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.plugin.Style.Tone;
import io.rolloutguard.policy.Percentages;
import io.rolloutguard.rollout.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code kubectl rollout-guard get}: a pure function from a {@link RolloutView} and the time to
 * text lines, laid out like {@code kubectl argo rollouts get rollout}: the policy and its steps,
 * then a tree of revisions, ReplicaSets and pods.
 */
final class GetView {

  static final String DONE = "✔";
  static final String PENDING = "◌";
  static final String FAILED = "✖";
  static final String PAUSED = "॥";
  static final String SCALED_DOWN = "•";

  private static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
  private static final String HASH_LABEL = "pod-template-hash";
  private static final int LABEL = 16;

  private GetView() {}

  /** A symbol and a word, coloured together. */
  record State(String symbol, String word, Tone tone) {
    String paint(Style style) {
      return style.paint(tone, text());
    }

    String text() {
      return symbol + " " + word;
    }
  }

  private record Row(String tree, String name, String kind, State state, String age, String info) {}

  static List<String> render(RolloutView view, Instant now, Style style) {
    RolloutPolicy policy = view.policy();
    RolloutPolicyStatus status =
        Objects.requireNonNullElseGet(policy.getStatus(), RolloutPolicyStatus::new);
    List<CanaryStep> steps =
        policy.getSpec() == null || policy.getSpec().getSteps() == null
            ? List.of()
            : policy.getSpec().getSteps();
    Deployment deployment = view.deployment();
    int replicas =
        deployment == null ? 0 : Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    List<String> out = new ArrayList<>();
    field(out, "Name:", policy.getMetadata().getName());
    field(out, "Namespace:", policy.getMetadata().getNamespace());
    field(out, "Target:", target(policy, deployment, status));
    field(out, "Phase:", phase(status.getPhase()).paint(style));
    if (status.getMessage() != null) {
      field(out, "Message:", status.getMessage());
    }
    steps(out, steps, status, replicas, style);
    if (status.getPhase() == Phase.Paused) {
      field(out, "Pause:", pause(steps, status, now, policy.getMetadata().getName()));
    }
    revision(out, "Stable:", status.getStableRevision(), view, null);
    revision(out, "Canary:", status.getCanaryRevision(), view, status.getCanary());
    if (deployment != null && deployment.getStatus() != null) {
      var s = deployment.getStatus();
      field(
          out,
          "Replicas:",
          "desired "
              + replicas
              + ", current "
              + n(s.getReplicas())
              + ", updated "
              + n(s.getUpdatedReplicas())
              + ", ready "
              + n(s.getReadyReplicas())
              + ", available "
              + n(s.getAvailableReplicas()));
    }
    lastRollback(out, status.getLastRollback(), now, style);
    knownBad(out, status.getFailedRevisions(), now);
    if (deployment != null) {
      out.add("");
      tree(out, view, status, now, style);
    }
    return out;
  }

  static State phase(Phase phase) {
    if (phase == null) {
      return new State(PENDING, "Pending", Tone.PENDING);
    }
    return switch (phase) {
      case Paused -> new State(PAUSED, phase.name(), Tone.PAUSED);
      case Idle, Succeeded -> new State(DONE, phase.name(), Tone.GOOD);
      case Progressing, Promoting, RollingBack -> new State(PENDING, phase.name(), Tone.PENDING);
      case RolledBack, Degraded, Conflict -> new State(FAILED, phase.name(), Tone.BAD);
    };
  }

  private static String target(
      RolloutPolicy policy, Deployment deployment, RolloutPolicyStatus status) {
    String name = RolloutView.target(policy);
    if (deployment == null) {
      return "deployment/" + name + " (not found)";
    }
    boolean paused = Boolean.TRUE.equals(deployment.getSpec().getPaused());
    return "deployment/"
        + name
        + (paused
            ? Boolean.TRUE.equals(status.getPausedByController())
                ? " (paused by rollout-guard)"
                : " (paused)"
            : "");
  }

  private static void steps(
      List<String> out,
      List<CanaryStep> steps,
      RolloutPolicyStatus status,
      int replicas,
      Style style) {
    if (steps.isEmpty()) {
      field(out, "Steps:", "none: no canary, the rollback guard only");
      return;
    }
    out.add("Steps:");
    Integer current = status.getCurrentStep();
    for (int i = 0; i < steps.size(); i++) {
      CanaryStep step = steps.get(i);
      String mark;
      Tone tone;
      if (current == null) {
        mark = "·";
        tone = null;
      } else if (i < current) {
        mark = DONE;
        tone = Tone.GOOD;
      } else if (i == current) {
        mark = "▶";
        tone = Tone.BOLD;
      } else {
        mark = "·";
        tone = null;
      }
      String text =
          mark + " " + (i + 1) + ". canary " + canary(step, replicas) + ", " + pause(step);
      if (current != null && i == current) {
        text += status.getPhase() == Phase.Paused ? "  ← paused here" : "  ← scaling to this step";
      }
      out.add("  " + (tone == null ? text : style.paint(tone, text)));
    }
  }

  private static String canary(CanaryStep step, int replicas) {
    var canary = step.getCanary();
    if (canary == null) {
      return "?";
    }
    if (canary.getIntVal() != null) {
      return canary.getIntVal() + (canary.getIntVal() == 1 ? " pod" : " pods");
    }
    if (replicas <= 0) {
      return canary.getStrVal();
    }
    int pods = Percentages.canaryPods(canary, replicas);
    return canary.getStrVal() + " (" + pods + (pods == 1 ? " pod" : " pods") + ")";
  }

  private static String pause(CanaryStep step) {
    String duration = duration(step);
    return duration == null ? "pause until promoted" : "pause " + duration;
  }

  private static String duration(CanaryStep step) {
    return step.getPause() == null ? null : step.getPause().getDuration();
  }

  private static String pause(
      List<CanaryStep> steps, RolloutPolicyStatus status, Instant now, String name) {
    int current = Objects.requireNonNullElse(status.getCurrentStep(), 0);
    Instant started = Timestamps.parse(status.getPauseStartedAt());
    if (started == null) {
      return "starts when every canary pod is available";
    }
    Duration held = Duration.between(started, now);
    String duration = current < steps.size() ? duration(steps.get(current)) : null;
    if (duration == null) {
      return "held "
          + Ages.human(held)
          + ", until promoted (kubectl rollout-guard promote "
          + name
          + ")";
    }
    Duration total;
    try {
      total = KubeDuration.parse(duration);
    } catch (IllegalArgumentException e) {
      return "held " + Ages.human(held) + " of " + duration;
    }
    Duration left = total.minus(held);
    return left.isNegative() || left.isZero()
        ? duration + " elapsed: promoting"
        : Ages.human(left.plusMillis(999)) + " left of " + duration;
  }

  private static void revision(
      List<String> out, String label, String revision, RolloutView view, String pods) {
    if (revision == null) {
      return;
    }
    String images =
        view.replicaSets().stream()
            .filter(rs -> revision.equals(hash(rs)))
            .findFirst()
            .map(GetView::images)
            .orElse("");
    field(
        out,
        label,
        revision
            + (images.isEmpty() ? "" : "  " + images)
            + (pods == null ? "" : "  (" + pods + " ready)"));
  }

  private static void lastRollback(
      List<String> out, RollbackRecord last, Instant now, Style style) {
    if (last == null) {
      return;
    }
    field(
        out,
        "Last rollback:",
        style.paint(
            Tone.BAD,
            last.getFrom()
                + " → "
                + last.getTo()
                + ", "
                + Ages.since(last.getTime(), now)
                + " ago"
                + (last.getReason() == null ? "" : " (" + last.getReason() + ")")));
    if (last.getMessage() != null) {
      field(out, "", last.getMessage());
    }
  }

  private static void knownBad(List<String> out, List<FailedRevision> failed, Instant now) {
    if (failed == null || failed.isEmpty()) {
      return;
    }
    String label = "Known bad:";
    for (FailedRevision f : failed) {
      field(
          out,
          label,
          f.getRevision()
              + " ("
              + Objects.requireNonNullElse(f.getReason(), "failed")
              + ", "
              + Ages.since(f.getTime(), now)
              + " ago)");
      label = "";
    }
  }

  private static void tree(
      List<String> out, RolloutView view, RolloutPolicyStatus status, Instant now, Style style) {
    Deployment d = view.deployment();
    Set<String> failed =
        status.getFailedRevisions() == null
            ? Set.of()
            : status.getFailedRevisions().stream()
                .map(FailedRevision::getRevision)
                .collect(Collectors.toSet());
    Map<String, List<Pod>> podsByRs =
        view.pods().stream()
            .collect(
                Collectors.groupingBy(
                    p ->
                        p.getMetadata().getOwnerReferences().stream()
                            .filter(r -> Boolean.TRUE.equals(r.getController()))
                            .findFirst()
                            .orElseThrow()
                            .getUid()));
    List<ReplicaSet> shown = new ArrayList<>();
    int hidden = 0;
    for (ReplicaSet rs : view.replicaSets()) {
      String hash = hash(rs);
      boolean relevant =
          desired(rs) > 0
              || podsByRs.containsKey(rs.getMetadata().getUid())
              || Objects.equals(hash, status.getStableRevision())
              || Objects.equals(hash, status.getCanaryRevision())
              || failed.contains(hash);
      if (relevant) {
        shown.add(rs);
      } else {
        hidden++;
      }
    }
    shown.sort(
        Comparator.comparingLong(GetView::revisionNumber)
            .reversed()
            .thenComparing(rs -> rs.getMetadata().getName()));
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row(
            "⟳ ",
            d.getMetadata().getName(),
            "Deployment",
            deployment(d),
            Ages.since(d.getMetadata().getCreationTimestamp(), now),
            ""));
    for (int r = 0; r < shown.size(); r++) {
      ReplicaSet rs = shown.get(r);
      boolean lastRs = r == shown.size() - 1;
      String branch = lastRs ? "└──" : "├──";
      String stem = lastRs ? "   " : "│  ";
      rows.add(new Row(branch + "# revision:" + revisionNumber(rs), "", "", null, "", ""));
      String hash = hash(rs);
      List<String> tags = new ArrayList<>();
      if (Objects.equals(hash, status.getStableRevision())) {
        tags.add("stable");
      }
      if (Objects.equals(hash, status.getCanaryRevision())) {
        tags.add("canary");
      }
      if (failed.contains(hash)) {
        tags.add("rolled back");
      }
      rows.add(
          new Row(
              stem + "└──⧉ ",
              rs.getMetadata().getName(),
              "ReplicaSet",
              replicaSet(rs),
              Ages.since(rs.getMetadata().getCreationTimestamp(), now),
              String.join(",", tags)));
      List<Pod> pods = new ArrayList<>(podsByRs.getOrDefault(rs.getMetadata().getUid(), List.of()));
      pods.sort(Comparator.comparing(p -> p.getMetadata().getName()));
      for (int i = 0; i < pods.size(); i++) {
        Pod pod = pods.get(i);
        rows.add(
            new Row(
                stem + "   " + (i == pods.size() - 1 ? "└──" : "├──") + "□ ",
                pod.getMetadata().getName(),
                "Pod",
                pod(pod, failingReasons(view.policy())),
                Ages.since(pod.getMetadata().getCreationTimestamp(), now),
                podInfo(pod)));
      }
    }
    table(out, rows, style);
    if (hidden > 0) {
      out.add(
          "("
              + hidden
              + " older revision"
              + (hidden == 1 ? "" : "s")
              + " scaled down to 0, not shown)");
    }
  }

  private static void table(List<String> out, List<Row> rows, Style style) {
    int name = "NAME".length();
    int kind = "KIND".length();
    int state = "STATUS".length();
    int age = "AGE".length();
    for (Row row : rows) {
      if (row.state() == null) {
        continue;
      }
      name = Math.max(name, row.tree().length() + row.name().length());
      kind = Math.max(kind, row.kind().length());
      state = Math.max(state, row.state().text().length());
      age = Math.max(age, row.age().length());
    }
    out.add(
        pad("NAME", name)
            + "  "
            + pad("KIND", kind)
            + "  "
            + pad("STATUS", state)
            + "  "
            + pad("AGE", age)
            + "  INFO");
    for (Row row : rows) {
      if (row.state() == null) {
        out.add(row.tree());
        continue;
      }
      String line =
          pad(row.tree() + row.name(), name)
              + "  "
              + pad(row.kind(), kind)
              + "  "
              + row.state().paint(style)
              + " ".repeat(state - row.state().text().length())
              + "  "
              + pad(row.age(), age)
              + "  "
              + row.info();
      out.add(line.stripTrailing());
    }
  }

  static State deployment(Deployment d) {
    if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
      return new State(PAUSED, "Paused", Tone.PAUSED);
    }
    var s = d.getStatus();
    int replicas = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    boolean complete =
        s != null
            && Objects.equals(s.getObservedGeneration(), d.getMetadata().getGeneration())
            && n(s.getUpdatedReplicas()) == replicas
            && n(s.getAvailableReplicas()) == replicas
            && n(s.getReplicas()) == replicas;
    return complete
        ? new State(DONE, "Healthy", Tone.GOOD)
        : new State(PENDING, "Progressing", Tone.PENDING);
  }

  static State replicaSet(ReplicaSet rs) {
    var s = rs.getStatus();
    if (s != null && s.getConditions() != null) {
      for (var c : s.getConditions()) {
        if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
          return new State(
              FAILED, Objects.requireNonNullElse(c.getReason(), "ReplicaFailure"), Tone.BAD);
        }
      }
    }
    int desired = desired(rs);
    if (desired == 0) {
      return s == null || n(s.getReplicas()) == 0
          ? new State(SCALED_DOWN, "ScaledDown", Tone.QUIET)
          : new State(PENDING, "ScalingDown", Tone.PENDING);
    }
    return s != null && n(s.getAvailableReplicas()) >= desired
        ? new State(DONE, "Healthy", Tone.GOOD)
        : new State(PENDING, "Progressing", Tone.PENDING);
  }

  static State pod(Pod pod, List<String> failingReasons) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return new State(PENDING, "Terminating", Tone.PENDING);
    }
    var status = pod.getStatus();
    if (status == null) {
      return new State(PENDING, "Pending", Tone.PENDING);
    }
    for (ContainerStatus cs : containerStatuses(pod)) {
      var state = cs.getState();
      if (state == null) {
        continue;
      }
      if (state.getWaiting() != null && state.getWaiting().getReason() != null) {
        String reason = state.getWaiting().getReason();
        return failingReasons.contains(reason)
            ? new State(FAILED, reason, Tone.BAD)
            : new State(PENDING, reason, Tone.PENDING);
      }
      if (state.getTerminated() != null && state.getTerminated().getReason() != null) {
        return new State(FAILED, state.getTerminated().getReason(), Tone.BAD);
      }
    }
    if ("Failed".equals(status.getPhase())) {
      return new State(FAILED, "Failed", Tone.BAD);
    }
    if ("Succeeded".equals(status.getPhase())) {
      return new State(DONE, "Completed", Tone.GOOD);
    }
    if (ready(pod)) {
      return new State(DONE, "Ready", Tone.GOOD);
    }
    return "Running".equals(status.getPhase())
        ? new State(PENDING, "NotReady", Tone.PENDING)
        : new State(
            PENDING, Objects.requireNonNullElse(status.getPhase(), "Pending"), Tone.PENDING);
  }

  private static String podInfo(Pod pod) {
    List<ContainerStatus> statuses = containerStatuses(pod);
    int containers = pod.getSpec() == null ? statuses.size() : pod.getSpec().getContainers().size();
    long ready = statuses.stream().filter(cs -> Boolean.TRUE.equals(cs.getReady())).count();
    int restarts = statuses.stream().mapToInt(cs -> n(cs.getRestartCount())).sum();
    return "ready:" + ready + "/" + containers + (restarts > 0 ? ",restarts:" + restarts : "");
  }

  private static boolean ready(Pod pod) {
    var conditions = pod.getStatus().getConditions();
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static List<ContainerStatus> containerStatuses(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }

  private static List<String> failingReasons(RolloutPolicy policy) {
    Analysis analysis = policy.getSpec() == null ? null : policy.getSpec().getAnalysis();
    return analysis == null || analysis.getFailingReasons() == null
        ? Analysis.DEFAULT_FAILING_REASONS
        : analysis.getFailingReasons();
  }

  private static String images(ReplicaSet rs) {
    var template = rs.getSpec().getTemplate();
    if (template == null || template.getSpec() == null) {
      return "";
    }
    return template.getSpec().getContainers().stream()
        .map(Container::getImage)
        .collect(Collectors.joining(","));
  }

  static String hash(ReplicaSet rs) {
    var labels = rs.getMetadata().getLabels();
    return labels == null ? null : labels.get(HASH_LABEL);
  }

  private static long revisionNumber(ReplicaSet rs) {
    var annotations = rs.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REVISION_ANNOTATION);
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int desired(ReplicaSet rs) {
    return rs.getSpec() == null ? 0 : n(rs.getSpec().getReplicas());
  }

  private static int n(Integer value) {
    return value == null ? 0 : value;
  }

  private static void field(List<String> out, String label, String value) {
    out.add((pad(label, LABEL) + value).stripTrailing());
  }

  private static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
