package io.rolloutguard.admission;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Posts fixtures from src/test/resources/admission and decodes the answers. */
final class AdmissionClient {

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** A decoded answer: the response, the patch if any, and the request object with it applied. */
  record Answer(int status, JsonNode body, JsonNode request, JsonNode patch, JsonNode patched) {

    JsonNode response() {
      return body.path("response");
    }

    boolean allowed() {
      return response().path("allowed").asBoolean();
    }

    String message() {
      return response().path("status").path("message").asText();
    }

    List<String> warnings() {
      List<String> warnings = new ArrayList<>();
      response().path("warnings").forEach(w -> warnings.add(w.asText()));
      return warnings;
    }

    /** A field of the patched object, by JSON pointer. */
    JsonNode at(String pointer) {
      return patched.at(pointer);
    }
  }

  private AdmissionClient() {}

  static ObjectNode fixture(String name) {
    String path = "/admission/" + name + ".json";
    try (InputStream in = AdmissionClient.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return (ObjectNode) MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Answer post(String endpoint, String fixture) {
    return post(endpoint, fixture(fixture));
  }

  static Answer post(String endpoint, JsonNode review) {
    Response response =
        given()
            .contentType("application/json")
            .body(review.toString())
            .when()
            .post("/" + endpoint)
            .then()
            .extract()
            .response();
    return decode(response.statusCode(), response.asString(), review);
  }

  static Answer decode(int status, String body, JsonNode review) {
    try {
      JsonNode json = MAPPER.readTree(body);
      JsonNode object = review.path("request").path("object");
      JsonNode patch = null;
      JsonNode patched = object;
      String encoded = json.path("response").path("patch").asText(null);
      if (encoded != null) {
        patch =
            MAPPER.readTree(
                new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        patched = JsonPatch.apply(patch, object);
      }
      return new Answer(status, json, review, patch, patched);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same review with its object replaced, as the API server re-invokes after a patch. */
  static ObjectNode withObject(JsonNode review, JsonNode object) {
    ObjectNode copy = review.deepCopy();
    ((ObjectNode) copy.get("request")).set("object", object);
    return copy;
  }
}
