package io.rolloutguard.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.config.RolloutGuardConfig;
import io.rolloutguard.policy.TemplateHash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Thin edge of the rollout controller: gathers the snapshot from informers, asks the planner,
 * applies its decision as patches, and patches status only when it changed. Never blocks: timers
 * are rescheduled reconciles.
 */
@ControllerConfiguration(name = RolloutReconciler.NAME, generationAwareEventProcessing = false)
public class RolloutReconciler implements Reconciler<RolloutPolicy>, Cleaner<RolloutPolicy> {

  public static final String NAME = "rolloutpolicy";
  static final String TARGET_INDEX = "target";

  private static final Logger LOG = Logger.getLogger(RolloutReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RolloutMetrics metrics;
  private final RolloutGuardConfig config;
  private final Clock clock = Clock.systemUTC();
  private IndexerResourceCache<RolloutPolicy> primaries;
  private InformerEventSource<Deployment, RolloutPolicy> deployments;
  private InformerEventSource<ReplicaSet, RolloutPolicy> replicaSets;
  private InformerEventSource<Pod, RolloutPolicy> pods;

  public RolloutReconciler(RolloutMetrics metrics, RolloutGuardConfig config) {
    this.metrics = metrics;
    this.config = config;
  }

  @Override
  public List<EventSource<?, RolloutPolicy>> prepareEventSources(
      EventSourceContext<RolloutPolicy> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            TARGET_INDEX, p -> List.of(targetKey(p.getMetadata().getNamespace(), target(p))));
    primaries = context.getPrimaryCache();
    var primaries = this.primaries;
    deployments =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Deployment.class, RolloutPolicy.class)
                .withSecondaryToPrimaryMapper(
                    d ->
                        policiesFor(
                            primaries, d.getMetadata().getNamespace(), d.getMetadata().getName()))
                .build(),
            context);
    replicaSets =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ReplicaSet.class, RolloutPolicy.class)
                .withSecondaryToPrimaryMapper(
                    rs ->
                        owner(rs, "Deployment")
                            .map(d -> policiesFor(primaries, rs.getMetadata().getNamespace(), d))
                            .orElse(Set.of()))
                .build(),
            context);
    // Only pods of Deployment-managed ReplicaSets carry pod-template-hash.
    pods =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Pod.class, RolloutPolicy.class)
                .withLabelSelector(TemplateHash.POD_TEMPLATE_HASH)
                .withSecondaryToPrimaryMapper(
                    pod ->
                        deploymentOfPod(pod)
                            .map(d -> policiesFor(primaries, pod.getMetadata().getNamespace(), d))
                            .orElse(Set.of()))
                .build(),
            context);
    return List.of(deployments, replicaSets, pods);
  }

  @Override
  public UpdateControl<RolloutPolicy> reconcile(
      RolloutPolicy policy, Context<RolloutPolicy> context) {
    Instant now = clock.instant();
    RolloutSnapshot snapshot =
        new KubernetesSnapshotReader(deployments, replicaSets, pods)
            .read(policy, olderPolicy(policy), config.minReadySeconds().canaryFloor(), now);
    Decision decision = RolloutPlanner.plan(snapshot);
    var client = context.getClient();

    Applied applied = apply(decision, snapshot, new DeploymentActions(client));
    if (!applied.done()) {
      // The template changed under the rollback: plan again from what is there now.
      return UpdateControl.<RolloutPolicy>noUpdate().rescheduleAfter(1);
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
    String target = policy.getMetadata().getNamespace() + "/" + target(policy);
    decision
        .rolledBack()
        .ifPresent(
            r -> {
              Instant failedAt = Objects.requireNonNullElse(parse(r.getFailedAt()), now);
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

  private static Instant parse(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The oldest other policy on the same Deployment, which wins over this one. */
  private String olderPolicy(RolloutPolicy policy) {
    return primaries
        .byIndex(TARGET_INDEX, targetKey(policy.getMetadata().getNamespace(), target(policy)))
        .stream()
        .min(RolloutPolicy.OLDEST_FIRST)
        .map(p -> p.getMetadata().getName())
        .filter(name -> !name.equals(policy.getMetadata().getName()))
        .orElse(null);
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
      io.fabric8.kubernetes.client.KubernetesClient client,
      RolloutPolicy policy,
      Decision decision) {
    DeploymentActions.edit(
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
  @Override
  public ErrorStatusUpdateControl<RolloutPolicy> updateErrorStatus(
      RolloutPolicy policy, Context<RolloutPolicy> context, Exception e) {
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
      new EventRecorder(context.getClient())
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

  /** Deleting a policy that paused its Deployment resumes it, so nothing stays stuck. */
  @Override
  public DeleteControl cleanup(RolloutPolicy policy, Context<RolloutPolicy> context) {
    metrics.forget(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    Optional<Deployment> d =
        deployments.get(new ResourceID(target(policy), policy.getMetadata().getNamespace()));
    if (d.isPresent()
        && policy.getStatus() != null
        && policy.getStatus().getPhase() == Phase.Paused
        && Boolean.TRUE.equals(d.get().getSpec().getPaused())) {
      new DeploymentActions(context.getClient()).resume(d.get());
      LOG.infof(
          "resumed %s/%s on deletion of its RolloutPolicy",
          policy.getMetadata().getNamespace(), target(policy));
    }
    return DeleteControl.defaultDelete();
  }

  private static Set<ResourceID> policiesFor(
      IndexerResourceCache<RolloutPolicy> cache, String namespace, String deployment) {
    return cache.byIndex(TARGET_INDEX, targetKey(namespace, deployment)).stream()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** A pod's ReplicaSet is named after its Deployment plus the pod-template-hash. */
  static Optional<String> deploymentOfPod(Pod pod) {
    String hash = pod.getMetadata().getLabels().get(TemplateHash.POD_TEMPLATE_HASH);
    return owner(pod, "ReplicaSet")
        .filter(rs -> hash != null && rs.endsWith("-" + hash))
        .map(rs -> rs.substring(0, rs.length() - hash.length() - 1));
  }

  static Optional<String> owner(HasMetadata object, String kind) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners == null
        ? Optional.empty()
        : owners.stream()
            .filter(o -> kind.equals(o.getKind()) && Boolean.TRUE.equals(o.getController()))
            .map(OwnerReference::getName)
            .findFirst();
  }

  static String target(RolloutPolicy policy) {
    return policy.getSpec() == null || policy.getSpec().getTargetRef() == null
        ? ""
        : Objects.requireNonNullElse(policy.getSpec().getTargetRef().getName(), "");
  }

  private static String targetKey(String namespace, String name) {
    return namespace + "/" + name;
  }
}
