package io.rolloutguard.api;

/** Where a guarded rollout stands; see README "Canary and rollback". */
public enum Phase {
  /** No rollout in progress: the Deployment runs its stable revision. */
  Idle,
  /** A new revision is scaling towards the current step's canary size. */
  Progressing,
  /** Held at a canary step while the new pods are analysed. */
  Paused,
  /** Past the last step: the Deployment controller finishes the rollout. */
  Promoting,
  /** The new revision became stable. */
  Succeeded,
  /**
   * The new revision failed; the rollback is recorded here before the Deployment is patched, so a
   * crash in between still finishes it.
   */
  RollingBack,
  /** The new revision failed and the Deployment was set back to the stable template. */
  RolledBack,
  /**
   * The controller cannot gate this rollout: the Deployment's strategy would let the canary grow
   * past its step, or reconciling keeps failing. The message says why.
   */
  Degraded,
  /** An older RolloutPolicy guards the same Deployment; this one does nothing. */
  Conflict
}
