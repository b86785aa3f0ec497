package io.rolloutguard.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.Limits;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicySpec;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.policy.TemplateHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The working state of one planning pass: the snapshot, a copy of the status being rewritten, the
 * events and ReplicaSet scalings decided so far, and what became of the promote and abort
 * annotations. The planner's parts ({@link CanaryProgress}, {@link RollbackPlan}, {@link
 * Supersede}) share it.
 */
final class Plan {

  private static final ObjectMapper COPIER = new ObjectMapper();

  /** A note from an earlier ignored annotation, replaced rather than appended to. */
  private static final java.util.regex.Pattern IGNORED_NOTE =
      java.util.regex.Pattern.compile(
          "(; )?(promote and abort|promote|abort) annotation ignored: .*$");

  final RolloutSnapshot snapshot;
  final RolloutPolicySpec spec;
  final List<CanaryStep> steps;
  final RolloutPolicyStatus status;
  final Instant now;
  final List<RolloutEvent> events = new ArrayList<>();
  final List<Decision.Scale> scales = new ArrayList<>();
  final boolean promoteRequested;
  final boolean abortRequested;
  private boolean annotationsSettled;
  private boolean abortKept;

  Plan(RolloutSnapshot snapshot) {
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
    Map<String, String> annotations = snapshot.policy().getMetadata().getAnnotations();
    this.promoteRequested = flag(annotations, RolloutPolicy.PROMOTE_ANNOTATION);
    this.abortRequested = flag(annotations, RolloutPolicy.ABORT_ANNOTATION);
  }

  Deployment deployment() {
    return snapshot.deployment();
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

  /** The promote annotation took effect (or was answered): it may be removed. */
  void settleAnnotations() {
    annotationsSettled = true;
  }

  /**
   * The abort took effect, but only as an intent in the status being written: it stays until a
   * later reconcile observes that intent, so a lost status write cannot lose the abort.
   */
  void keepAbort() {
    abortKept = true;
  }

  /**
   * The Deployment is paused, and by the controller. Statuses from before {@code
   * pausedByController} existed count a pause during phase Paused as ours.
   */
  boolean pausedByUs() {
    Boolean flag = status.getPausedByController();
    boolean ours = flag != null ? flag : status.getPhase() == io.rolloutguard.api.Phase.Paused;
    return ours && ReplicaSets.paused(deployment());
  }

  /**
   * A promote or abort that this state cannot act on is still consumed, but never silently: the
   * status message and an event say why it was ignored.
   */
  void ignoreAnnotations(String why) {
    if (annotationsSettled || !(promoteRequested || abortRequested)) {
      return;
    }
    boolean abort = abortRequested && !abortKept;
    if (!promoteRequested && !abort) {
      return;
    }
    String which = promoteRequested && abort ? "promote and abort" : abort ? "abort" : "promote";
    String note = which + " annotation ignored: " + why;
    String base =
        status.getMessage() == null ? "" : IGNORED_NOTE.matcher(status.getMessage()).replaceAll("");
    status.setMessage(base.isEmpty() ? note : base + "; " + note);
    events.add(RolloutEvent.normal(Reasons.ANNOTATION_IGNORED, note));
    annotationsSettled = true;
  }

  boolean annotationsSettled() {
    return annotationsSettled;
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

  Decision decision(Decision.Action action, Instant wakeAt) {
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
    return new Decision(
        action,
        status,
        Optional.ofNullable(wakeAt),
        List.copyOf(events),
        List.copyOf(scales),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        annotationsSettled && promoteRequested,
        annotationsSettled && abortRequested && !abortKept);
  }

  private static boolean flag(Map<String, String> annotations, String key) {
    return annotations != null && "true".equalsIgnoreCase(annotations.get(key));
  }
}
