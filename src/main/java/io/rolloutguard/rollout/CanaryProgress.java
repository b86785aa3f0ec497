package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.KubeDuration;
import io.rolloutguard.api.Phase;
import io.rolloutguard.policy.Percentages;
import io.rolloutguard.policy.TemplateHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Moves a healthy canary through its steps: pause at each step's size, promote when its time is up,
 * and finish. Step sizes follow the Deployment's current replicas, so a scale (kubectl scale, an
 * HPA) during a pause re-targets the step instead of stalling it or growing the canary.
 */
final class CanaryProgress {

  private final RolloutPass pass;

  CanaryProgress(RolloutPass pass) {
    this.pass = pass;
  }

  Decision.Action advance(ReplicaSet current) {
    Deployment deployment = pass.deployment();
    var status = pass.status;
    countCanary(current);
    int step = Objects.requireNonNullElse(status.getCurrentStep(), 0);
    if (step >= pass.steps.size()) {
      return finishing(current);
    }
    int target =
        Percentages.canaryPods(pass.steps.get(step).getCanary(), ReplicaSets.replicas(deployment));
    int desired = ReplicaSets.desired(current);
    if (status.getPhase() == Phase.Paused) {
      if (!ReplicaSets.paused(deployment)) {
        return promote(step, "the Deployment was resumed");
      }
      if (desired < target) {
        // Replicas went down and the Deployment controller shrank the canary below its step:
        // resume so it grows back; the time already paused still counts.
        status.setPhase(Phase.Progressing);
        status.setMessage("replicas changed: growing the canary back to step " + (step + 1));
        pass.setCondition(true, Reasons.CANARY_RESCALED, status.getMessage());
        pass.ignoreAnnotations("the canary is growing back to its step");
        return Decision.Action.RESUME;
      }
      if (desired > target) {
        shrinkTo(current, target, step);
      }
      if (status.getPauseStartedAt() == null
          && desired > 0
          && ReplicaSets.available(current) >= Math.min(desired, target)) {
        status.setPauseStartedAt(Timestamps.format(pass.now));
      }
      if (pass.requests.promote || pauseOver()) {
        return promote(step, why());
      }
      return Decision.Action.NONE;
    }
    if (desired >= target) {
      status.setPhase(Phase.Paused);
      status.setMessage(pausedMessage(step, Math.min(desired, target)));
      // Claimed now, in the same status as the phase: if this status write is lost after the
      // pause patch, the next reconcile finds the Deployment paused and must still know it is ours.
      status.setPausedByController(true);
      if (desired > target) {
        shrinkTo(current, target, step);
      }
      pass.setCondition(true, Reasons.CANARY_PAUSED, status.getMessage());
      pass.event(RolloutEvent.normal(Reasons.CANARY_PAUSED, status.getMessage()));
      pass.ignoreAnnotations("the canary is not paused at a step yet");
      return ReplicaSets.paused(deployment) ? Decision.Action.NONE : Decision.Action.PAUSE;
    }
    status.setPhase(Phase.Progressing);
    pass.setCondition(true, Reasons.ROLLOUT_STARTED, "scaling to step " + (step + 1));
    pass.ignoreAnnotations("the canary is not paused at a step yet");
    return Decision.Action.NONE;
  }

  /**
   * A canary larger than its step (a scale-up while paused: the Deployment controller grows every
   * ReplicaSet in proportion) is scaled back, keeping as many of its pods as availability needs.
   * While the Deployment is paused, the controller gives the freed room to the stable pods.
   */
  private String pausedMessage(int step, int pods) {
    return "paused at step "
        + (step + 1)
        + " of "
        + pass.steps.size()
        + " with "
        + pods
        + " canary pod(s)";
  }

  private void shrinkTo(ReplicaSet canary, int target, int step) {
    int keep =
        Math.max(
            target,
            ReplicaSets.neededForAvailability(pass.deployment(), pass.replicaSets(), canary));
    int largestOther =
        pass.replicaSets().stream()
            .filter(rs -> !rs.getMetadata().getName().equals(canary.getMetadata().getName()))
            .mapToInt(ReplicaSets::desired)
            .max()
            .orElse(0);
    if (largestOther <= keep) {
      // The paused Deployment controller tops up the largest ReplicaSet (the newest on a tie):
      // that would be the canary again, and the two controllers would scale back and forth.
      // Built afresh each time, so that repeated reconciles write the same status.
      pass.status.setMessage(
          pausedMessage(step, target)
              + "; the canary has "
              + ReplicaSets.desired(canary)
              + " pods, above its step of "
              + target
              + ", as it is the largest ReplicaSet after the scale");
      return;
    }
    if (keep < ReplicaSets.desired(canary)) {
      pass.scales.add(new Decision.Scale(canary.getMetadata().getName(), keep));
      pass.event(
          RolloutEvent.normal(
              Reasons.CANARY_RESCALED,
              "replicas changed: canary scaled from "
                  + ReplicaSets.desired(canary)
                  + " to "
                  + keep
                  + " pod(s), the size of its step"));
    }
  }

  private Decision.Action promote(int step, String why) {
    var status = pass.status;
    int next = step + 1;
    status.setCurrentStep(next);
    status.setPauseStartedAt(null);
    status.setPhase(next < pass.steps.size() ? Phase.Progressing : Phase.Promoting);
    status.setMessage("promoted step " + (step + 1) + ": " + why);
    pass.setCondition(
        true, next < pass.steps.size() ? Reasons.PROMOTED : Reasons.PROMOTING, status.getMessage());
    pass.event(RolloutEvent.normal(Reasons.PROMOTED, status.getMessage()));
    if (pass.requests.promote) {
      pass.requests.settle();
    }
    return Decision.Action.RESUME;
  }

  /** After the last step (or with none): wait for the Deployment to complete. */
  Decision.Action finishing(ReplicaSet current) {
    var status = pass.status;
    Deployment deployment = pass.deployment();
    pass.ignoreAnnotations("the last step was promoted already");
    if (ReplicaSets.complete(deployment)) {
      String revision = ReplicaSets.revision(current);
      String hash = TemplateHash.of(current.getSpec().getTemplate());
      status.setStableRevision(revision);
      status.setStableTemplateHash(hash);
      // A retried revision that became stable is no longer known bad (RG005).
      List<io.rolloutguard.api.FailedRevision> failed =
          new ArrayList<>(status.getFailedRevisions());
      failed.removeIf(f -> hash.equals(f.getTemplateHash()));
      status.setFailedRevisions(failed);
      pass.clearCanary();
      status.setPhase(Phase.Succeeded);
      status.setMessage("revision " + revision + " is stable");
      pass.setCondition(false, Reasons.SUCCEEDED, status.getMessage());
      pass.event(RolloutEvent.normal(Reasons.SUCCEEDED, status.getMessage()));
      return Decision.Action.NONE;
    }
    status.setPhase(pass.steps.isEmpty() ? Phase.Progressing : Phase.Promoting);
    pass.setCondition(true, Reasons.PROMOTING, "waiting for the Deployment to complete");
    // A pause left from our last step (or a missed resume) must not hold the rollout.
    return status.getPhase() == Phase.Promoting && ReplicaSets.paused(deployment)
        ? Decision.Action.RESUME
        : Decision.Action.NONE;
  }

  private void countCanary(ReplicaSet current) {
    var status = pass.status;
    int desired = ReplicaSets.desired(current);
    int ready =
        (int)
            pass.podsOf(ReplicaSets.revision(current)).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(PodAnalysis::isReady)
                .count();
    status.setCanaryDesired(desired);
    status.setCanaryReady(ready);
    status.setCanary(ready + "/" + desired);
  }

  private boolean pauseOver() {
    Instant ends = pauseEnds();
    return ends != null && !pass.now.isBefore(ends);
  }

  Instant pauseEnds() {
    var status = pass.status;
    if (status.getPhase() != Phase.Paused || status.getPauseStartedAt() == null) {
      return null;
    }
    int step = Objects.requireNonNullElse(status.getCurrentStep(), 0);
    if (step >= pass.steps.size()) {
      return null;
    }
    var pause = pass.steps.get(step).getPause();
    if (pause == null || pause.getDuration() == null) {
      return null;
    }
    return Timestamps.parse(status.getPauseStartedAt())
        .plus(KubeDuration.parse(pause.getDuration()));
  }

  private String why() {
    return pass.requests.promote ? "promoted by the promote annotation" : "pause duration elapsed";
  }
}
