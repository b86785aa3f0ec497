package io.rolloutguard.rollout;

/** Reason strings for events, conditions, rollbacks and the rollbacks metric. Stable API. */
public final class Reasons {
  public static final String TARGET_NOT_FOUND = "TargetNotFound";
  public static final String WAITING_FOR_REPLICA_SET = "WaitingForReplicaSet";
  public static final String STABLE = "Stable";
  public static final String ROLLOUT_STARTED = "RolloutStarted";
  public static final String CANARY_PAUSED = "CanaryPaused";
  public static final String PROMOTED = "Promoted";
  public static final String PROMOTING = "Promoting";
  public static final String SUCCEEDED = "RolloutSucceeded";
  public static final String ROLLED_BACK = "RolledBack";
  public static final String ROLLBACK_DISABLED = "RollbackDisabled";
  public static final String NO_STABLE_REVISION = "NoStableRevision";
  public static final String RECONCILE_FAILED = "ReconcileFailed";
  public static final String ANNOTATION_IGNORED = "AnnotationIgnored";
  public static final String SUPERSEDED = "CanarySuperseded";
  public static final String CANARY_RESCALED = "CanaryRescaled";
  public static final String TARGET_RECREATED = "TargetRecreated";
  public static final String CONFLICT = "Conflict";
  public static final String UNSAFE_STRATEGY = "UnsafeStrategy";
  public static final String ROLLING_BACK = "RollingBack";
  public static final String ROLLBACK_SKIPPED = "RollbackSkipped";

  /** Failure reasons: why new pods were judged failed. */
  public static final String WAITING_REASON = "ContainerWaiting";

  public static final String RESTARTS = "TooManyRestarts";
  public static final String NEVER_READY = "ReadinessTimeout";
  public static final String NOT_READY = "ReadinessLost";
  public static final String PROGRESS_DEADLINE = "ProgressDeadlineExceeded";
  public static final String ABORTED = "Aborted";
  public static final String FAILED_CREATE = "FailedCreate";

  /** The condition type the controller maintains. */
  public static final String CONDITION_PROGRESSING = "Progressing";

  private Reasons() {}
}
