package io.rolloutguard.tls;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.rolloutguard.cluster.ConflictRetry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.jboss.logging.Logger;

/** Keeps the caBundle of both webhook configurations equal to the CA the app serves under. */
final class CaBundles {

  private static final Logger LOG = Logger.getLogger(CaBundles.class);

  private final KubernetesClient client;
  private final String name;

  CaBundles(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  void ensure(String caPem) {
    String bundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
    var admission = client.admissionRegistration().v1();
    ensure(
        admission.mutatingWebhookConfigurations().withName(name),
        c -> c.getWebhooks().stream().map(w -> w.getClientConfig()).toList(),
        bundle);
    ensure(
        admission.validatingWebhookConfigurations().withName(name),
        c -> c.getWebhooks().stream().map(w -> w.getClientConfig()).toList(),
        bundle);
  }

  /** Patches only when a webhook's caBundle differs; a missing configuration is set later. */
  private <T extends HasMetadata> void ensure(
      Resource<T> resource, Function<T, List<WebhookClientConfig>> configs, String bundle) {
    T current = resource.get();
    if (current == null) {
      LOG.warnf("webhook configuration %s not found: its caBundle is set once it exists", name);
      return;
    }
    if (configs.apply(current).stream().allMatch(c -> bundle.equals(c.getCaBundle()))) {
      return;
    }
    // Every replica writes the same CA at start-up: a conflict with another is not a failure.
    ConflictRetry.edit(
        resource, latest -> configs.apply(latest).forEach(c -> c.setCaBundle(bundle)));
    LOG.infof("wrote the CA into %s %s", current.getKind(), name);
  }
}
