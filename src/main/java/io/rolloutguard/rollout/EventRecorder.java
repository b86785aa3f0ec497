package io.rolloutguard.rollout;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rolloutguard.cluster.ConflictRetry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Writes core/v1 Events, which {@code kubectl describe} shows, on the policy and the Deployment.
 * The same event on the same object is one Event whose count grows ("x3 over 2m"), as client-go's
 * correlator does: its name is derived from the object, type, reason and message, so a repeat finds
 * it.
 */
final class EventRecorder {

  private static final Logger LOG = Logger.getLogger(EventRecorder.class);
  static final String COMPONENT = "rollout-guard";

  private final KubernetesClient client;

  EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  void record(HasMetadata object, RolloutEvent event, Instant now) {
    String ns = object.getMetadata().getNamespace();
    String name = name(object, event);
    try {
      var events = client.v1().events().inNamespace(ns);
      try {
        events.resource(event(object, event, name, now)).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
        if (event.once()) {
          return;
        }
        ConflictRetry.edit(
            events.withName(name),
            existing -> {
              existing.setCount(Objects.requireNonNullElse(existing.getCount(), 1) + 1);
              existing.setLastTimestamp(now.toString());
            });
      }
    } catch (RuntimeException e) {
      // Events are best effort: a failed event must not undo or repeat a rollout step.
      LOG.warnf(
          "could not record event %s on %s/%s: %s",
          event.reason(), ns, object.getMetadata().getName(), e.getMessage());
    }
  }

  /** The object's name and a digest of what makes two events the same one. */
  static String name(HasMetadata object, RolloutEvent event) {
    String key =
        String.join(
            "\n",
            object.getKind(),
            object.getMetadata().getName(),
            String.valueOf(object.getMetadata().getUid()),
            event.warning() ? "Warning" : "Normal",
            event.reason(),
            event.message());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return object.getMetadata().getName() + "." + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static Event event(HasMetadata object, RolloutEvent event, String name, Instant now) {
    String ns = object.getMetadata().getNamespace();
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(object.getApiVersion())
                .withKind(object.getKind())
                .withName(object.getMetadata().getName())
                .withNamespace(ns)
                .withUid(object.getMetadata().getUid())
                .build())
        .withType(event.warning() ? "Warning" : "Normal")
        .withReason(event.reason())
        .withMessage(event.message())
        .withFirstTimestamp(now.toString())
        .withLastTimestamp(now.toString())
        .withCount(1)
        .withNewSource(COMPONENT, null)
        .withReportingComponent(COMPONENT)
        .build();
  }
}
