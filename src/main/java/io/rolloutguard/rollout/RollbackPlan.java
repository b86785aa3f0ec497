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

  private final RolloutPass pass;

  RollbackPlan(RolloutPass pass) {
    this.pass = pass;
  }

  /**
   * An abort while the template has moved off the canary: the canary that ran is what the abort
   * judged, not the template that replaced it and never ran.
   */
  Decision abortCanary() {
    return start(
        pass.byRevision(pass.status.getCanaryRevision()).orElse(null), Failure.aborted(pass.now));
  }

  /** The new revision failed: record the intent, or pause when rolling back is not possible. */
  Decision start(ReplicaSet current, Failure failure) {
    RolloutPolicyStatus status = pass.status;
    Deployment deployment = pass.deployment();
    Optional<ReplicaSet> stable = pass.byRevision(status.getStableRevision());
    boolean disabled =
        Boolean.FALSE.equals(pass.spec.getRollback().getOnFailure()) && !pass.requests.abort;
    if (disabled || stable.isEmpty()) {
      String reason = stable.isEmpty() ? Reasons.NO_STABLE_REVISION : Reasons.ROLLBACK_DISABLED;
      String message = failure.message() + "; not rolled back (" + reason + "), paused";
      if (!message.equals(status.getMessage())) {
        pass.event(RolloutEvent.warning(reason, message));
      }
      status.setPhase(Phase.Paused);
      status.setMessage(message);
      pass.setCondition(true, reason, message);
      pass.ignoreAnnotations("the rollout is held after a failure");
      return pass.decision(
          ReplicaSets.paused(deployment) ? Decision.Action.NONE : Decision.Action.PAUSE, null);
    }
    if (pass.requests.abort) {
      pass.requests.keepAbort(); // removed once a later reconcile sees the intent
    }
    String from = current == null ? "(new template)" : ReplicaSets.revision(current);
    String to = status.getStableRevision();
    String hash = TemplateHash.of(deployment.getSpec().getTemplate());
    // Normally the same template; after an abort during a supersede, the canary that ran.
    String failedHash = current == null ? null : TemplateHash.of(current.getSpec().getTemplate());
    String message = failure.message() + "; rolled back from " + from + " to " + to;
    RollbackRecord pending =
        new RollbackRecord(from, to, failure.reason(), message, Timestamps.format(pass.now));
    pending.setTemplateHash(hash);
    pending.setFailedAt(Timestamps.format(failure.since()));
    status.setPendingRollback(pending);
    if (failedHash != null) {
      recordFailed(new FailedRevision(from, failedHash, failure.message(), pending.getTime()));
    }
    status.setPhase(Phase.RollingBack);
    status.setMessage(failure.message() + "; rolling back from " + from + " to " + to);
    pass.setCondition(true, Reasons.ROLLING_BACK, status.getMessage());
    pass.ignoreAnnotations("the rollout is being rolled back");
    // The status write is the intent; the next reconcile, right away, patches the Deployment.
    return pass.decision(Decision.Action.NONE, pass.now);
  }

  /** Phase RollingBack: patch the Deployment, or finish what an earlier reconcile patched. */
  Decision resume() {
    RolloutPolicyStatus status = pass.status;
    RollbackRecord pending = status.getPendingRollback();
    Deployment deployment = pass.deployment();
    String hash = TemplateHash.of(deployment.getSpec().getTemplate());
    Optional<ReplicaSet> stable =
        pass.byRevision(pending == null ? null : pending.getTo())
            .or(() -> pass.byRevision(status.getStableRevision()));
    if (pass.requests.abort) {
      pass.requests.settle(); // the intent it asked for is in the observed status now
    }
    pass.ignoreAnnotations("the rollout is being rolled back");
    if (pending != null && stable.isPresent()) {
      String stableHash = TemplateHash.of(stable.get().getSpec().getTemplate());
      if (hash.equals(pending.getTemplateHash())) {
        finish(pending);
        return pass.rollback(
            TemplateHash.withoutHashLabel(stable.get().getSpec().getTemplate()), pending);
      }
      if (hash.equals(stableHash)) {
        // Patched before, but the status write was lost: finish without patching again.
        // Its metric and log line were reported with the patch; the event is the same one.
        finish(pending);
        return pass.decision(Decision.Action.NONE, null);
      }
    }
    return skipped(pending);
  }

  private void finish(RollbackRecord pending) {
    RolloutPolicyStatus status = pass.status;
    status.setLastRollback(pending);
    status.setPendingRollback(null);
    pass.clearCanary();
    status.setPhase(Phase.RolledBack);
    status.setMessage(pending.getMessage());
    pass.setCondition(false, Reasons.ROLLED_BACK, pending.getMessage());
    // Once: a reconcile that finishes a rollback whose status write was lost emits the same one.
    pass.event(RolloutEvent.warningOnce(Reasons.ROLLED_BACK, pending.getMessage()));
  }

  /** The template changed after the decision: that is a new rollout, not ours to undo. */
  private Decision skipped(RollbackRecord pending) {
    RolloutPolicyStatus status = pass.status;
    String message =
        "rollback of revision "
            + (pending == null ? "?" : pending.getFrom())
            + " skipped: the Deployment's template changed meanwhile, and the new one is rolled out";
    status.setPendingRollback(null);
    pass.clearCanary();
    status.setPhase(Phase.Progressing);
    status.setMessage(message);
    pass.setCondition(true, Reasons.ROLLBACK_SKIPPED, message);
    pass.event(RolloutEvent.warning(Reasons.ROLLBACK_SKIPPED, message));
    // Our pause must not hold the new template, which the Deployment controller creates only
    // for a running Deployment.
    Decision decision =
        pass.decision(pass.pausedByUs() ? Decision.Action.RESUME : Decision.Action.NONE, pass.now);
    return pending == null ? decision : decision.withRollbackSkipped(pending);
  }

  private void recordFailed(FailedRevision failed) {
    RolloutPolicyStatus status = pass.status;
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
