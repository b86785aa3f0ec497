package io.rolloutguard.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** How an admission-only process gets its certificate: it waits for the controller's Secret. */
@EnableKubernetesMockClient(crud = true)
class TlsSecretReaderTest {

  KubernetesClient client;

  private TlsSecretReader reader() {
    return new TlsSecretReader(client, "rollout-guard", "rollout-guard-tls");
  }

  private static TlsMaterial issued() {
    return CertificateRotation.plan(
            Optional.empty(),
            new CertificateRotation.Settings(
                List.of("rollout-guard"), Duration.ofDays(3650), Duration.ofDays(90)),
            Instant.now())
        .orElseThrow();
  }

  @Test
  void waitsUntilTheControllerCreatesTheSecret() {
    CompletableFuture<TlsMaterial> waiting =
        CompletableFuture.supplyAsync(
            () -> reader().await(Duration.ofMinutes(5), Clock.systemUTC()));
    assertFalse(waiting.isDone(), "no Secret yet");

    TlsMaterial material = issued();
    client
        .secrets()
        .inNamespace("rollout-guard")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("rollout-guard-tls")
                .endMetadata()
                .withData(material.toSecretData())
                .build())
        .create();

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(waiting::isDone);
    assertEquals(material.cert(), waiting.join().cert());
  }

  @Test
  void givesUpAfterTheLimitSoThePodRestarts() {
    assertThrows(
        IllegalStateException.class, () -> reader().await(Duration.ZERO, Clock.systemUTC()));
  }
}
