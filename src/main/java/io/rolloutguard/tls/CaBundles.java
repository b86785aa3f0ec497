package io.rolloutguard.tls;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
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
    var mutating =
        client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name);
    var validating =
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name);
    var m = mutating.get();
    if (m == null) {
      LOG.warnf(
          "MutatingWebhookConfiguration %s not found: its caBundle is set once it exists", name);
    } else if (m.getWebhooks().stream()
        .anyMatch(w -> !bundle.equals(w.getClientConfig().getCaBundle()))) {
      mutating.edit(
          c -> {
            c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(bundle));
            return c;
          });
      LOG.infof("wrote the CA into MutatingWebhookConfiguration %s", name);
    }
    var v = validating.get();
    if (v == null) {
      LOG.warnf(
          "ValidatingWebhookConfiguration %s not found: its caBundle is set once it exists", name);
    } else if (v.getWebhooks().stream()
        .anyMatch(w -> !Objects.equals(bundle, w.getClientConfig().getCaBundle()))) {
      validating.edit(
          c -> {
            c.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(bundle));
            return c;
          });
      LOG.infof("wrote the CA into ValidatingWebhookConfiguration %s", name);
    }
  }
}
