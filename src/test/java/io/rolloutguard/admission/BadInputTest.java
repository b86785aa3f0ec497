package io.rolloutguard.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a one-line JSON error with the right status: never a 500 or a stack trace. */
@QuarkusTest
class BadInputTest {

  static Stream<Arguments> cases() {
    ObjectNode wrongVersion = AdmissionClient.fixture("deployment-good-kubia-v1");
    wrongVersion.put("apiVersion", "admission.k8s.io/v1beta1");
    ObjectNode noRequest = AdmissionClient.fixture("deployment-good-kubia-v1");
    noRequest.remove("request");
    ObjectNode noUid = AdmissionClient.fixture("deployment-good-kubia-v1");
    ((ObjectNode) noUid.get("request")).remove("uid");
    ObjectNode objectIsString = AdmissionClient.fixture("deployment-good-kubia-v1");
    ((ObjectNode) objectIsString.get("request")).put("object", "nope");
    ObjectNode noObject = AdmissionClient.fixture("deployment-good-kubia-v1");
    ((ObjectNode) noObject.get("request")).remove("object");
    return Stream.of(
        Arguments.of("malformed JSON", "{\"apiVersion\":", "malformed JSON"),
        Arguments.of("empty body", "", "AdmissionReview"),
        Arguments.of("JSON array", "[1,2]", "must be a JSON object"),
        Arguments.of("wrong apiVersion", wrongVersion.toString(), "apiVersion must be"),
        Arguments.of("missing request", noRequest.toString(), "no request"),
        Arguments.of("missing uid", noUid.toString(), "uid is missing"),
        Arguments.of("object not an object", objectIsString.toString(), "must be a JSON object"),
        Arguments.of("missing object", noObject.toString(), "object is missing"),
        Arguments.of(
            "wrong field type",
            AdmissionClient.fixture("deployment-wrong-field-type").toString(),
            "not a valid Deployment"));
  }

  @ParameterizedTest(name = "{0} on /{3}")
  @MethodSource("endpoints")
  void answers400(String name, String body, String fragment, String endpoint) {
    given()
        .contentType("application/json")
        .body(body)
        .when()
        .post("/" + endpoint)
        .then()
        .statusCode(400)
        .contentType("application/json")
        .body("error", containsString(fragment))
        .body(not(containsString("\n")))
        .body(not(containsString("Exception")));
  }

  static Stream<Arguments> endpoints() {
    return cases()
        .flatMap(
            c ->
                Stream.of("mutate", "validate")
                    .map(e -> Arguments.of(c.get()[0], c.get()[1], c.get()[2], e)));
  }

  @ParameterizedTest
  @MethodSource("io.rolloutguard.admission.BadInputTest#endpointNames")
  void answers413AboveThreeMiB(String endpoint) {
    byte[] body = new byte[3 * 1024 * 1024 + 1];
    java.util.Arrays.fill(body, (byte) ' ');
    given()
        .contentType("application/json")
        .body(body)
        .when()
        .post("/" + endpoint)
        .then()
        .statusCode(413)
        .body("error", containsString("3 MiB"));
  }

  static Stream<String> endpointNames() {
    return Stream.of("mutate", "validate");
  }
}
