package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.rolloutguard.api.RolloutPolicyStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile should do. The reconciler applies {@code action} to the Deployment, writes
 * {@code status} if it changed, emits {@code events} and wakes up again at {@code wakeAt}.
 *
 * @param rollbackTo the stable template to restore, for {@link Action#ROLLBACK}
 * @param failure why the new revision failed, for {@link Action#ROLLBACK}
 */
public record Decision(
    Action action,
    RolloutPolicyStatus status,
    Optional<Instant> wakeAt,
    List<RolloutEvent> events,
    Optional<PodTemplateSpec> rollbackTo,
    Optional<Failure> failure,
    boolean consumePromote,
    boolean consumeAbort) {

  public enum Action {
    NONE,
    PAUSE,
    RESUME,
    ROLLBACK
  }
}
