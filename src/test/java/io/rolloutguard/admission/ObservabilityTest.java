package io.rolloutguard.admission;

import static io.restassured.RestAssured.given;
import static io.rolloutguard.admission.AdmissionClient.post;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ObservabilityTest {

  @Test
  void healthIsUpWithoutACluster() {
    Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    Management.given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    Management.given().get("/q/health/started").then().statusCode(200);
  }

  /** The webhook port serves the webhooks only: health and metrics are on the management port. */
  @Test
  void theWebhookPortServesNoHealthOrMetrics() {
    given().get("/q/health/ready").then().statusCode(404);
    given().get("/q/metrics").then().statusCode(404);
  }

  @Test
  void metricsCountViolationsAndTimeReviews() {
    post("validate", "replicationcontroller-without-selector");
    post("mutate", "deployment-create-latest-ifnotpresent");

    Management.given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            containsString(
                "rolloutguard_violations_total{mode=\"enforce\",outcome=\"deny\",rule=\"RG002\"}"))
        .body(
            containsString(
                "rolloutguard_violations_total{mode=\"enforce\",outcome=\"mutated\",rule=\"RG001\"}"))
        .body(
            containsString(
                "rolloutguard_admission_duration_seconds_bucket{endpoint=\"validate\","
                    + "kind=\"ReplicationController\",operation=\"CREATE\""));
  }
}
