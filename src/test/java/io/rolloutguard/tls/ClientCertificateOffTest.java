package io.rolloutguard.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** Without rolloutguard.tls.client-ca the webhook port asks no client certificate, as before. */
@QuarkusTest
@TestProfile(ClientCertificateProfile.Off.class)
class ClientCertificateOffTest {

  @Test
  void aClientWithoutCertificateGetsAnAnswer() throws Exception {
    String answer =
        MutualTls.post(
            ClientCertificateProfile.PORT,
            null,
            "/mutate",
            MutualTls.review(ClientCertificateRequiredTest.REVIEW));
    assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
    assertTrue(answer.contains(ClientCertificateRequiredTest.UID), answer);
  }
}
