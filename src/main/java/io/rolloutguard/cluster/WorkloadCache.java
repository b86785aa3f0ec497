package io.rolloutguard.cluster;

import static java.util.stream.Collectors.toSet;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.Trust;
import io.rolloutguard.policy.Workloads;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Admission's and the audit's view of the {@link ClusterCache}: the controllers in each namespace,
 * for the RG002 overlap check; the policy guarding a Deployment, for RG004 and RG005; every cached
 * workload and news of their changes, for the background audit. Without a cluster it reports itself
 * unavailable and those checks are skipped.
 */
public class WorkloadCache implements ClusterFacts, AuditSource {

  private final ClusterCache cache;
  private final Trust trust;
  private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();

  public WorkloadCache(ClusterCache cache) {
    this(cache, Trust.BUILT_IN_ONLY);
  }

  /**
   * @param trust the configured operators, whose resources' children are not compared
   */
  public WorkloadCache(ClusterCache cache, Trust trust) {
    this.cache = cache;
    this.trust = trust;
  }

  /** Once the cache has started: from then on the audit hears of every change. */
  void watchChanges() {
    ResourceEventHandler<HasMetadata> workloadChanges = changes(false);
    ClusterCache.WORKLOADS.forEach(kind -> cache.informer(kind).addEventHandler(workloadChanges));
    // A policy's spec and status decide RG004 and RG005.
    cache.informer(RolloutPolicy.class).addEventHandler(changes(true));
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

  private Stream<RolloutPolicy> targeting(String namespace, String deployment) {
    return cache.policiesTargeting(namespace, deployment).stream();
  }

  @Override
  public boolean available() {
    return cache.available();
  }

  @Override
  public boolean synced() {
    return cache.available() && ClusterCache.WORKLOADS.stream().allMatch(cache::synced);
  }

  @Override
  public List<WorkloadSummary> workloads(String namespace) {
    List<HasMetadata> objects =
        ClusterCache.WORKLOADS.stream()
            .flatMap(kind -> cache.list(kind, namespace).stream())
            .map(HasMetadata.class::cast)
            .toList();
    Set<String> uids = objects.stream().map(o -> o.getMetadata().getUid()).collect(toSet());
    return objects.stream()
        // A child shares its controller's selector by design and is not compared.
        .filter(o -> !trust.leftToItsController(o, uids))
        .map(WorkloadCache::summary)
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<WorkloadSummary> summary(HasMetadata object) {
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
    return ClusterCache.WORKLOADS.stream()
        .flatMap(kind -> cache.list(kind).stream())
        .map(HasMetadata.class::cast)
        .toList();
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
}
