package io.rolloutguard.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.Limits;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RollbackRecord;
import io.rolloutguard.api.RolloutPolicySpec;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.policy.TemplateHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The working state of one planning pass: the snapshot, a copy of the status being rewritten, the
 * events and ReplicaSet scalings decided so far, and the annotation requests. The planner's parts
 * ({@link CanaryProgress}, {@link RollbackPlan}, {@link NewTemplateDuringPause}) share it.
 */
final class RolloutPass {

  private static final ObjectMapper COPIER = new ObjectMapper();

  final RolloutSnapshot snapshot;
  final RolloutPolicySpec spec;
  final List<CanaryStep> steps;
  final RolloutPolicyStatus status;
  final Instant now;
  final AnnotationRequests requests;
  final List<RolloutEvent> events = new ArrayList<>();
  final List<Decision.Scale> scales = new ArrayList<>();

  RolloutPass(RolloutSnapshot snapshot) {
    this.snapshot = snapshot;
    this.spec = snapshot.policy().getSpec();
    this.steps = spec.getSteps() == null ? List.of() : spec.getSteps();
    RolloutPolicyStatus current = snapshot.policy().getStatus();
    this.status =
        current == null
            ? new RolloutPolicyStatus()
            : COPIER.convertValue(current, RolloutPolicyStatus.class);
    if (status.getPhase() == Phase.Degraded && status.getInterruptedPhase() != null) {
      // A failed reconcile showed Degraded; plan again from where it was interrupted.
      status.setPhase(status.getInterruptedPhase());
    }
    status.setInterruptedPhase(null);
    this.now = snapshot.now();
    this.requests = new AnnotationRequests(snapshot.policy().getMetadata().getAnnotations());
  }

  Deployment deployment() {
    return snapshot.deployment();
  }

  String targetName() {
    return snapshot.policy().targetName();
  }

  List<ReplicaSet> replicaSets() {
    return snapshot.replicaSets();
  }

  Optional<ReplicaSet> byRevision(String revision) {
    return revision == null
        ? Optional.empty()
        : ReplicaSets.byRevision(snapshot.replicaSets(), revision);
  }

  List<Pod> podsOf(String revision) {
    return snapshot.pods().stream()
        .filter(
            p ->
                p.getMetadata().getLabels() != null
                    && revision.equals(
                        p.getMetadata().getLabels().get(TemplateHash.POD_TEMPLATE_HASH)))
        .toList();
  }

  boolean pausedByUs() {
    return pausedByUs(status, deployment());
  }

  /**
   * The Deployment is paused, and by the controller. Statuses from before {@code
   * pausedByController} existed count a pause during phase Paused as ours.
   */
  static boolean pausedByUs(RolloutPolicyStatus status, Deployment deployment) {
    Boolean flag = status.getPausedByController();
    boolean ours = flag != null ? flag : status.getPhase() == Phase.Paused;
    return ours && ReplicaSets.paused(deployment);
  }

  /** Answers the annotation requests this state cannot act on, in the message and an event. */
  void ignoreAnnotations(String why) {
    requests
        .ignore(why)
        .ifPresent(
            note -> {
              status.setMessage(AnnotationRequests.noted(status.getMessage(), note));
              events.add(RolloutEvent.normal(Reasons.ANNOTATION_IGNORED, note));
            });
  }

  void event(RolloutEvent event) {
    events.add(event);
  }

  void clearCanary() {
    status.setCanaryRevision(null);
    status.setCurrentStep(null);
    status.setStepProgress(null);
    status.setPauseStartedAt(null);
    status.setCanaryDesired(null);
    status.setCanaryReady(null);
    status.setCanary(null);
  }

  void idle(String reason, String message) {
    status.setPhase(Phase.Idle);
    status.setMessage(message);
    setCondition(false, reason, message);
  }

  /** Keeps the transition time unless the condition's status flips, so equal states stay equal. */
  void setCondition(boolean progressing, String reason, String message) {
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
            .withMessage(Limits.cut(message, Limits.MESSAGE))
            .withLastTransitionTime(since)
            .withObservedGeneration(snapshot.policy().getMetadata().getGeneration())
            .build());
    status.setConditions(conditions);
  }

  /** Ends the pass with {@code action}, looking again at {@code wakeAt} when not null. */
  Decision decision(Decision.Action action, Instant wakeAt) {
    recordOutcome(action);
    return Decision.act(action, this, wakeAt);
  }

  /** Ends the pass by restoring the stable template {@code to}, which finishes {@code done}. */
  Decision rollback(PodTemplateSpec to, RollbackRecord done) {
    recordOutcome(Decision.Action.ROLLBACK);
    return Decision.rollback(this, to, done);
  }

  private void recordOutcome(Decision.Action action) {
    switch (action) {
      case PAUSE -> status.setPausedByController(true);
      case RESUME, ROLLBACK -> status.setPausedByController(false);
      case NONE -> {
        if (deployment() != null && !ReplicaSets.paused(deployment())) {
          status.setPausedByController(false);
        }
      }
    }
    Integer step = status.getCurrentStep();
    status.setStepProgress(
        step == null || steps.isEmpty()
            ? null
            : Math.min(step + 1, steps.size()) + "/" + steps.size());
  }
}
