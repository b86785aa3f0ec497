package io.rolloutguard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicySpec;
import io.rolloutguard.api.TargetRef;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The policy store's own index by target. */
class SlimStoreTest {

  private final SlimStore<RolloutPolicy> store = new SlimStore<>(GuardView::key);

  private static RolloutPolicy policy(String name, String target, String resourceVersion) {
    RolloutPolicy p = new RolloutPolicy();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace("shop");
    p.getMetadata().setResourceVersion(resourceVersion);
    RolloutPolicySpec spec = new RolloutPolicySpec();
    spec.setTargetRef(new TargetRef(target));
    p.setSpec(spec);
    return p;
  }

  private List<String> targeting(String target) {
    return store.byIndex("shop/" + target).stream().map(p -> p.getMetadata().getName()).toList();
  }

  @Test
  void followsTheTargetThroughUpdatesAndDeletes() {
    store.put("shop/canary", policy("canary", "web", "1"));
    assertEquals(List.of("canary"), targeting("web"));

    store.put("shop/canary", policy("canary", "api", "2"));
    assertEquals(List.of(), targeting("web"));
    assertEquals(List.of("canary"), targeting("api"));

    store.remove("shop/canary");
    assertEquals(List.of(), targeting("api"));
    assertNull(store.get("shop/canary"));
  }

  /** fabric8's indexer drops and re-adds the entry on every update: a reader could miss it. */
  @Test
  void aReaderNeverMissesAPolicyWhileItsStatusChanges() throws InterruptedException {
    store.put("shop/canary", policy("canary", "web", "0"));
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger misses = new AtomicInteger();
    Thread reader =
        new Thread(
            () -> {
              while (!done.get()) {
                if (store.byIndex("shop/web").isEmpty()) {
                  misses.incrementAndGet();
                }
              }
            });
    reader.start();
    for (int rv = 1; rv <= 20_000; rv++) {
      store.put("shop/canary", policy("canary", "web", String.valueOf(rv)));
    }
    done.set(true);
    reader.join();
    assertEquals(0, misses.get());
  }
}
