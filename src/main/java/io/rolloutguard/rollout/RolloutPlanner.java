package io.rolloutguard.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.FailedRevision;
import io.rolloutguard.api.KubeDuration;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RollbackRecord;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicySpec;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.policy.Percentages;
import io.rolloutguard.policy.TemplateHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rollout algorithm as a pure function: (policy, Deployment, ReplicaSets, pods, now) to one
 * {@link Decision}. It recomputes everything from what it observes plus the status, so a restart or
 * a new leader resumes where the last one stopped. See DESIGN.md, "Rollout controller".
 */
public final class RolloutPlanner {

  private static final ObjectMapper COPIER = new ObjectMapper();

  private final RolloutSnapshot snapshot;
  private final RolloutPolicySpec spec;
  private final List<CanaryStep> steps;
  private final RolloutPolicyStatus status;
  private final Instant now;
  private final List<RolloutEvent> events = new ArrayList<>();
  private final boolean promoteRequested;
  private final boolean abortRequested;

  private RolloutPlanner(RolloutSnapshot snapshot) {
    this.snapshot = snapshot;
    this.spec = snapshot.policy().getSpec();
    this.steps = spec.getSteps() == null ? List.of() : spec.getSteps();
    RolloutPolicyStatus current = snapshot.policy().getStatus();
    this.status =
        current == null
            ? new RolloutPolicyStatus()
            : COPIER.convertValue(current, RolloutPolicyStatus.class);
    this.now = snapshot.now();
    Map<String, String> annotations = snapshot.policy().getMetadata().getAnnotations();
    this.promoteRequested = flag(annotations, RolloutPolicy.PROMOTE_ANNOTATION);
    this.abortRequested = flag(annotations, RolloutPolicy.ABORT_ANNOTATION);
  }

  public static Decision plan(RolloutSnapshot snapshot) {
    return new RolloutPlanner(snapshot).decide();
  }

  private Decision decide() {
    status.setObservedGeneration(snapshot.policy().getMetadata().getGeneration());
    Deployment deployment = snapshot.deployment();
    if (deployment == null) {
      idle(Reasons.TARGET_NOT_FOUND, "Deployment " + spec.getTargetRef().getName() + " not found");
      return decision(Decision.Action.NONE, null);
    }
    if (staleCache(deployment)) {
      // Our last write is not in the cache yet; its watch event will reconcile again.
      return new Decision(
          Decision.Action.NONE,
          snapshot.policy().getStatus(),
          Optional.empty(),
          List.of(),
          Optional.empty(),
          Optional.empty(),
          false,
          false);
    }
    Optional<ReplicaSet> found = ReplicaSets.newReplicaSet(deployment, snapshot.replicaSets());
    if (found.isEmpty()) {
      if (status.getPhase() == null) {
        status.setPhase(Phase.Progressing);
      }
      setCondition(true, Reasons.WAITING_FOR_REPLICA_SET, "waiting for the new ReplicaSet");
      return decision(Decision.Action.NONE, null);
    }
    ReplicaSet current = found.get();
    String revision = ReplicaSets.revision(current);
    if (status.getStableRevision() == null) {
      adoptStable(deployment, current, revision);
    }
    if (revision.equals(status.getStableRevision())) {
      return settled(deployment);
    }
    return rollingOut(deployment, current, revision);
  }

  /**
   * The first observation: what runs now is stable, unless a rollout from an older revision is
   * under way. A new Deployment's first revision has nothing to canary against: it is stable.
   */
  private void adoptStable(Deployment deployment, ReplicaSet current, String revision) {
    Optional<ReplicaSet> older =
        ReplicaSets.complete(deployment)
            ? Optional.empty()
            : ReplicaSets.mostAvailableOther(snapshot.replicaSets(), current);
    status.setStableRevision(older.map(ReplicaSets::revision).orElse(revision));
  }

  /** The Deployment runs its stable template: no rollout to guard. */
  private Decision settled(Deployment deployment) {
    boolean pausedByUs = status.getPhase() == Phase.Paused && ReplicaSets.paused(deployment);
    clearCanary();
    if (status.getPhase() != Phase.RolledBack && status.getPhase() != Phase.Succeeded) {
      status.setPhase(Phase.Idle);
      status.setMessage("running stable revision " + status.getStableRevision());
    }
    setCondition(false, Reasons.STABLE, "no rollout in progress");
    // A template reverted by hand during our pause must not stay paused.
    return decision(pausedByUs ? Decision.Action.RESUME : Decision.Action.NONE, null);
  }

  private Decision rollingOut(Deployment deployment, ReplicaSet current, String revision) {
    if (!revision.equals(status.getCanaryRevision())) {
      status.setCanaryRevision(revision);
      status.setCurrentStep(0);
      status.setPauseStartedAt(null);
      status.setPhase(Phase.Progressing);
      status.setMessage("rolling out revision " + revision);
      events.add(
          RolloutEvent.normal(
              Reasons.ROLLOUT_STARTED,
              "rollout of revision "
                  + revision
                  + " started; stable is "
                  + status.getStableRevision()));
    }
    List<Pod> pods = podsOf(revision);
    countCanary(current, pods);

    PodAnalysis.Result analysis = new PodAnalysis(spec.getAnalysis()).analyse(pods, now);
    Optional<Failure> failure = analysis.failure();
    if (abortRequested) {
      failure =
          Optional.of(new Failure(Reasons.ABORTED, null, "aborted by the abort annotation", now));
    } else if (failure.isEmpty()
        && ReplicaSets.progressDeadlineExceeded(deployment)
        && !Boolean.FALSE.equals(spec.getRollback().getOnProgressDeadline())) {
      failure =
          Optional.of(
              new Failure(
                  Reasons.PROGRESS_DEADLINE,
                  null,
                  "the Deployment exceeded its progress deadline",
                  now));
    }
    if (failure.isPresent()) {
      return failed(deployment, current, failure.get());
    }
    Decision.Action action = advance(deployment, current);
    Instant wakeAt = earliest(analysis.nextCheck().orElse(null), pauseEnds());
    return decision(action, wakeAt);
  }

  /** Moves through the steps: pause at each target, promote when its time is up. */
  private Decision.Action advance(Deployment deployment, ReplicaSet current) {
    int step = Objects.requireNonNullElse(status.getCurrentStep(), 0);
    if (step >= steps.size()) {
      return finishing(deployment, current);
    }
    int target =
        Percentages.canaryPods(steps.get(step).getCanary(), ReplicaSets.replicas(deployment));
    if (status.getPhase() == Phase.Paused) {
      boolean resumedByUser = !ReplicaSets.paused(deployment);
      if (status.getPauseStartedAt() == null
          && ReplicaSets.desired(current) > 0
          && ReplicaSets.available(current) >= ReplicaSets.desired(current)) {
        status.setPauseStartedAt(Timestamps.format(now));
      }
      if (resumedByUser || promoteRequested || pauseOver()) {
        return promote(step, resumedByUser ? "the Deployment was resumed" : why());
      }
      return Decision.Action.NONE;
    }
    if (ReplicaSets.desired(current) >= target) {
      status.setPhase(Phase.Paused);
      status.setPauseStartedAt(null);
      status.setMessage(
          "paused at step "
              + (step + 1)
              + " of "
              + steps.size()
              + " with "
              + target
              + " canary pod(s)");
      setCondition(true, Reasons.CANARY_PAUSED, status.getMessage());
      events.add(RolloutEvent.normal(Reasons.CANARY_PAUSED, status.getMessage()));
      return ReplicaSets.paused(deployment) ? Decision.Action.NONE : Decision.Action.PAUSE;
    }
    status.setPhase(Phase.Progressing);
    setCondition(true, Reasons.ROLLOUT_STARTED, "scaling to step " + (step + 1));
    return Decision.Action.NONE;
  }

  private Decision.Action promote(int step, String why) {
    int next = step + 1;
    status.setCurrentStep(next);
    status.setPauseStartedAt(null);
    status.setPhase(next < steps.size() ? Phase.Progressing : Phase.Promoting);
    status.setMessage("promoted step " + (step + 1) + ": " + why);
    setCondition(
        true, next < steps.size() ? Reasons.PROMOTED : Reasons.PROMOTING, status.getMessage());
    events.add(RolloutEvent.normal(Reasons.PROMOTED, status.getMessage()));
    return Decision.Action.RESUME;
  }

  /** After the last step (or with none): wait for the Deployment to complete. */
  private Decision.Action finishing(Deployment deployment, ReplicaSet current) {
    if (ReplicaSets.complete(deployment)) {
      String revision = ReplicaSets.revision(current);
      status.setStableRevision(revision);
      clearCanary();
      status.setPhase(Phase.Succeeded);
      status.setMessage("revision " + revision + " is stable");
      setCondition(false, Reasons.SUCCEEDED, status.getMessage());
      events.add(RolloutEvent.normal(Reasons.SUCCEEDED, status.getMessage()));
      return Decision.Action.NONE;
    }
    status.setPhase(steps.isEmpty() ? Phase.Progressing : Phase.Promoting);
    setCondition(true, Reasons.PROMOTING, "waiting for the Deployment to complete");
    // A pause left from our last step (or a missed resume) must not hold the rollout.
    return status.getPhase() == Phase.Promoting && ReplicaSets.paused(deployment)
        ? Decision.Action.RESUME
        : Decision.Action.NONE;
  }

  private Decision failed(Deployment deployment, ReplicaSet current, Failure failure) {
    String from = ReplicaSets.revision(current);
    Optional<ReplicaSet> stable =
        Optional.ofNullable(status.getStableRevision())
            .flatMap(r -> ReplicaSets.byRevision(snapshot.replicaSets(), r));
    if (Boolean.FALSE.equals(spec.getRollback().getOnFailure()) && !abortRequested
        || stable.isEmpty()) {
      String reason = stable.isEmpty() ? Reasons.NO_STABLE_REVISION : Reasons.ROLLBACK_DISABLED;
      status.setPhase(Phase.Paused);
      status.setMessage(failure.message() + "; not rolled back (" + reason + "), paused");
      setCondition(true, reason, status.getMessage());
      events.add(RolloutEvent.warning(reason, status.getMessage()));
      return decision(
          ReplicaSets.paused(deployment) ? Decision.Action.NONE : Decision.Action.PAUSE, null);
    }
    String to = status.getStableRevision();
    String time = Timestamps.format(now);
    String message = failure.message() + "; rolled back from " + from + " to " + to;
    status.setLastRollback(new RollbackRecord(from, to, failure.reason(), message, time));
    recordFailed(
        new FailedRevision(
            from, TemplateHash.of(deployment.getSpec().getTemplate()), failure.message(), time));
    clearCanary();
    status.setPhase(Phase.RolledBack);
    status.setMessage(message);
    setCondition(false, Reasons.ROLLED_BACK, message);
    events.add(RolloutEvent.warning(Reasons.ROLLED_BACK, message));
    return new Decision(
        Decision.Action.ROLLBACK,
        status,
        Optional.empty(),
        List.copyOf(events),
        Optional.of(TemplateHash.withoutHashLabel(stable.get().getSpec().getTemplate())),
        Optional.of(failure),
        promoteRequested,
        abortRequested);
  }

  private void recordFailed(FailedRevision failed) {
    List<FailedRevision> list = new ArrayList<>(status.getFailedRevisions());
    list.removeIf(f -> Objects.equals(f.getTemplateHash(), failed.getTemplateHash()));
    list.add(failed);
    while (list.size() > RolloutPolicyStatus.MAX_FAILED_REVISIONS) {
      list.remove(0);
    }
    status.setFailedRevisions(list);
  }

  private boolean staleCache(Deployment deployment) {
    Long written = status.getTargetGeneration();
    Long seen = deployment.getMetadata().getGeneration();
    return written != null && seen != null && seen < written;
  }

  private boolean pauseOver() {
    Instant ends = pauseEnds();
    return ends != null && !now.isBefore(ends);
  }

  private Instant pauseEnds() {
    if (status.getPhase() != Phase.Paused || status.getPauseStartedAt() == null) {
      return null;
    }
    int step = Objects.requireNonNullElse(status.getCurrentStep(), 0);
    if (step >= steps.size()) {
      return null;
    }
    var pause = steps.get(step).getPause();
    if (pause == null || pause.getDuration() == null) {
      return null;
    }
    return Timestamps.parse(status.getPauseStartedAt())
        .plus(KubeDuration.parse(pause.getDuration()));
  }

  private String why() {
    return promoteRequested ? "promoted by the promote annotation" : "pause duration elapsed";
  }

  private List<Pod> podsOf(String revision) {
    return snapshot.pods().stream()
        .filter(
            p ->
                p.getMetadata().getLabels() != null
                    && revision.equals(
                        p.getMetadata().getLabels().get(TemplateHash.POD_TEMPLATE_HASH)))
        .toList();
  }

  private void countCanary(ReplicaSet current, List<Pod> pods) {
    int desired = ReplicaSets.desired(current);
    int ready = (int) pods.stream().filter(PodAnalysis::isReady).count();
    status.setCanaryDesired(desired);
    status.setCanaryReady(ready);
    status.setCanary(ready + "/" + desired);
  }

  private void clearCanary() {
    status.setCanaryRevision(null);
    status.setCurrentStep(null);
    status.setStepProgress(null);
    status.setPauseStartedAt(null);
    status.setCanaryDesired(null);
    status.setCanaryReady(null);
    status.setCanary(null);
  }

  private void idle(String reason, String message) {
    status.setPhase(Phase.Idle);
    status.setMessage(message);
    setCondition(false, reason, message);
  }

  /** Keeps the transition time unless the condition's status flips, so equal states stay equal. */
  private void setCondition(boolean progressing, String reason, String message) {
    String value = progressing ? "True" : "False";
    List<Condition> conditions = new ArrayList<>(status.getConditions());
    Condition old =
        conditions.stream()
            .filter(c -> Reasons.CONDITION_PROGRESSING.equals(c.getType()))
            .findFirst()
            .orElse(null);
    String since =
        old != null && value.equals(old.getStatus())
            ? old.getLastTransitionTime()
            : Timestamps.format(now);
    conditions.remove(old);
    conditions.add(
        new ConditionBuilder()
            .withType(Reasons.CONDITION_PROGRESSING)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withLastTransitionTime(since)
            .withObservedGeneration(snapshot.policy().getMetadata().getGeneration())
            .build());
    status.setConditions(conditions);
  }

  private Decision decision(Decision.Action action, Instant wakeAt) {
    Integer step = status.getCurrentStep();
    status.setStepProgress(
        step == null || steps.isEmpty()
            ? null
            : Math.min(step + 1, steps.size()) + "/" + steps.size());
    return new Decision(
        action,
        status,
        Optional.ofNullable(wakeAt),
        List.copyOf(events),
        Optional.empty(),
        Optional.empty(),
        promoteRequested,
        abortRequested);
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isBefore(b) ? a : b;
  }

  private static boolean flag(Map<String, String> annotations, String key) {
    return annotations != null && "true".equalsIgnoreCase(annotations.get(key));
  }
}
