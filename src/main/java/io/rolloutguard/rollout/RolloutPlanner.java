package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.Phase;
import io.rolloutguard.policy.CanarySafety;
import io.rolloutguard.policy.TemplateHash;
import java.util.List;
import java.util.Optional;

/**
 * The rollout algorithm as a pure function: (policy, Deployment, ReplicaSets, pods, now) to one
 * {@link Decision}. It recomputes everything from what it observes plus the status, so a restart or
 * a new leader resumes where the last one stopped. This class decides which state the rollout is
 * in; {@link CanaryProgress} moves through the steps, {@link PodAnalysis} judges the new pods,
 * {@link RollbackPlan} rolls back, and {@link NewTemplateDuringPause} handles a new template during
 * our pause.
 */
public final class RolloutPlanner {

  private static final java.time.Duration CONFLICT_RECHECK = java.time.Duration.ofSeconds(30);

  private final RolloutPass pass;

  private RolloutPlanner(RolloutSnapshot snapshot) {
    this.pass = new RolloutPass(snapshot);
  }

  public static Decision plan(RolloutSnapshot snapshot) {
    return new RolloutPlanner(snapshot).decide();
  }

  private Decision decide() {
    var status = pass.status;
    status.setObservedGeneration(pass.snapshot.policy().getMetadata().getGeneration());
    if (pass.snapshot.olderPolicy() != null) {
      return conflict(pass.snapshot.olderPolicy());
    }
    Deployment deployment = pass.deployment();
    if (deployment == null) {
      pass.idle(Reasons.TARGET_NOT_FOUND, "Deployment " + pass.targetName() + " not found");
      pass.ignoreAnnotations("the Deployment does not exist");
      return pass.decision(Decision.Action.NONE, null);
    }
    String uid = deployment.getMetadata().getUid();
    if (status.getTargetUid() != null && !status.getTargetUid().equals(uid)) {
      forgetRecreatedTarget();
    }
    status.setTargetUid(uid);
    if (staleCache(deployment)) {
      // Our last write is not in the cache yet; its watch event will reconcile again.
      return Decision.unchanged(pass.snapshot.policy().getStatus());
    }
    if (status.getPhase() == Phase.RollingBack) {
      return new RollbackPlan(pass).resume();
    }
    Optional<ReplicaSet> found = ReplicaSets.newReplicaSet(deployment, pass.replicaSets());
    if (found.isEmpty()) {
      return new NewTemplateDuringPause(pass).withoutReplicaSet();
    }
    ReplicaSet current = found.get();
    String revision = ReplicaSets.revision(current);
    if (status.getStableRevision() == null) {
      adoptStable(deployment, current, revision);
    }
    pass.byRevision(status.getStableRevision())
        .ifPresent(rs -> status.setStableTemplateHash(TemplateHash.of(rs.getSpec().getTemplate())));
    if (revision.equals(status.getStableRevision())) {
      return settled(deployment);
    }
    return rollingOut(deployment, current, revision);
  }

  /** Only the oldest policy on a Deployment acts; this one says so and does nothing else. */
  private Decision conflict(String older) {
    String message =
        "Deployment "
            + pass.targetName()
            + " is guarded by the older RolloutPolicy "
            + older
            + "; this policy does nothing while both exist";
    pass.status.setPhase(Phase.Conflict);
    pass.status.setMessage(message);
    pass.setCondition(false, Reasons.CONFLICT, message);
    // Deleting the older policy sends this one no event: look again now and then.
    return pass.decision(Decision.Action.NONE, pass.now.plus(CONFLICT_RECHECK));
  }

  /**
   * Deleted and created again under the same name (Argo CD's Replace, helm --force): what was
   * observed of the old Deployment means nothing for the new one. Failed templates stay known bad.
   */
  private void forgetRecreatedTarget() {
    var status = pass.status;
    pass.clearCanary();
    status.setStableRevision(null);
    status.setStableTemplateHash(null);
    status.setTargetGeneration(null);
    status.setPendingRollback(null);
    status.setPausedByController(null);
    status.setPhase(null);
    pass.event(
        RolloutEvent.normal(
            Reasons.TARGET_RECREATED,
            "Deployment "
                + pass.targetName()
                + " was deleted and created again; guarding the new one from its first revision"));
  }

  /**
   * The first observation: what runs now is stable, unless a rollout from an older revision is
   * under way. A new Deployment's first revision has nothing to canary against: it is stable.
   */
  private void adoptStable(Deployment deployment, ReplicaSet current, String revision) {
    Optional<ReplicaSet> older =
        ReplicaSets.complete(deployment)
            ? Optional.empty()
            : ReplicaSets.mostAvailableOther(pass.replicaSets(), current);
    pass.status.setStableRevision(older.map(ReplicaSets::revision).orElse(revision));
  }

  /** The Deployment runs its stable template: no rollout to guard. */
  private Decision settled(Deployment deployment) {
    var status = pass.status;
    boolean pausedByUs = pass.pausedByUs();
    if (status.getCanaryRevision() != null) {
      pass.event(
          RolloutEvent.normal(
              Reasons.SUPERSEDED,
              "the template was set back to the stable revision "
                  + status.getStableRevision()
                  + "; the canary of revision "
                  + status.getCanaryRevision()
                  + " was abandoned"));
    }
    pass.clearCanary();
    if (status.getPhase() != Phase.RolledBack && status.getPhase() != Phase.Succeeded) {
      status.setPhase(Phase.Idle);
      status.setMessage("running stable revision " + status.getStableRevision());
    }
    pass.setCondition(false, Reasons.STABLE, "no rollout in progress");
    pass.ignoreAnnotations("no rollout is in progress");
    // A template reverted by hand during our pause must not stay paused.
    return pass.decision(pausedByUs ? Decision.Action.RESUME : Decision.Action.NONE, null);
  }

  private Decision rollingOut(Deployment deployment, ReplicaSet current, String revision) {
    var status = pass.status;
    if (status.getCanaryRevision() != null
        && !revision.equals(status.getCanaryRevision())
        && pass.pausedByUs()) {
      if (pass.requests.abort) {
        return new RollbackPlan(pass).abortCanary();
      }
      // A template whose ReplicaSet exists already (a revert, rollout undo --to-revision, a
      // retry) replaced the canary during our pause: the paused Deployment controller would never
      // scale that ReplicaSet up.
      return new NewTemplateDuringPause(pass).abandonCanary(deployment, status.getCanaryRevision());
    }
    if (!revision.equals(status.getCanaryRevision())) {
      if (status.getCanaryRevision() != null) {
        pass.event(
            RolloutEvent.normal(
                Reasons.SUPERSEDED,
                "revision "
                    + revision
                    + " superseded the canary of "
                    + status.getCanaryRevision()));
      }
      status.setCanaryRevision(revision);
      status.setCurrentStep(0);
      status.setPauseStartedAt(null);
      status.setPhase(Phase.Progressing);
      status.setMessage("rolling out revision " + revision);
      pass.event(
          RolloutEvent.normal(
              Reasons.ROLLOUT_STARTED,
              "rollout of revision "
                  + revision
                  + " started; stable is "
                  + status.getStableRevision()));
    }
    PodAnalysis analysis = new PodAnalysis(pass.spec.getAnalysis());
    PodAnalysis.Result result = analysis.analyse(pass.podsOf(revision), pass.now);
    Optional<Failure> failure = result.failure();
    if (pass.requests.abort) {
      failure = Optional.of(Failure.aborted(pass.now));
    }
    if (failure.isEmpty()) {
      failure = analysis.creationFailure(current, pass.now);
    }
    if (failure.isEmpty()
        && ReplicaSets.progressDeadlineExceeded(deployment)
        && !Boolean.FALSE.equals(pass.spec.getRollback().getOnProgressDeadline())) {
      failure =
          Optional.of(
              new Failure(
                  Reasons.PROGRESS_DEADLINE,
                  null,
                  "the Deployment exceeded its progress deadline",
                  pass.now));
    }
    if (failure.isPresent()) {
      return new RollbackPlan(pass).start(current, failure.get());
    }
    var wake =
        earliest(result.nextCheck().orElse(null), analysis.creationDeadline(current).orElse(null));
    // Checked whenever the Deployment controller is about to roll (not while our pause holds it).
    // A maxSurge above the step only makes the canary overshoot, which the pause corrects.
    List<CanarySafety.Problem> unsafe =
        pass.steps.isEmpty() || status.getPhase() == Phase.Paused
            ? List.of()
            : CanarySafety.check(
                    deployment, pass.steps.get(0).getCanary(), pass.snapshot.canaryFloor())
                .stream()
                .filter(p -> p.kind() != CanarySafety.Kind.MAX_SURGE)
                .toList();
    CanaryProgress progress = new CanaryProgress(pass);
    if (!unsafe.isEmpty()) {
      if (ReplicaSets.complete(deployment)) {
        // Rolled out without steps: what runs now is stable.
        return pass.decision(progress.finishing(current), null);
      }
      return degraded(unsafe, wake);
    }
    Decision.Action action = progress.advance(current);
    return pass.decision(action, earliest(wake, progress.pauseEnds()));
  }

  /**
   * Admission was bypassed: with this strategy the Deployment controller could take the canary past
   * its step or old pods down before any pause. The controller does not pretend to gate it; the
   * failure analysis and rollback still run.
   */
  private Decision degraded(List<CanarySafety.Problem> problems, java.time.Instant wake) {
    var status = pass.status;
    String message =
        "canary steps not enforced: "
            + problems.stream()
                .map(p -> p.field() + " " + p.message())
                .collect(java.util.stream.Collectors.joining("; "))
            + " (RG004 would have set it at admission); only the rollback guard runs";
    if (status.getPhase() != Phase.Degraded || !message.equals(status.getMessage())) {
      pass.event(RolloutEvent.warning(Reasons.UNSAFE_STRATEGY, message));
    }
    // A pause of ours would hold the rollout with nobody gating it.
    boolean release = pass.pausedByUs();
    status.setPhase(Phase.Degraded);
    status.setMessage(message);
    pass.setCondition(true, Reasons.UNSAFE_STRATEGY, message);
    pass.ignoreAnnotations("the canary steps are not enforced");
    return pass.decision(release ? Decision.Action.RESUME : Decision.Action.NONE, wake);
  }

  private boolean staleCache(Deployment deployment) {
    Long written = pass.status.getTargetGeneration();
    Long seen = deployment.getMetadata().getGeneration();
    return written != null && seen != null && seen < written;
  }

  static java.time.Instant earliest(java.time.Instant a, java.time.Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }
}
