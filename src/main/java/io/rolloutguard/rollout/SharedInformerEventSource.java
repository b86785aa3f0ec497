package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.rolloutguard.api.RolloutPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A JOSDK event source over one of the cluster cache's informers, so the controller reads the
 * objects admission caches instead of keeping a second copy. As JOSDK's InformerEventSource does,
 * each add, change or delete triggers the policies the mapper names; reads are by name or by
 * namespace. Cached objects are shared: read them, never change them.
 */
final class SharedInformerEventSource<R extends HasMetadata>
    extends AbstractEventSource<R, RolloutPolicy> implements ResourceEventHandler<R> {

  private static final Logger LOG = Logger.getLogger(SharedInformerEventSource.class);

  private final SharedIndexInformer<R> informer;
  private final SecondaryToPrimaryMapper<R> mapper;
  private final Duration syncTimeout;

  SharedInformerEventSource(
      SharedIndexInformer<R> informer, SecondaryToPrimaryMapper<R> mapper, Duration syncTimeout) {
    super(informer.getApiTypeClass(), informer.getApiTypeClass().getSimpleName());
    this.informer = informer;
    this.mapper = mapper;
    this.syncTimeout = syncTimeout;
  }

  /**
   * Waits for the informer's first list, as JOSDK does for its own, so that the first reconcile
   * never mistakes an object not listed yet for a missing one.
   */
  @Override
  public void start() {
    try {
      informer.start().toCompletableFuture().get(syncTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      LOG.warnf(
          "%s not listed after %s, the controller starts without them: %s",
          name(), syncTimeout, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    super.start();
    informer.addEventHandler(this); // replays the cached objects as adds
  }

  @Override
  public void stop() {
    informer.removeEventHandler(this);
    super.stop();
  }

  @Override
  public void onAdd(R object) {
    propagate(object);
  }

  @Override
  public void onUpdate(R oldObject, R newObject) {
    propagate(newObject);
  }

  @Override
  public void onDelete(R object, boolean deletedFinalStateUnknown) {
    propagate(object);
  }

  private void propagate(R object) {
    EventHandler handler = getEventHandler();
    if (handler != null && isRunning()) {
      mapper.toPrimaryResourceIDs(object).forEach(id -> handler.handleEvent(new Event(id)));
    }
  }

  Optional<R> get(ResourceID id) {
    return Optional.ofNullable(
        informer
            .getIndexer()
            .getByKey(Cache.namespaceKeyFunc(id.getNamespace().orElse(null), id.getName())));
  }

  Stream<R> list(String namespace, Predicate<R> filter) {
    return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace).stream().filter(filter);
  }

  /** The controller reads through {@link #get} and {@link #list}; JOSDK's mapping is not kept. */
  @Override
  public Set<R> getSecondaryResources(RolloutPolicy primary) {
    throw new UnsupportedOperationException(
        name() + " is read through get and list, not as secondary resources");
  }
}
