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
 * {@link RollbackPlan} rolls back, and {@link Supersede} handles a new template mid-canary. See
 * DESIGN.md, "Rollout controller".
 */
public final class RolloutPlanner {

  private static final java.time.Duration CONFLICT_RECHECK = java.time.Duration.ofSeconds(30);

  private final Plan plan;

  private RolloutPlanner(RolloutSnapshot snapshot) {
    this.plan = new Plan(snapshot);
  }

  public static Decision plan(RolloutSnapshot snapshot) {
    return new RolloutPlanner(snapshot).decide();
  }

  private Decision decide() {
    var status = plan.status;
    status.setObservedGeneration(plan.snapshot.policy().getMetadata().getGeneration());
    if (plan.snapshot.olderPolicy() != null) {
      return conflict(plan.snapshot.olderPolicy());
    }
    Deployment deployment = plan.deployment();
    if (deployment == null) {
      plan.idle(
          Reasons.TARGET_NOT_FOUND,
          "Deployment " + plan.spec.getTargetRef().getName() + " not found");
      plan.ignoreAnnotations("the Deployment does not exist");
      return plan.decision(Decision.Action.NONE, null);
    }
    String uid = deployment.getMetadata().getUid();
    if (status.getTargetUid() != null && !status.getTargetUid().equals(uid)) {
      forgetRecreatedTarget();
    }
    status.setTargetUid(uid);
    if (staleCache(deployment)) {
      // Our last write is not in the cache yet; its watch event will reconcile again.
      return new Decision(
          Decision.Action.NONE,
          plan.snapshot.policy().getStatus(),
          Optional.empty(),
          List.of(),
          List.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          false,
          false);
    }
    if (status.getPhase() == Phase.RollingBack) {
      return new RollbackPlan(plan).resume();
    }
    Optional<ReplicaSet> found = ReplicaSets.newReplicaSet(deployment, plan.replicaSets());
    if (found.isEmpty()) {
      return new Supersede(plan).withoutReplicaSet();
    }
    ReplicaSet current = found.get();
    String revision = ReplicaSets.revision(current);
    if (status.getStableRevision() == null) {
      adoptStable(deployment, current, revision);
    }
    plan.byRevision(status.getStableRevision())
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
            + plan.spec.getTargetRef().getName()
            + " is guarded by the older RolloutPolicy "
            + older
            + "; this policy does nothing while both exist";
    plan.status.setPhase(Phase.Conflict);
    plan.status.setMessage(message);
    plan.setCondition(false, Reasons.CONFLICT, message);
    // Deleting the older policy sends this one no event: look again now and then.
    return plan.decision(Decision.Action.NONE, plan.now.plus(CONFLICT_RECHECK));
  }

  /**
   * Deleted and created again under the same name (Argo CD's Replace, helm --force): what was
   * observed of the old Deployment means nothing for the new one. Failed templates stay known bad.
   */
  private void forgetRecreatedTarget() {
    var status = plan.status;
    plan.clearCanary();
    status.setStableRevision(null);
    status.setStableTemplateHash(null);
    status.setTargetGeneration(null);
    status.setPendingRollback(null);
    status.setPausedByController(null);
    status.setPhase(null);
    plan.event(
        RolloutEvent.normal(
            Reasons.TARGET_RECREATED,
            "Deployment "
                + plan.spec.getTargetRef().getName()
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
            : ReplicaSets.mostAvailableOther(plan.replicaSets(), current);
    plan.status.setStableRevision(older.map(ReplicaSets::revision).orElse(revision));
  }

  /** The Deployment runs its stable template: no rollout to guard. */
  private Decision settled(Deployment deployment) {
    var status = plan.status;
    boolean pausedByUs = plan.pausedByUs();
    if (status.getCanaryRevision() != null) {
      plan.event(
          RolloutEvent.normal(
              Reasons.SUPERSEDED,
              "the template was set back to the stable revision "
                  + status.getStableRevision()
                  + "; the canary of revision "
                  + status.getCanaryRevision()
                  + " was abandoned"));
    }
    plan.clearCanary();
    if (status.getPhase() != Phase.RolledBack && status.getPhase() != Phase.Succeeded) {
      status.setPhase(Phase.Idle);
      status.setMessage("running stable revision " + status.getStableRevision());
    }
    plan.setCondition(false, Reasons.STABLE, "no rollout in progress");
    plan.ignoreAnnotations("no rollout is in progress");
    // A template reverted by hand during our pause must not stay paused.
    return plan.decision(pausedByUs ? Decision.Action.RESUME : Decision.Action.NONE, null);
  }

  private Decision rollingOut(Deployment deployment, ReplicaSet current, String revision) {
    var status = plan.status;
    if (status.getCanaryRevision() != null
        && !revision.equals(status.getCanaryRevision())
        && plan.pausedByUs()) {
      if (plan.abortRequested) {
        return new RollbackPlan(plan).abortCanary();
      }
      // A template whose ReplicaSet exists already (a revert, rollout undo --to-revision, a
      // retry) replaced the canary during our pause: the paused Deployment controller would never
      // scale that ReplicaSet up.
      return new Supersede(plan).supersede(deployment, status.getCanaryRevision());
    }
    if (!revision.equals(status.getCanaryRevision())) {
      if (status.getCanaryRevision() != null) {
        plan.event(
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
      plan.event(
          RolloutEvent.normal(
              Reasons.ROLLOUT_STARTED,
              "rollout of revision "
                  + revision
                  + " started; stable is "
                  + status.getStableRevision()));
    }
    PodAnalysis analysis = new PodAnalysis(plan.spec.getAnalysis());
    PodAnalysis.Result result = analysis.analyse(plan.podsOf(revision), plan.now);
    Optional<Failure> failure = result.failure();
    if (plan.abortRequested) {
      failure = Optional.of(Failure.aborted(plan.now));
    }
    if (failure.isEmpty()) {
      failure = analysis.creationFailure(current, plan.now);
    }
    if (failure.isEmpty()
        && ReplicaSets.progressDeadlineExceeded(deployment)
        && !Boolean.FALSE.equals(plan.spec.getRollback().getOnProgressDeadline())) {
      failure =
          Optional.of(
              new Failure(
                  Reasons.PROGRESS_DEADLINE,
                  null,
                  "the Deployment exceeded its progress deadline",
                  plan.now));
    }
    if (failure.isPresent()) {
      return new RollbackPlan(plan).start(current, failure.get());
    }
    var wake =
        earliest(result.nextCheck().orElse(null), analysis.creationDeadline(current).orElse(null));
    // Checked whenever the Deployment controller is about to roll (not while our pause holds it).
    // A maxSurge above the step only makes the canary overshoot, which the pause corrects.
    List<CanarySafety.Problem> unsafe =
        plan.steps.isEmpty() || status.getPhase() == Phase.Paused
            ? List.of()
            : CanarySafety.check(
                    deployment, plan.steps.get(0).getCanary(), plan.snapshot.canaryFloor())
                .stream()
                .filter(p -> p.kind() != CanarySafety.Kind.MAX_SURGE)
                .toList();
    CanaryProgress progress = new CanaryProgress(plan);
    if (!unsafe.isEmpty()) {
      if (ReplicaSets.complete(deployment)) {
        // Rolled out without steps: what runs now is stable.
        return plan.decision(progress.finishing(current), null);
      }
      return degraded(unsafe, wake);
    }
    Decision.Action action = progress.advance(current);
    return plan.decision(action, earliest(wake, progress.pauseEnds()));
  }

  /**
   * Admission was bypassed: with this strategy the Deployment controller could take the canary past
   * its step or old pods down before any pause. The controller does not pretend to gate it; the
   * failure analysis and rollback still run.
   */
  private Decision degraded(List<CanarySafety.Problem> problems, java.time.Instant wake) {
    var status = plan.status;
    String message =
        "canary steps not enforced: "
            + problems.stream()
                .map(p -> p.field() + " " + p.message())
                .collect(java.util.stream.Collectors.joining("; "))
            + " (RG004 would have set it at admission); only the rollback guard runs";
    if (status.getPhase() != Phase.Degraded || !message.equals(status.getMessage())) {
      plan.event(RolloutEvent.warning(Reasons.UNSAFE_STRATEGY, message));
    }
    // A pause of ours would hold the rollout with nobody gating it.
    boolean release = plan.pausedByUs();
    status.setPhase(Phase.Degraded);
    status.setMessage(message);
    plan.setCondition(true, Reasons.UNSAFE_STRATEGY, message);
    plan.ignoreAnnotations("the canary steps are not enforced");
    return plan.decision(release ? Decision.Action.RESUME : Decision.Action.NONE, wake);
  }

  private boolean staleCache(Deployment deployment) {
    Long written = plan.status.getTargetGeneration();
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
