package io.rolloutguard.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
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
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.cluster.ClusterCache;
import io.rolloutguard.cluster.SlimStore;
import io.rolloutguard.config.RolloutGuardConfig;
import io.rolloutguard.policy.TemplateHash;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Thin edge of the rollout controller: gathers the snapshot from informers, asks the planner,
 * applies its decision as patches, and patches status only when it changed. Never blocks: timers
 * are rescheduled reconciles.
 */
@ControllerConfiguration(
    name = RolloutReconciler.NAME,
    generationAwareEventProcessing = false,
    // JOSDK keeps its own informer of the primaries; slimmed as the cluster cache's are.
    informer = @Informer(itemStore = SlimStore.class, informerListLimit = ClusterCache.LIST_PAGE))
public class RolloutReconciler implements Reconciler<RolloutPolicy>, Cleaner<RolloutPolicy> {

  public static final String NAME = "rolloutpolicy";

  private static final Logger LOG = Logger.getLogger(RolloutReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RolloutMetrics metrics;
  private final RolloutGuardConfig config;
  private final Clock clock = Clock.systemUTC();
  private final RolloutExecutor executor;
  private final ClusterCache cache;
  private SharedInformerEventSource<Deployment> deployments;
  private SharedInformerEventSource<ReplicaSet> replicaSets;
  private SharedInformerEventSource<Pod> pods;

  public RolloutReconciler(RolloutMetrics metrics, RolloutGuardConfig config, ClusterCache cache) {
    this.metrics = metrics;
    this.config = config;
    this.cache = cache;
    this.executor = new RolloutExecutor(metrics, clock);
  }

  @Override
  public List<EventSource<?, RolloutPolicy>> prepareEventSources(
      EventSourceContext<RolloutPolicy> context) {
    Duration sync =
        context.getControllerConfiguration().getConfigurationService().cacheSyncTimeout();
    deployments =
        new SharedInformerEventSource<>(
            cache.informer(Deployment.class),
            d -> policiesFor(d.getMetadata().getNamespace(), d.getMetadata().getName()),
            sync);
    replicaSets =
        new SharedInformerEventSource<>(
            cache.informer(ReplicaSet.class),
            rs ->
                owner(rs, "Deployment")
                    .map(d -> policiesFor(rs.getMetadata().getNamespace(), d))
                    .orElse(Set.of()),
            sync);
    pods =
        new SharedInformerEventSource<>(
            cache.informer(Pod.class),
            pod ->
                deploymentOfPod(pod)
                    .map(d -> policiesFor(pod.getMetadata().getNamespace(), d))
                    .orElse(Set.of()),
            sync);
    return List.of(deployments, replicaSets, pods);
  }

  @Override
  public UpdateControl<RolloutPolicy> reconcile(
      RolloutPolicy policy, Context<RolloutPolicy> context) {
    RolloutSnapshot snapshot =
        new KubernetesSnapshotReader(deployments, replicaSets, pods)
            .read(
                policy,
                olderPolicy(policy),
                config.minReadySeconds().canaryFloor(),
                clock.instant());
    return executor.reconcile(snapshot, context.getClient());
  }

  @Override
  public ErrorStatusUpdateControl<RolloutPolicy> updateErrorStatus(
      RolloutPolicy policy, Context<RolloutPolicy> context, Exception e) {
    return executor.errorStatus(policy, context.getClient(), e);
  }

  /**
   * The oldest other policy on the same Deployment, which wins over this one. From the cluster
   * cache's own index, not an indexer on JOSDK's cache: fabric8's indexer drops and re-adds an
   * entry on every update without a lock for readers, so a lookup while the older policy's status
   * changed could miss it, and both policies would act on the Deployment.
   */
  private String olderPolicy(RolloutPolicy policy) {
    return cache
        .policiesTargeting(policy.getMetadata().getNamespace(), policy.targetName())
        .stream()
        .findFirst()
        .map(p -> p.getMetadata().getName())
        .filter(name -> !name.equals(policy.getMetadata().getName()))
        .orElse(null);
  }

  /** Deleting a policy that paused its Deployment resumes it, so nothing stays stuck. */
  @Override
  public DeleteControl cleanup(RolloutPolicy policy, Context<RolloutPolicy> context) {
    metrics.forget(policy.getMetadata().getNamespace(), policy.getMetadata().getName());
    Optional<Deployment> d =
        deployments.get(new ResourceID(policy.targetName(), policy.getMetadata().getNamespace()));
    if (d.isPresent()
        && policy.getStatus() != null
        && RolloutPass.pausedByUs(policy.getStatus(), d.get())) {
      new DeploymentActions(context.getClient()).resume(d.get());
      LOG.infof(
          "resumed %s/%s on deletion of its RolloutPolicy",
          policy.getMetadata().getNamespace(), policy.targetName());
    }
    return DeleteControl.defaultDelete();
  }

  private Set<ResourceID> policiesFor(String namespace, String deployment) {
    return cache.policiesTargeting(namespace, deployment).stream()
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
}
