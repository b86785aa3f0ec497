package io.rolloutguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.audit.AuditSource;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.PolicyEngine;
import io.rolloutguard.policy.Workloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Informer-backed view of the controllers in each namespace, for the RG002 overlap check. Until
 * {@link #start} runs (no cluster), it reports itself unavailable and the check is skipped.
 */
public class WorkloadCache implements ClusterFacts, AuditSource {

  private static final Logger LOG = Logger.getLogger(WorkloadCache.class);
  static final String TARGET_INDEX = "target";

  private final List<SharedIndexInformer<? extends HasMetadata>> informers =
      new CopyOnWriteArrayList<>();
  private volatile boolean started;
  private volatile SharedIndexInformer<RolloutPolicy> policies;
  private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();
  private final ResourceEventHandler<HasMetadata> workloadChanges = changes(false);
  private final ResourceEventHandler<HasMetadata> policyChanges = changes(true);

  public void start(KubernetesClient client) {
    informers.add(start(client.apps().deployments().inAnyNamespace().runnableInformer(0)));
    informers.add(start(client.apps().replicaSets().inAnyNamespace().runnableInformer(0)));
    informers.add(start(client.apps().statefulSets().inAnyNamespace().runnableInformer(0)));
    informers.add(start(client.apps().daemonSets().inAnyNamespace().runnableInformer(0)));
    informers.add(start(client.replicationControllers().inAnyNamespace().runnableInformer(0)));
    informers.add(start(client.batch().v1().jobs().inAnyNamespace().runnableInformer(0)));
    policies = client.resources(RolloutPolicy.class).inAnyNamespace().runnableInformer(0);
    policies.addIndexers(Map.of(TARGET_INDEX, p -> List.of(GuardView.key(p))));
    policies.addEventHandler(policyChanges); // its spec and status decide RG004 and RG005
    policies.start();
    started = true;
    LOG.info("workload cache started: RG002 selector overlap checks use it");
  }

  public void logUnavailable() {
    LOG.info("no cluster configured: RG002 selector overlap checks are skipped");
  }

  public void stop() {
    informers.forEach(SharedIndexInformer::stop);
    if (policies != null) {
      policies.stop();
    }
  }

  /** Looked up by admission for RG004 and RG005; empty until the CRD exists and is listed. */
  @Override
  public Optional<Guard> guardFor(String namespace, String deployment) {
    return targeting(namespace, deployment).findFirst().map(GuardView::of);
  }

  @Override
  public List<String> policiesFor(String namespace, String deployment) {
    return targeting(namespace, deployment).map(p -> p.getMetadata().getName()).toList();
  }

  /** The policies on one Deployment, oldest (the one that acts) first; none without a cache. */
  private java.util.stream.Stream<RolloutPolicy> targeting(String namespace, String deployment) {
    if (policies == null) {
      return java.util.stream.Stream.empty();
    }
    return policies.getIndexer().byIndex(TARGET_INDEX, namespace + "/" + deployment).stream()
        .sorted(RolloutPolicy.OLDEST_FIRST);
  }

  @Override
  public boolean available() {
    return started;
  }

  @Override
  public boolean synced() {
    return started && informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  @Override
  public List<WorkloadSummary> workloads(String namespace) {
    List<WorkloadSummary> result = new ArrayList<>();
    for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
      for (HasMetadata object : informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace)) {
        summary(object).ifPresent(result::add);
      }
    }
    return result;
  }

  /** Children of another controller share its selector by design and are not compared. */
  private static java.util.Optional<WorkloadSummary> summary(HasMetadata object) {
    if (PolicyEngine.hasController(object)) {
      return java.util.Optional.empty();
    }
    return Workloads.selector(object)
        .map(
            ref ->
                new WorkloadSummary(
                    object.getKind(),
                    object.getMetadata().getName(),
                    ref.selector(),
                    ref.templateLabels()));
  }

  /** Every cached workload, for the background audit (which filters what it judges). */
  @Override
  public List<HasMetadata> auditable() {
    List<HasMetadata> result = new ArrayList<>();
    for (SharedIndexInformer<? extends HasMetadata> informer : informers) {
      result.addAll(informer.getStore().list());
    }
    return result;
  }

  @Override
  public void onChange(Consumer<String> namespace) {
    changeListeners.add(namespace);
  }

  private void changed(HasMetadata object) {
    if (!changeListeners.isEmpty() && object.getMetadata() != null) {
      String namespace = object.getMetadata().getNamespace();
      changeListeners.forEach(l -> l.accept(namespace));
    }
  }

  /**
   * @param statusCounts false for workloads: their status (updated all through a rollout) decides
   *     no rule, so an update that keeps the generation, metadata that rules read and ownership is
   *     not news
   */
  private ResourceEventHandler<HasMetadata> changes(boolean statusCounts) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(HasMetadata obj) {
        changed(obj);
      }

      @Override
      public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
        if (statusCounts || !sameForRules(oldObj, newObj)) {
          changed(newObj);
        }
      }

      @Override
      public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
        changed(obj);
      }
    };
  }

  static boolean sameForRules(HasMetadata before, HasMetadata after) {
    var b = before.getMetadata();
    var a = after.getMetadata();
    return a.getGeneration() != null
        && Objects.equals(b.getGeneration(), a.getGeneration())
        && Objects.equals(b.getAnnotations(), a.getAnnotations())
        && Objects.equals(b.getOwnerReferences(), a.getOwnerReferences())
        && Objects.equals(b.getDeletionTimestamp(), a.getDeletionTimestamp());
  }

  /** fabric8 informers index by namespace out of the box (Cache.NAMESPACE_INDEX). */
  private <T extends HasMetadata> SharedIndexInformer<T> start(SharedIndexInformer<T> informer) {
    informer.addEventHandler(workloadChanges);
    informer.start();
    return informer;
  }
}
