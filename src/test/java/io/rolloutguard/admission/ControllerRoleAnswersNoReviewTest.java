package io.rolloutguard.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The controller role holds the write rights and serves no webhook: even with plain HTTP opened by
 * mistake, its endpoints answer no review.
 */
@QuarkusTest
@TestProfile(ControllerRoleAnswersNoReviewTest.ControllerRole.class)
class ControllerRoleAnswersNoReviewTest {

  public static class ControllerRole implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("rolloutguard.role", "controller");
    }
  }

  private static byte[] fixture() throws IOException {
    try (InputStream in =
        ControllerRoleAnswersNoReviewTest.class.getResourceAsStream(
            "/admission/deployment-create-latest-ifnotpresent.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void mutateAndValidateAnswer404() throws IOException {
    byte[] review = fixture();
    for (String path : new String[] {"/mutate", "/validate"}) {
      given()
          .contentType("application/json")
          .body(review)
          .post(path)
          .then()
          .statusCode(404)
          .body("error", containsString("serves no webhook"));
    }
  }
}
