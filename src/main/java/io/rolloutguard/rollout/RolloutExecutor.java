package io.rolloutguard.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.cluster.ConflictRetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Carries out one planned reconcile against the API: scales, patches the Deployment, records
 * events, metrics and log lines, consumes annotations, and returns the status to write. The
 * reconciler only feeds it a snapshot from its informers; tests feed it one read from a mock API
 * server, so this edge is tested without the operator runtime.
 */
final class RolloutExecutor {

  private static final Logger LOG = Logger.getLogger(RolloutExecutor.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** After a rollback found a newer template: give the cache time to show it, not a hot loop. */
  private static final long RECHECK_MILLIS = 1000;

  private final RolloutMetrics metrics;
  private final Clock clock;

  RolloutExecutor(RolloutMetrics metrics, Clock clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  UpdateControl<RolloutPolicy> reconcile(RolloutSnapshot snapshot, KubernetesClient client) {
    RolloutPolicy policy = snapshot.policy();
    Instant now = snapshot.now();
    Decision decision = RolloutPlanner.plan(snapshot);

    Applied applied = apply(decision, snapshot, new DeploymentActions(client));
    if (!applied.done()) {
      // The template changed under the rollback: plan again from what is there now.
      return UpdateControl.<RolloutPolicy>noUpdate().rescheduleAfter(RECHECK_MILLIS);
    }
    if (applied.written() != null) {
      decision.status().setTargetGeneration(applied.written().getMetadata().getGeneration());
    }
    report(policy, snapshot, decision, new EventRecorder(client), now);
    if (decision.consumePromote() || decision.consumeAbort()) {
      consumeAnnotations(client, policy, decision);
    }
    if (decision.status().getPhase() != null) {
      metrics.phase(
          policy.getMetadata().getNamespace(),
          policy.getMetadata().getName(),
          decision.status().getPhase());
    }

    UpdateControl<RolloutPolicy> control;
    if (JSON.valueToTree(decision.status()).equals(JSON.valueToTree(policy.getStatus()))) {
      control = UpdateControl.noUpdate();
    } else {
      control = UpdateControl.patchStatus(statusOnly(policy, decision.status()));
    }
    decision
        .wakeAt()
        .ifPresent(
            at -> control.rescheduleAfter(Math.max(1, Duration.between(now, at).toMillis())));
    return control;
  }

  /**
   * What applying a decision wrote; {@code done} is false when a rollback found a newer template.
   */
  private record Applied(boolean done, Deployment written) {}

  /**
   * Scales before resuming (the Deployment controller sizes the new ReplicaSet from what exists),
   * but after pausing (a shrunk canary of a running rollout would be grown back at once).
   */
  private Applied apply(Decision decision, RolloutSnapshot snapshot, DeploymentActions actions) {
    Deployment d = snapshot.deployment();
    if (decision.action() == Decision.Action.PAUSE) {
      Deployment written = actions.pause(d);
      scale(decision, d, actions);
      return new Applied(true, written);
    }
    scale(decision, d, actions);
    return switch (decision.action()) {
      case NONE, PAUSE -> new Applied(true, null);
      case RESUME -> new Applied(true, actions.resume(d));
      case ROLLBACK -> {
        Deployment result = actions.rollback(d, decision.rollbackTo().orElseThrow());
        yield new Applied(result != null, result);
      }
    };
  }

  private static void scale(Decision decision, Deployment d, DeploymentActions actions) {
    for (Decision.Scale s : decision.scales()) {
      actions.scaleDown(d.getMetadata().getNamespace(), s.name(), s.replicas());
    }
  }

  /** Events, the rollback metrics and log lines: once for each rollback finished or skipped. */
  private void report(
      RolloutPolicy policy,
      RolloutSnapshot snapshot,
      Decision decision,
      EventRecorder recorder,
      Instant now) {
    for (RolloutEvent event : decision.events()) {
      recorder.record(policy, event, now);
      if (snapshot.deployment() != null) {
        recorder.record(snapshot.deployment(), event, now);
      }
    }
    String target = policy.getMetadata().getNamespace() + "/" + policy.targetName();
    decision
        .rolledBack()
        .ifPresent(
            r -> {
              Instant failedAt = Objects.requireNonNullElse(Timestamps.parse(r.getFailedAt()), now);
              metrics.rollback(r.getReason(), Duration.between(failedAt, clock.instant()));
              LOG.warnf("rolled back %s: %s", target, r.getMessage());
            });
    decision
        .rollbackSkipped()
        .ifPresent(
            r -> {
              metrics.rollbackSkipped(r.getReason());
              LOG.warnf(
                  "rollback of %s from %s skipped: the template changed meanwhile",
                  target, r.getFrom());
            });
  }

  /**
   * The status to write, on a copy without resourceVersion: consuming an annotation above bumps it,
   * and the status is ours alone, so no optimistic lock is needed.
   */
  private static RolloutPolicy statusOnly(RolloutPolicy policy, RolloutPolicyStatus status) {
    RolloutPolicy patch = new RolloutPolicy();
    patch.getMetadata().setName(policy.getMetadata().getName());
    patch.getMetadata().setNamespace(policy.getMetadata().getNamespace());
    patch.setStatus(status);
    return patch;
  }

  /**
   * The controller consumes promote and abort by removing them: metadata, never spec. Only what the
   * decision acted on (or answered in status) is removed.
   */
  private static void consumeAnnotations(
      KubernetesClient client, RolloutPolicy policy, Decision decision) {
    ConflictRetry.edit(
        client
            .resources(RolloutPolicy.class)
            .inNamespace(policy.getMetadata().getNamespace())
            .withName(policy.getMetadata().getName()),
        latest -> {
          Map<String, String> annotations = latest.getMetadata().getAnnotations();
          if (annotations != null) {
            if (decision.consumePromote()) {
              annotations.remove(RolloutPolicy.PROMOTE_ANNOTATION);
            }
            if (decision.consumeAbort()) {
              annotations.remove(RolloutPolicy.ABORT_ANNOTATION);
            }
          }
        });
  }

  /**
   * A reconcile that keeps failing (a patch another webhook denies, RBAC, a quota) shows as
   * Degraded with the cause, never as the healthy phase it was in; the phase it interrupted is kept
   * so that planning resumes from it. One Warning event per distinct cause.
   */
  ErrorStatusUpdateControl<RolloutPolicy> errorStatus(
      RolloutPolicy policy, KubernetesClient client, Exception e) {
    RolloutPolicyStatus status =
        policy.getStatus() == null
            ? new RolloutPolicyStatus()
            : JSON.convertValue(policy.getStatus(), RolloutPolicyStatus.class);
    String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    String message =
        Reasons.RECONCILE_FAILED
            + ": "
            + (cause == null ? e.getClass().getSimpleName() : cause.lines().findFirst().orElse(""));
    if (status.getPhase() != Phase.Degraded) {
      status.setInterruptedPhase(status.getPhase());
    }
    status.setPhase(Phase.Degraded);
    if (!message.equals(status.getMessage())) {
      new EventRecorder(client)
          .record(policy, RolloutEvent.warning(Reasons.RECONCILE_FAILED, message), clock.instant());
      LOG.warnf(
          "reconciling %s/%s failed: %s",
          policy.getMetadata().getNamespace(), policy.getMetadata().getName(), message);
    }
    status.setMessage(message);
    metrics.phase(
        policy.getMetadata().getNamespace(), policy.getMetadata().getName(), Phase.Degraded);
    return ErrorStatusUpdateControl.patchStatus(statusOnly(policy, status));
  }
}
