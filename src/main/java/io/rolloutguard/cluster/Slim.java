package io.rolloutguard.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * What the cache keeps of an object: everything admission, the controller and the audit read, and
 * not the bookkeeping that makes up most of a typical object. Objects are slimmed in place, once,
 * as the informer stores them: they are fresh from the watch and nobody else holds them yet.
 */
public final class Slim {

  /** kubectl apply's copy of the whole object, often the largest field: never read here. */
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private Slim() {}

  public static <T extends HasMetadata> T of(T object) {
    metadata(object.getMetadata());
    if (object instanceof Pod pod) {
      // The controller reads a pod's labels, owners, timestamps and status; its spec is the
      // ReplicaSet's template, which the controller reads there.
      pod.setSpec(null);
      pod.getMetadata().setAnnotations(null);
    } else if (object instanceof StatefulSet s) {
      s.setStatus(null); // cached for RG002's overlap check, which reads the spec only
    } else if (object instanceof DaemonSet d) {
      d.setStatus(null);
    } else if (object instanceof ReplicationController rc) {
      rc.setStatus(null);
    } else if (object instanceof Job j) {
      j.setStatus(null);
    }
    // Deployments and ReplicaSets keep their status (the controller's replica counts and
    // conditions) and their annotations (deployment.kubernetes.io/revision); RolloutPolicies keep
    // theirs (the promote, abort and retry requests).
    Compact.of(object);
    return object;
  }

  private static void metadata(ObjectMeta meta) {
    if (meta == null) {
      return;
    }
    // Server-side apply's field ownership: per field, per manager, and as large as the object.
    meta.setManagedFields(null);
    // containsKey first: an object slimmed before has the shared immutable empty map.
    if (meta.getAnnotations() != null && meta.getAnnotations().containsKey(LAST_APPLIED)) {
      meta.getAnnotations().remove(LAST_APPLIED);
    }
  }
}
