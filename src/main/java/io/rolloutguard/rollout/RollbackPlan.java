package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.FailedRevision;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RollbackRecord;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.policy.TemplateHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rolls a failed revision back in two steps that survive a crash between them: first the intent
 * goes into status (phase RollingBack, the failed template hash recorded for RG005), then the
 * Deployment is patched and the rollback finished. A template that changed in between is a new
 * rollout, and the rollback is reported as skipped, not as done.
 */
final class RollbackPlan {

  private final Plan plan;

  RollbackPlan(Plan plan) {
    this.plan = plan;
  }

  /**
   * An abort while the template has moved off the canary: the canary that ran is what the abort
   * judged, not the template that replaced it and never ran.
   */
  Decision abortCanary() {
    return start(
        plan.byRevision(plan.status.getCanaryRevision()).orElse(null), Failure.aborted(plan.now));
  }

  /** The new revision failed: record the intent, or pause when rolling back is not possible. */
  Decision start(ReplicaSet current, Failure failure) {
    RolloutPolicyStatus status = plan.status;
    Deployment deployment = plan.deployment();
    Optional<ReplicaSet> stable = plan.byRevision(status.getStableRevision());
    boolean disabled =
        Boolean.FALSE.equals(plan.spec.getRollback().getOnFailure()) && !plan.abortRequested;
    if (disabled || stable.isEmpty()) {
      String reason = stable.isEmpty() ? Reasons.NO_STABLE_REVISION : Reasons.ROLLBACK_DISABLED;
      String message = failure.message() + "; not rolled back (" + reason + "), paused";
      if (!message.equals(status.getMessage())) {
        plan.event(RolloutEvent.warning(reason, message));
      }
      status.setPhase(Phase.Paused);
      status.setMessage(message);
      plan.setCondition(true, reason, message);
      plan.ignoreAnnotations("the rollout is held after a failure");
      return plan.decision(
          ReplicaSets.paused(deployment) ? Decision.Action.NONE : Decision.Action.PAUSE, null);
    }
    if (plan.abortRequested) {
      plan.keepAbort(); // removed once a later reconcile sees the intent
    }
    String from = current == null ? "(new template)" : ReplicaSets.revision(current);
    String to = status.getStableRevision();
    String hash = TemplateHash.of(deployment.getSpec().getTemplate());
    // Normally the same template; after an abort during a supersede, the canary that ran.
    String failedHash = current == null ? null : TemplateHash.of(current.getSpec().getTemplate());
    String message = failure.message() + "; rolled back from " + from + " to " + to;
    RollbackRecord pending =
        new RollbackRecord(from, to, failure.reason(), message, Timestamps.format(plan.now));
    pending.setTemplateHash(hash);
    pending.setFailedAt(Timestamps.format(failure.since()));
    status.setPendingRollback(pending);
    if (failedHash != null) {
      recordFailed(new FailedRevision(from, failedHash, failure.message(), pending.getTime()));
    }
    status.setPhase(Phase.RollingBack);
    status.setMessage(failure.message() + "; rolling back from " + from + " to " + to);
    plan.setCondition(true, Reasons.ROLLING_BACK, status.getMessage());
    plan.ignoreAnnotations("the rollout is being rolled back");
    // The status write is the intent; the next reconcile, right away, patches the Deployment.
    return plan.decision(Decision.Action.NONE, plan.now);
  }

  /** Phase RollingBack: patch the Deployment, or finish what an earlier reconcile patched. */
  Decision resume() {
    RolloutPolicyStatus status = plan.status;
    RollbackRecord pending = status.getPendingRollback();
    Deployment deployment = plan.deployment();
    String hash = TemplateHash.of(deployment.getSpec().getTemplate());
    Optional<ReplicaSet> stable =
        plan.byRevision(pending == null ? null : pending.getTo())
            .or(() -> plan.byRevision(status.getStableRevision()));
    if (plan.abortRequested) {
      plan.settleAnnotations(); // the intent it asked for is in the observed status now
    }
    plan.ignoreAnnotations("the rollout is being rolled back");
    if (pending != null && stable.isPresent()) {
      String stableHash = TemplateHash.of(stable.get().getSpec().getTemplate());
      if (hash.equals(pending.getTemplateHash())) {
        finish(pending);
        return plan.decision(Decision.Action.ROLLBACK, null)
            .withRollback(
                Decision.Action.ROLLBACK,
                TemplateHash.withoutHashLabel(stable.get().getSpec().getTemplate()),
                pending);
      }
      if (hash.equals(stableHash)) {
        // Patched before, but the status write was lost: finish without patching again.
        // Its metric and log line were reported with the patch; the event is the same one.
        finish(pending);
        return plan.decision(Decision.Action.NONE, null);
      }
    }
    return skipped(pending);
  }

  private void finish(RollbackRecord pending) {
    RolloutPolicyStatus status = plan.status;
    status.setLastRollback(pending);
    status.setPendingRollback(null);
    plan.clearCanary();
    status.setPhase(Phase.RolledBack);
    status.setMessage(pending.getMessage());
    plan.setCondition(false, Reasons.ROLLED_BACK, pending.getMessage());
    // Once: a reconcile that finishes a rollback whose status write was lost emits the same one.
    plan.event(RolloutEvent.warningOnce(Reasons.ROLLED_BACK, pending.getMessage()));
  }

  /** The template changed after the decision: that is a new rollout, not ours to undo. */
  private Decision skipped(RollbackRecord pending) {
    RolloutPolicyStatus status = plan.status;
    String message =
        "rollback of revision "
            + (pending == null ? "?" : pending.getFrom())
            + " skipped: the Deployment's template changed meanwhile, and the new one is rolled out";
    status.setPendingRollback(null);
    plan.clearCanary();
    status.setPhase(Phase.Progressing);
    status.setMessage(message);
    plan.setCondition(true, Reasons.ROLLBACK_SKIPPED, message);
    plan.event(RolloutEvent.warning(Reasons.ROLLBACK_SKIPPED, message));
    // Our pause must not hold the new template, which the Deployment controller creates only
    // for a running Deployment.
    Decision decision =
        plan.decision(plan.pausedByUs() ? Decision.Action.RESUME : Decision.Action.NONE, plan.now);
    return pending == null ? decision : decision.withRollbackSkipped(pending);
  }

  private void recordFailed(FailedRevision failed) {
    RolloutPolicyStatus status = plan.status;
    if (Objects.equals(failed.getTemplateHash(), status.getStableTemplateHash())) {
      return; // never mark the stable template bad: the rollback goes to it
    }
    List<FailedRevision> list = new ArrayList<>(status.getFailedRevisions());
    list.removeIf(f -> Objects.equals(f.getTemplateHash(), failed.getTemplateHash()));
    list.add(failed);
    while (list.size() > RolloutPolicyStatus.MAX_FAILED_REVISIONS) {
      list.remove(0);
    }
    status.setFailedRevisions(list);
  }
}
