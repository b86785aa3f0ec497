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
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicyStatus;
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
  private final Clock clock = Clock.systemUTC();
  private InformerEventSource<Deployment, RolloutPolicy> deployments;
  private InformerEventSource<ReplicaSet, RolloutPolicy> replicaSets;
  private InformerEventSource<Pod, RolloutPolicy> pods;

  public RolloutReconciler(RolloutMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public List<EventSource<?, RolloutPolicy>> prepareEventSources(
      EventSourceContext<RolloutPolicy> context) {
    context
        .getPrimaryCache()
        .addIndexer(
            TARGET_INDEX, p -> List.of(targetKey(p.getMetadata().getNamespace(), target(p))));
    var primaries = context.getPrimaryCache();
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
    KubernetesSnapshotReader reader = new KubernetesSnapshotReader(deployments, replicaSets, pods);
    Instant now = clock.instant();
    RolloutSnapshot snapshot = reader.read(policy, now);
    Decision decision = RolloutPlanner.plan(snapshot);
    var client = context.getClient();

    Deployment written = apply(decision, snapshot, new DeploymentActions(client));
    if (written != null) {
      decision.status().setTargetGeneration(written.getMetadata().getGeneration());
    }
    EventRecorder recorder = new EventRecorder(client);
    for (RolloutEvent event : decision.events()) {
      recorder.record(policy, event, now);
      if (snapshot.deployment() != null) {
        recorder.record(snapshot.deployment(), event, now);
      }
    }
    if (decision.consumePromote() || decision.consumeAbort()) {
      consumeAnnotations(client, policy);
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

  private Deployment apply(Decision decision, RolloutSnapshot snapshot, DeploymentActions actions) {
    Deployment d = snapshot.deployment();
    return switch (decision.action()) {
      case NONE -> null;
      case PAUSE -> actions.pause(d);
      case RESUME -> actions.resume(d);
      case ROLLBACK -> {
        Deployment result = actions.rollback(d, decision.rollbackTo().orElseThrow());
        Failure failure = decision.failure().orElseThrow();
        metrics.rollback(failure.reason(), Duration.between(failure.since(), clock.instant()));
        LOG.warnf(
            "rolled back %s/%s: %s",
            d.getMetadata().getNamespace(), d.getMetadata().getName(), failure.message());
        yield result;
      }
    };
  }

  /** The controller consumes promote and abort by removing them: metadata, never spec. */
  private static void consumeAnnotations(
      io.fabric8.kubernetes.client.KubernetesClient client, RolloutPolicy policy) {
    client
        .resources(RolloutPolicy.class)
        .inNamespace(policy.getMetadata().getNamespace())
        .withName(policy.getMetadata().getName())
        .edit(
            latest -> {
              Map<String, String> annotations = latest.getMetadata().getAnnotations();
              if (annotations != null) {
                annotations.remove(RolloutPolicy.PROMOTE_ANNOTATION);
                annotations.remove(RolloutPolicy.ABORT_ANNOTATION);
              }
              return latest;
            });
  }

  /** A failing action (for example a patch another webhook denies) shows in the status. */
  @Override
  public ErrorStatusUpdateControl<RolloutPolicy> updateErrorStatus(
      RolloutPolicy policy, Context<RolloutPolicy> context, Exception e) {
    RolloutPolicyStatus status = JSON.convertValue(policy.getStatus(), RolloutPolicyStatus.class);
    String cause = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    status.setMessage(
        Reasons.RECONCILE_FAILED
            + ": "
            + (cause == null
                ? e.getClass().getSimpleName()
                : cause.lines().findFirst().orElse("")));
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
      io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache<RolloutPolicy> cache,
      String namespace,
      String deployment) {
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
