package io.rolloutguard.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Everything the controller knows beyond what it observes: a restart resumes from here. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RolloutPolicyStatus {

  /** Failed revisions kept for RG005; the oldest are dropped beyond this. */
  public static final int MAX_FAILED_REVISIONS = 10;

  private Phase phase;
  private Integer currentStep;

  @Size(max = Limits.SHORT)
  private String stepProgress;

  @Size(max = Limits.NAME)
  private String stableRevision;

  @Size(max = Limits.NAME)
  private String canaryRevision;

  private Integer canaryDesired;
  private Integer canaryReady;

  @Size(max = Limits.SHORT)
  private String canary;

  @Size(max = Limits.TIMESTAMP)
  private String pauseStartedAt;

  @Size(max = Limits.MESSAGE)
  private String message;

  // Their strings are bounded by manifests/regenerate-crd.py: Condition is not ours to annotate.
  @Size(max = Limits.CONDITIONS)
  private List<Condition> conditions = new ArrayList<>();

  private Long observedGeneration;
  private RollbackRecord lastRollback;

  @Size(max = MAX_FAILED_REVISIONS)
  private List<FailedRevision> failedRevisions = new ArrayList<>();

  private Long targetGeneration;

  @Size(max = Limits.SHORT)
  private String targetUid;

  @Size(max = Limits.LABEL_VALUE)
  private String stableTemplateHash;

  private RollbackRecord pendingRollback;
  private Phase interruptedPhase;
  private Boolean pausedByController;

  public Phase getPhase() {
    return phase;
  }

  public void setPhase(Phase phase) {
    this.phase = phase;
  }

  public Integer getCurrentStep() {
    return currentStep;
  }

  public void setCurrentStep(Integer currentStep) {
    this.currentStep = currentStep;
  }

  /** {@code 1/2}: the step being held or scaled to, counted from 1, for the printer column. */
  public String getStepProgress() {
    return stepProgress;
  }

  public void setStepProgress(String stepProgress) {
    this.stepProgress = stepProgress;
  }

  public String getStableRevision() {
    return stableRevision;
  }

  public void setStableRevision(String stableRevision) {
    this.stableRevision = stableRevision;
  }

  public String getCanaryRevision() {
    return canaryRevision;
  }

  public void setCanaryRevision(String canaryRevision) {
    this.canaryRevision = canaryRevision;
  }

  public Integer getCanaryDesired() {
    return canaryDesired;
  }

  public void setCanaryDesired(Integer canaryDesired) {
    this.canaryDesired = canaryDesired;
  }

  public Integer getCanaryReady() {
    return canaryReady;
  }

  public void setCanaryReady(Integer canaryReady) {
    this.canaryReady = canaryReady;
  }

  /** {@code ready/desired}, for the printer column. */
  public String getCanary() {
    return canary;
  }

  public void setCanary(String canary) {
    this.canary = canary;
  }

  public String getPauseStartedAt() {
    return pauseStartedAt;
  }

  public void setPauseStartedAt(String pauseStartedAt) {
    this.pauseStartedAt = pauseStartedAt;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = Limits.cut(message, Limits.MESSAGE);
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public RollbackRecord getLastRollback() {
    return lastRollback;
  }

  public void setLastRollback(RollbackRecord lastRollback) {
    this.lastRollback = lastRollback;
  }

  /**
   * The Deployment's generation right after the controller's last write to it. A cached Deployment
   * with an older generation is stale, and the controller waits for the newer one.
   */
  public Long getTargetGeneration() {
    return targetGeneration;
  }

  public void setTargetGeneration(Long targetGeneration) {
    this.targetGeneration = targetGeneration;
  }

  public List<FailedRevision> getFailedRevisions() {
    return failedRevisions;
  }

  public void setFailedRevisions(List<FailedRevision> failedRevisions) {
    this.failedRevisions = failedRevisions;
  }

  /**
   * The UID of the Deployment this status describes. A Deployment deleted and created again under
   * the same name has a new UID, and everything observed of the old one is dropped.
   */
  public String getTargetUid() {
    return targetUid;
  }

  public void setTargetUid(String targetUid) {
    this.targetUid = targetUid;
  }

  /**
   * rollout-guard's template hash of the stable revision. RG005 never denies it: a rollback is
   * always to this template.
   */
  public String getStableTemplateHash() {
    return stableTemplateHash;
  }

  public void setStableTemplateHash(String stableTemplateHash) {
    this.stableTemplateHash = stableTemplateHash;
  }

  /** The rollback decided and not yet confirmed, while the phase is RollingBack. */
  public RollbackRecord getPendingRollback() {
    return pendingRollback;
  }

  public void setPendingRollback(RollbackRecord pendingRollback) {
    this.pendingRollback = pendingRollback;
  }

  /**
   * True while the Deployment is paused because the controller paused it (a user's own pause is
   * never undone); null on statuses written before this field existed.
   */
  public Boolean getPausedByController() {
    return pausedByController;
  }

  public void setPausedByController(Boolean pausedByController) {
    this.pausedByController = pausedByController;
  }

  /** The phase a failing reconcile replaced with Degraded; planning resumes from it. */
  public Phase getInterruptedPhase() {
    return interruptedPhase;
  }

  public void setInterruptedPhase(Phase interruptedPhase) {
    this.interruptedPhase = interruptedPhase;
  }
}
