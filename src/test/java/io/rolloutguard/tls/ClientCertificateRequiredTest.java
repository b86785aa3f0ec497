package io.rolloutguard.tls;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.rolloutguard.admission.Management;
import java.io.IOException;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** rolloutguard.tls.client-ca set: only the API server's client certificate gets a review in. */
@QuarkusTest
@TestProfile(ClientCertificateProfile.class)
class ClientCertificateRequiredTest {

  static final int PORT = ClientCertificateProfile.PORT;
  static final String REVIEW = "deployment-create-latest-ifnotpresent.json";
  static final String UID = "00000000-0000-0000-0000-000000000001";

  @Test
  void theApiServersCertificateGetsAnAnswer() throws Exception {
    String answer =
        MutualTls.post(PORT, ClientCas.apiServer(), "/mutate", MutualTls.review(REVIEW));
    assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
    assertTrue(answer.contains("\"AdmissionReview\"") && answer.contains(UID), answer);
  }

  @Test
  void noCertificateIsRefusedAtTheHandshake() {
    // The handshake itself fails: an alert, or the server's close while the client still writes.
    assertThrows(IOException.class, () -> MutualTls.handshake(PORT, null, "TLSv1.2"));
    // Over TLS 1.3 the refusal comes after the client's Finished: still no answer.
    assertThrows(
        IOException.class, () -> MutualTls.post(PORT, null, "/mutate", MutualTls.review(REVIEW)));
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedAtTheHandshake() {
    assertThrows(
        IOException.class, () -> MutualTls.handshake(PORT, ClientCas.otherCa(), "TLSv1.2"));
    assertThrows(
        IOException.class,
        () -> MutualTls.post(PORT, ClientCas.otherCa(), "/mutate", MutualTls.review(REVIEW)));
  }

  @Test
  void aCertificateOfTheCaForANameNotAllowedIsRefused() {
    assertThrows(
        IOException.class,
        () -> MutualTls.handshake(PORT, ClientCas.otherNameOfTheSameCa(), "TLSv1.2"));
  }

  @Test
  void theApiServersCertificateCompletesATls12Handshake() throws Exception {
    MutualTls.handshake(PORT, ClientCas.apiServer(), "TLSv1.2");
  }

  /** The warm-up calls the webhook port with its own in-memory certificate. */
  @Test
  void theReplicaBecomesReadyAfterItsWarmUp() {
    Awaitility.await("ready after the warm-up")
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () ->
                Management.given()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body(containsString("\"warmedUp\": true")));
  }
}
