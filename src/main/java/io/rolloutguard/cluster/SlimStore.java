package io.rolloutguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * An informer store that keeps {@link Slim} objects: the informer's transform. Handlers and
 * indexers see the slimmed object too, since it is slimmed before it is stored.
 */
public class SlimStore<T extends HasMetadata> implements ItemStore<T> {

  private final ConcurrentHashMap<String, T> items = new ConcurrentHashMap<>();

  @Override
  public String getKey(T object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public T put(String key, T object) {
    return items.put(key, Slim.of(object));
  }

  @Override
  public T remove(String key) {
    return items.remove(key);
  }

  @Override
  public Stream<String> keySet() {
    return items.keySet().stream();
  }

  @Override
  public Stream<T> values() {
    return items.values().stream();
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public T get(String key) {
    return items.get(key);
  }
}
