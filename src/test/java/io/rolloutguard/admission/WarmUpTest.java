package io.rolloutguard.admission;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The app warms itself up with reviews on its own port before it reports ready. */
@QuarkusTest
@TestProfile(WarmUpTest.Profile.class)
class WarmUpTest {

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      // A random port: the warm-up must find the port the server really listens on.
      return Map.of("rolloutguard.warm-up.reviews", "40", "quarkus.http.test-port", "0");
    }
  }

  @Test
  void readyOnceItsOwnPortServedTheWarmUpReviews() {
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

  @Test
  void warmUpReviewsStayOutOfTheAdmissionMetrics() {
    Awaitility.await("ready after the warm-up")
        .atMost(Duration.ofMinutes(1))
        .until(() -> Management.given().get("/q/health/ready").statusCode() == 200);

    Management.given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(not(containsString("rolloutguard_admission_duration_seconds_count")));
  }
}
