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
 * again at {@code wakeAt}. Built by the factories below, never by position.
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

  /** Does {@code action} with what the pass decided; wakes at {@code wakeAt} when not null. */
  static Decision act(Action action, RolloutPass pass, Instant wakeAt) {
    return new Decision(
        action,
        pass.status,
        Optional.ofNullable(wakeAt),
        List.copyOf(pass.events),
        List.copyOf(pass.scales),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        pass.requests.consumePromote(),
        pass.requests.consumeAbort());
  }

  /** Restores the stable template {@code to}, which finishes the rollback {@code done}. */
  static Decision rollback(RolloutPass pass, PodTemplateSpec to, RollbackRecord done) {
    return act(Action.ROLLBACK, pass, null)
        .withRollback(Optional.of(to), Optional.of(done), Optional.empty());
  }

  /** Does nothing and writes back the {@code observed} status unchanged. */
  static Decision unchanged(RolloutPolicyStatus observed) {
    return new Decision(
        Action.NONE,
        observed,
        Optional.empty(),
        List.of(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        false);
  }

  /** This decision, reporting a rollback dropped because the template changed. */
  Decision withRollbackSkipped(RollbackRecord skipped) {
    return withRollback(rollbackTo, rolledBack, Optional.of(skipped));
  }

  private Decision withRollback(
      Optional<PodTemplateSpec> to,
      Optional<RollbackRecord> done,
      Optional<RollbackRecord> skipped) {
    return new Decision(
        action, status, wakeAt, events, scales, to, done, skipped, consumePromote, consumeAbort);
  }
}
