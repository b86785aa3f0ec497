package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.Phase;
import java.util.Optional;

/**
 * A new template during our canary pause. With no ReplicaSet yet, the user pushed a new template (a
 * fix) while the Deployment was paused, and the Deployment controller creates no ReplicaSet for a
 * paused Deployment: without us the rollout would wait forever. With one (a revert, a retry), the
 * paused Deployment controller would never scale it up. Either way the newest template supersedes
 * the canary and is canaried from step 1.
 */
final class NewTemplateDuringPause {

  private final RolloutPass pass;

  NewTemplateDuringPause(RolloutPass pass) {
    this.pass = pass;
  }

  /** The template has no ReplicaSet: new during our pause, or not yet created by the controller. */
  Decision withoutReplicaSet() {
    var status = pass.status;
    Deployment deployment = pass.deployment();
    if (pass.requests.abort && pass.byRevision(status.getStableRevision()).isPresent()) {
      return new RollbackPlan(pass).abortCanary();
    }
    if (pass.pausedByUs() && status.getCanaryRevision() != null) {
      return abandonCanary(deployment, status.getCanaryRevision());
    }
    if (status.getPhase() == null) {
      status.setPhase(Phase.Progressing);
    }
    String message =
        ReplicaSets.paused(deployment)
            ? "the Deployment is paused; its new template gets a ReplicaSet when it is resumed"
            : "waiting for the new ReplicaSet";
    pass.setCondition(true, Reasons.WAITING_FOR_REPLICA_SET, message);
    pass.ignoreAnnotations("the new template has no ReplicaSet yet");
    return pass.decision(Decision.Action.NONE, null);
  }

  /**
   * Removes the abandoned canary's pods, as far as availability allows, then resumes so that the
   * Deployment controller creates the new ReplicaSet. Scaling first matters: the Deployment
   * controller counts the abandoned pods when it sizes the new ReplicaSet and scales old ones.
   */
  Decision abandonCanary(Deployment deployment, String abandoned) {
    var status = pass.status;
    Optional<ReplicaSet> canary = pass.byRevision(abandoned);
    String kept = "";
    if (canary.isPresent() && ReplicaSets.desired(canary.get()) > 0) {
      int keep =
          ReplicaSets.neededForAvailability(pass.deployment(), pass.replicaSets(), canary.get());
      if (keep < ReplicaSets.desired(canary.get())) {
        pass.scales.add(new Decision.Scale(canary.get().getMetadata().getName(), keep));
      }
      if (keep > 0) {
        kept =
            "; "
                + keep
                + " of its pods serve until the new revision replaces them, as the other"
                + " revisions alone are not available enough";
      }
    }
    String message =
        "a new template superseded the canary of revision "
            + abandoned
            + ", which is abandoned"
            + kept
            + "; the new template is canaried from step 1";
    pass.clearCanary();
    status.setPhase(Phase.Progressing);
    status.setMessage(message);
    pass.setCondition(true, Reasons.SUPERSEDED, message);
    pass.event(RolloutEvent.normal(Reasons.SUPERSEDED, message));
    pass.ignoreAnnotations("the canary it referred to was superseded");
    return pass.decision(Decision.Action.RESUME, null);
  }
}
