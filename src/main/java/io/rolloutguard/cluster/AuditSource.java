package io.rolloutguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.function.Consumer;

/**
 * The cached objects the audit reads, and news of their changes: implemented by the informer caches
 * that admission reads too, so the audit costs no watch of its own.
 */
public interface AuditSource {

  /** Every cached object of a covered kind, in every namespace. */
  List<HasMetadata> auditable();

  /** True once every cache has listed everything, so the audit sees the whole cluster. */
  boolean synced();

  /** Called with the namespace of each added, changed or deleted object. */
  void onChange(Consumer<String> namespace);
}
