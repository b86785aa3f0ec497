package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.Phase;
import java.util.Optional;

/**
 * The Deployment's template has no ReplicaSet yet. During a canary pause that means the user pushed
 * a new template (a fix) while the Deployment was paused, and the Deployment controller creates no
 * ReplicaSet for a paused Deployment: without us the rollout would wait forever. The newest
 * template supersedes the canary and is canaried from step 1.
 */
final class Supersede {

  private final Plan plan;

  Supersede(Plan plan) {
    this.plan = plan;
  }

  Decision withoutReplicaSet() {
    var status = plan.status;
    Deployment deployment = plan.deployment();
    if (plan.abortRequested && plan.byRevision(status.getStableRevision()).isPresent()) {
      return new RollbackPlan(plan).abortCanary();
    }
    if (plan.pausedByUs() && status.getCanaryRevision() != null) {
      return supersede(deployment, status.getCanaryRevision());
    }
    if (status.getPhase() == null) {
      status.setPhase(Phase.Progressing);
    }
    String message =
        ReplicaSets.paused(deployment)
            ? "the Deployment is paused; its new template gets a ReplicaSet when it is resumed"
            : "waiting for the new ReplicaSet";
    plan.setCondition(true, Reasons.WAITING_FOR_REPLICA_SET, message);
    plan.ignoreAnnotations("the new template has no ReplicaSet yet");
    return plan.decision(Decision.Action.NONE, null);
  }

  /**
   * Removes the abandoned canary's pods, as far as availability allows, then resumes so that the
   * Deployment controller creates the new ReplicaSet. Scaling first matters: the Deployment
   * controller counts the abandoned pods when it sizes the new ReplicaSet and scales old ones.
   */
  Decision supersede(Deployment deployment, String abandoned) {
    var status = plan.status;
    Optional<ReplicaSet> canary = plan.byRevision(abandoned);
    String kept = "";
    if (canary.isPresent() && ReplicaSets.desired(canary.get()) > 0) {
      int keep = neededForAvailability(plan, canary.get());
      if (keep < ReplicaSets.desired(canary.get())) {
        plan.scales.add(new Decision.Scale(canary.get().getMetadata().getName(), keep));
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
    plan.clearCanary();
    status.setPhase(Phase.Progressing);
    status.setMessage(message);
    plan.setCondition(true, Reasons.SUPERSEDED, message);
    plan.event(RolloutEvent.normal(Reasons.SUPERSEDED, message));
    plan.ignoreAnnotations("the canary it referred to was superseded");
    return plan.decision(Decision.Action.RESUME, null);
  }

  /**
   * How many of {@code rs}'s pods must stay so that available pods do not drop below the
   * Deployment's replicas: the Deployment's own {@code maxUnavailable: 0} promise.
   */
  static int neededForAvailability(Plan plan, ReplicaSet rs) {
    int others =
        plan.replicaSets().stream()
            .filter(o -> !o.getMetadata().getName().equals(rs.getMetadata().getName()))
            .mapToInt(ReplicaSets::available)
            .sum();
    int needed = ReplicaSets.replicas(plan.deployment()) - others;
    return Math.max(0, Math.min(needed, ReplicaSets.available(rs)));
  }
}
