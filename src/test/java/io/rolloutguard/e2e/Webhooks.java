package io.rolloutguard.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * Registers the webhook configurations from manifests/base/webhooks.yaml, pointed at the app on
 * loopback by URL instead of through the in-cluster Service.
 */
final class Webhooks {

  static final Path MANIFEST = Path.of("manifests/base/webhooks.yaml");

  private Webhooks() {}

  static void register(KubernetesClient client, int port, String caPem) {
    String caBundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
    List<HasMetadata> items;
    try (var in = java.nio.file.Files.newInputStream(MANIFEST)) {
      items = client.load(in).items();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    for (HasMetadata item : items) {
      if (item instanceof MutatingWebhookConfiguration m) {
        m.getWebhooks().forEach(w -> w.setClientConfig(url(port, "/mutate", caBundle)));
      } else if (item instanceof ValidatingWebhookConfiguration v) {
        v.getWebhooks().forEach(w -> w.setClientConfig(url(port, "/validate", caBundle)));
      }
      client.resource(item).forceConflicts().serverSideApply();
    }
  }

  static final Path IGNORE_LABEL_POLICY = Path.of("manifests/base/ignore-label-policy.yaml");

  /** The policy that keeps the ignore label to who may change the webhook configurations. */
  static void applyIgnoreLabelPolicy(KubernetesClient client) {
    try (var in = java.nio.file.Files.newInputStream(IGNORE_LABEL_POLICY)) {
      client.load(in).items().forEach(i -> client.resource(i).forceConflicts().serverSideApply());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void unregister(KubernetesClient client) {
    try (var in = java.nio.file.Files.newInputStream(IGNORE_LABEL_POLICY)) {
      client.load(in).items().forEach(i -> client.resource(i).delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    client
        .admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName("rollout-guard")
        .delete();
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName("rollout-guard")
        .delete();
  }

  /** The API server loads webhook configurations asynchronously: wait until a probe is mutated. */
  static void awaitActive(KubernetesClient client, String namespace) {
    Deployment probe =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("webhook-probe")
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewSelector()
            .addToMatchLabels("app", "webhook-probe")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "webhook-probe")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("probe")
            .withImage("busybox")
            .withImagePullPolicy("IfNotPresent")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    Awaitility.await("webhooks active")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                "Always"
                    .equals(
                        client
                            .resource(probe)
                            .dryRun()
                            .create()
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImagePullPolicy()));
  }

  private static WebhookClientConfig url(int port, String path, String caBundle) {
    WebhookClientConfig config = new WebhookClientConfig();
    config.setUrl("https://127.0.0.1:" + port + path);
    config.setCaBundle(caBundle);
    return config;
  }
}
