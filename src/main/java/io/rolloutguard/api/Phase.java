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
  /** The new revision failed and the Deployment was set back to the stable template. */
  RolledBack
}
