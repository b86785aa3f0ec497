package io.rolloutguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.policy.Kind;
import io.rolloutguard.policy.SelectorOverlapRule;
import io.rolloutguard.policy.TemplateHash;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one set of informers: admission's lookups and the controller's event sources read the same
 * cached objects, slimmed as they are stored ({@link Slim}). Started once a cluster is known
 * ({@link ClusterLifecycle}); without one, every read answers empty and {@link #available} is
 * false.
 *
 * <p>Cached objects are shared: readers must not change them (clone first).
 */
@Singleton
public class ClusterCache {

  /**
   * The kinds RG002's overlap check compares, as its spec says; Deployments and ReplicaSets, among
   * them, serve the controller too.
   */
  public static final List<Class<? extends HasMetadata>> WORKLOADS =
      Arrays.stream(Kind.values())
          .filter(SelectorOverlapRule.SPEC::covers)
          .<Class<? extends HasMetadata>>map(Kind::type)
          .toList();

  /**
   * Objects per list request. An informer's first list is read whole before it is slimmed: in
   * pages, a cache of thousands of objects starts within the heap the manifests give it (with one
   * list of 1,000 Deployments and 1,000 ReplicaSets, a 52 MiB heap ran out at start).
   */
  public static final long LIST_PAGE = 250;

  /** The RolloutPolicies, indexed by target ("namespace/deployment"). */
  private final SlimStore<RolloutPolicy> policies = new SlimStore<>(GuardView::key);

  private final Map<Class<?>, SharedIndexInformer<? extends HasMetadata>> informers =
      new ConcurrentHashMap<>();
  private volatile boolean started;

  public void start(KubernetesClient client) {
    WORKLOADS.forEach(kind -> add(client, kind));
    add(
        RolloutPolicy.class,
        client
            .resources(RolloutPolicy.class)
            .inAnyNamespace()
            .withLimit(LIST_PAGE)
            .runnableInformer(0),
        policies);
    // Only the pods of Deployment-managed ReplicaSets carry pod-template-hash: the controller's.
    add(
        Pod.class,
        client
            .pods()
            .inAnyNamespace()
            .withLabel(TemplateHash.POD_TEMPLATE_HASH)
            .withLimit(LIST_PAGE)
            .runnableInformer(0),
        new SlimStore<>());
    informers.values().forEach(SharedIndexInformer::start);
    started = true;
  }

  private <T extends HasMetadata> void add(KubernetesClient client, Class<T> kind) {
    add(
        kind,
        client.resources(kind).inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(0),
        new SlimStore<>());
  }

  /**
   * Retries every error but a model that cannot be read, as the operator SDK's informers do: a
   * missing CRD or a denied list must not leave the cache empty for good once it is fixed.
   */
  private <T extends HasMetadata> void add(
      Class<T> kind, SharedIndexInformer<T> informer, SlimStore<T> store) {
    informer.itemStore(store);
    informer.exceptionHandler((running, t) -> !ExceptionHandler.isDeserializationException(t));
    informers.put(kind, informer);
  }

  public void stop() {
    informers.values().forEach(SharedIndexInformer::stop);
  }

  /** False when the app runs without a cluster. */
  public boolean available() {
    return started;
  }

  /** True once the kind's informer has listed it once. */
  public boolean synced(Class<? extends HasMetadata> kind) {
    return find(kind).map(SharedIndexInformer::hasSynced).orElse(false);
  }

  /** One cached object, if the kind is cached and the object exists. */
  public <T extends HasMetadata> Optional<T> get(Class<T> kind, String namespace, String name) {
    return find(kind).map(i -> i.getIndexer().getByKey(Cache.namespaceKeyFunc(namespace, name)));
  }

  /** The cached objects of a kind in one namespace; empty if the kind is not cached. */
  public <T extends HasMetadata> List<T> list(Class<T> kind, String namespace) {
    return find(kind)
        .map(i -> i.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace))
        .orElse(List.of());
  }

  /** The cached objects of a kind in every namespace; empty if the kind is not cached. */
  public <T extends HasMetadata> List<T> list(Class<T> kind) {
    return find(kind).map(i -> i.getStore().list()).orElse(List.of());
  }

  /** Every RolloutPolicy that targets the Deployment, oldest (the one that acts) first. */
  public List<RolloutPolicy> policiesTargeting(String namespace, String deployment) {
    return policies.byIndex(namespace + "/" + deployment).stream()
        .sorted(RolloutPolicy.OLDEST_FIRST)
        .toList();
  }

  /**
   * The informer of a cached kind, for the controller's event sources: they add handlers to it and
   * wait for its first list.
   */
  public <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> kind) {
    return find(kind)
        .orElseThrow(
            () -> new IllegalStateException(kind.getSimpleName() + " is not cached (no cluster)"));
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> Optional<SharedIndexInformer<T>> find(Class<T> kind) {
    return Optional.ofNullable((SharedIndexInformer<T>) informers.get(kind));
  }
}
