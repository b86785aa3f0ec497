package io.rolloutguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An informer store that keeps {@link Slim} objects: the informer's transform. Handlers and
 * indexers see the slimmed object too, since it is slimmed before it is stored.
 *
 * <p>It can keep one index of its own. fabric8's indexer updates an index by removing the old entry
 * and then adding the new one, without a lock for readers, so a lookup during an update of the
 * object (a policy's status) could miss it. Here an unchanged index value is left alone and a
 * changed one is added before the old one goes. The informer is the only writer.
 */
public class SlimStore<T extends HasMetadata> implements ItemStore<T> {

  private final ConcurrentHashMap<String, T> items = new ConcurrentHashMap<>();
  private final Function<T, String> indexKey;
  private final ConcurrentHashMap<String, Set<String>> index = new ConcurrentHashMap<>();

  /** JOSDK instantiates item stores by their class: without an index. */
  public SlimStore() {
    this(null);
  }

  SlimStore(Function<T, String> indexKey) {
    this.indexKey = indexKey;
  }

  @Override
  public String getKey(T object) {
    return Cache.metaNamespaceKeyFunc(object);
  }

  @Override
  public T put(String key, T object) {
    T slim = Slim.of(object);
    String indexed = indexKey == null ? null : indexKey.apply(slim);
    if (indexed != null) {
      index.computeIfAbsent(indexed, k -> ConcurrentHashMap.newKeySet()).add(key);
    }
    T old = items.put(key, slim);
    if (old != null && indexKey != null && !Objects.equals(indexKey.apply(old), indexed)) {
      unindex(indexKey.apply(old), key);
    }
    return old;
  }

  @Override
  public T remove(String key) {
    T old = items.remove(key);
    if (old != null && indexKey != null) {
      unindex(indexKey.apply(old), key);
    }
    return old;
  }

  private void unindex(String value, String key) {
    index.computeIfPresent(value, (v, keys) -> keys.remove(key) && keys.isEmpty() ? null : keys);
  }

  /** The objects whose index value is {@code value}; empty without an index. */
  List<T> byIndex(String value) {
    return index.getOrDefault(value, Set.of()).stream()
        .map(items::get)
        .filter(Objects::nonNull)
        .toList();
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
