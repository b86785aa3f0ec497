package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.rolloutguard.api.RollbackRecord;
import io.rolloutguard.api.RolloutPolicyStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile should do. The reconciler scales the listed ReplicaSets, then applies {@code
 * action} to the Deployment, writes {@code status} if it changed, emits {@code events} and wakes up
 * again at {@code wakeAt}.
 *
 * @param scales ReplicaSets to scale down before the action: an abandoned canary, or a canary past
 *     its step
 * @param rollbackTo the stable template to restore, for {@link Action#ROLLBACK}
 * @param rolledBack the rollback this decision completes, once: for the metric and the log
 * @param rollbackSkipped a decided rollback dropped because the template changed meanwhile
 * @param consumePromote remove the promote annotation: it took effect or was answered in status
 * @param consumeAbort the same for the abort annotation
 */
public record Decision(
    Action action,
    RolloutPolicyStatus status,
    Optional<Instant> wakeAt,
    List<RolloutEvent> events,
    List<Scale> scales,
    Optional<PodTemplateSpec> rollbackTo,
    Optional<RollbackRecord> rolledBack,
    Optional<RollbackRecord> rollbackSkipped,
    boolean consumePromote,
    boolean consumeAbort) {

  public enum Action {
    NONE,
    PAUSE,
    RESUME,
    ROLLBACK
  }

  /** Scale the ReplicaSet {@code name} down to {@code replicas}. */
  public record Scale(String name, int replicas) {}

  /** This decision, finishing a rollback: with the patch to apply, or already applied. */
  Decision withRollback(Action action, PodTemplateSpec to, RollbackRecord done) {
    return new Decision(
        action,
        status,
        wakeAt,
        events,
        scales,
        Optional.ofNullable(to),
        Optional.of(done),
        rollbackSkipped,
        consumePromote,
        consumeAbort);
  }

  /** This decision, reporting a rollback dropped because the template changed. */
  Decision withRollbackSkipped(RollbackRecord skipped) {
    return new Decision(
        action,
        status,
        wakeAt,
        events,
        scales,
        rollbackTo,
        rolledBack,
        Optional.of(skipped),
        consumePromote,
        consumeAbort);
  }
}
