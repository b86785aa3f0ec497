package io.rolloutguard.plugin;

import java.util.List;

/**
 * What {@code get} shows of a policy, classified once by {@link RolloutInfoBuilder} so that the
 * views only lay it out (as Argo Rollouts' {@code info} package serves its {@code get} printer).
 * Ages are already kubectl-style text; null stands for "not shown".
 */
record RolloutInfo(
    Header header,
    Target target,
    List<Step> steps,
    String pause,
    String stableImages,
    String canaryImages,
    Replicas replicas,
    List<KnownBad> knownBad,
    DeploymentNode deployment) {

  /** How an object is doing, whatever its kind; the word says why. */
  enum Health {
    HEALTHY,
    PROGRESSING,
    DEGRADED,
    PAUSED,
    SCALED_DOWN
  }

  record State(Health health, String word) {}

  /** What the policy says of itself: all that {@code list} shows, and the top of {@code get}. */
  record Header(
      String namespace,
      String name,
      String target,
      State phase,
      String message,
      String stepProgress,
      String canaryPods,
      String stableRevision,
      String canaryRevision,
      Rollback lastRollback,
      String age) {}

  enum Target {
    MISSING,
    RUNNING,
    PAUSED,
    PAUSED_BY_ROLLOUT_GUARD
  }

  enum StepProgress {
    DONE,
    PAUSED_HERE,
    SCALING_HERE,
    AHEAD
  }

  /** A canary step: its pod count (with the pods a percentage comes to) and its pause. */
  record Step(int number, String canary, String pause, StepProgress progress) {}

  record Replicas(int desired, int current, int updated, int ready, int available) {}

  record Rollback(String from, String to, String age, String reason, String message) {
    /** "2m ago (FailingReason)", as both views show it. */
    String whenAndWhy() {
      return age + " ago" + (reason == null ? "" : " (" + reason + ")");
    }
  }

  record KnownBad(String revision, String reason, String age) {}

  /** The Deployment's tree; {@code hiddenRevisions} are scaled down and named by nothing. */
  record DeploymentNode(
      String name, State state, String age, List<Revision> revisions, int hiddenRevisions) {}

  enum Tag {
    STABLE("stable"),
    CANARY("canary"),
    ROLLED_BACK("rolled back");

    final String label;

    Tag(String label) {
      this.label = label;
    }
  }

  /** A ReplicaSet under its revision number, newest first, its pods sorted by name. */
  record Revision(
      long number,
      String replicaSet,
      State state,
      String age,
      List<Tag> tags,
      List<PodNode> pods) {}

  record PodNode(String name, State state, String age, long ready, int containers, int restarts) {}
}
