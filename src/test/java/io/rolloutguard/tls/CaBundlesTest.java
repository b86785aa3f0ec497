package io.rolloutguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Every replica writes the CA at start-up; losing that race to another one is not a failure. */
@EnableKubernetesMockClient(crud = true)
class CaBundlesTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void aConflictWithAnotherReplicaIsRetriedNotFatal() {
    client
        .resource(
            new MutatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName("rollout-guard")
                .endMetadata()
                .addNewWebhook()
                .withName("mutate.rolloutguard.io")
                .withNewClientConfig()
                .endClientConfig()
                .endWebhook()
                .build())
        .create();
    client
        .resource(
            new ValidatingWebhookConfigurationBuilder()
                .withNewMetadata()
                .withName("rollout-guard")
                .endMetadata()
                .addNewWebhook()
                .withName("validate.rolloutguard.io")
                .withNewClientConfig()
                .endClientConfig()
                .endWebhook()
                .addNewWebhook()
                .withName("validate-unowned.rolloutguard.io")
                .withNewClientConfig()
                .endClientConfig()
                .endWebhook()
                .build())
        .create();
    server
        .expect()
        .patch()
        .withPath(
            "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/rollout-guard")
        .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict").build())
        .once();

    new CaBundles(client, "rollout-guard").ensure("CA");

    String bundle = Base64.getEncoder().encodeToString("CA".getBytes(StandardCharsets.UTF_8));
    client
        .admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName("rollout-guard")
        .get()
        .getWebhooks()
        .forEach(w -> assertEquals(bundle, w.getClientConfig().getCaBundle(), w.getName()));
  }
}
