package io.rolloutguard.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.rolloutguard.tls.StrongTls;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged jar as the manifests run it (plain HTTP off): the webhook only on TLS with the
 * strong TLS policy, health and metrics only on the management port, and Ready only once the
 * webhook port served its warm-up reviews (the prod profile's 300).
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = SelfSignedTls.class, restrictToAnnotatedClass = true)
@ExtendWith(HttpsOnly.class)
class NetworkSurfaceIT {

  private static RequestSpecification management() {
    return RestAssured.given().baseUri("http://localhost").port(SelfSignedTls.managementPort);
  }

  @Test
  void readyOnTheManagementPortOnceTheWebhookPortIsWarm() {
    Awaitility.await("ready after the warm-up over HTTPS")
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () ->
                management()
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body(containsString("\"warmedUp\": true")));
    management().get("/q/health/live").then().statusCode(200);
    management().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
  }

  @Test
  void theWebhookPortServesNoHealthOrMetrics() {
    given().get("/q/health/ready").then().statusCode(404);
    given().get("/q/metrics").then().statusCode(404);
  }

  @Test
  void plainHttpIsOff() {
    assertThrows(
        ConnectException.class, () -> new Socket("localhost", SelfSignedTls.plainPort).close());
  }

  @Test
  void theWebhookPortRefusesOldProtocolsAndWeakSuites() throws Exception {
    StrongTls.assertOnlyStrongTls(SelfSignedTls.port);
  }
}
