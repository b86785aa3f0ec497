package io.rolloutguard.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Reviews built to exhaust the heap, the stack or the CPU get a clean answer: an AdmissionReview
 * that allows without a patch (/mutate) or denies naming the limit (/validate), or a one-line JSON
 * error. {@code HurtfulInputIT} posts some of them to the packaged jar on the manifests' heap.
 * java.net.http rather than REST Assured, whose request logging pretty-prints a body nested 100,000
 * deep into gigabytes.
 */
@QuarkusTest
class HurtfulInputTest {

  static final String UID = "00000000-0000-0000-0000-000000000007";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TestHTTPResource("/")
  URI base;

  record Answer(int status, String text, JsonNode json) {
    JsonNode response() {
      return json.path("response");
    }
  }

  Answer post(String endpoint, String body) {
    try {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(base.resolve(endpoint))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(
          "application/json",
          response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
      return new Answer(
          response.statusCode(), response.body(), AdmissionClient.MAPPER.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Over a list cap: /mutate allows without a patch and warns, /validate denies with a 422. */
  void overLimit(String body, String fragment) {
    Answer mutate = post("mutate", body);
    assertEquals(200, mutate.status(), mutate.text());
    assertEquals(UID, mutate.response().path("uid").asText());
    assertTrue(mutate.response().path("allowed").asBoolean(), mutate.text());
    assertTrue(mutate.response().path("patch").isMissingNode(), mutate.text());
    assertTrue(mutate.response().path("warnings").toString().contains(fragment), mutate.text());
    Answer validate = post("validate", body);
    assertEquals(200, validate.status(), validate.text());
    assertEquals(UID, validate.response().path("uid").asText());
    assertFalse(validate.response().path("allowed").asBoolean(), validate.text());
    assertEquals(422, validate.response().at("/status/code").asInt(), validate.text());
    assertTrue(
        validate.response().at("/status/message").asText().contains(fragment), validate.text());
  }

  void badRequest(String body, String fragment) {
    for (String endpoint : new String[] {"mutate", "validate"}) {
      Answer answer = post(endpoint, body);
      assertEquals(400, answer.status(), answer.text());
      assertTrue(answer.json().path("error").asText().contains(fragment), answer.text());
      assertFalse(answer.text().contains("\n"), answer.text());
    }
  }

  @Test
  void fourThousandContainers() {
    overLimit(
        HurtfulReviews.containers(4_000),
        "has 4000 containers, more than the limit of 500 (rolloutguard.limits.containers)");
  }

  @Test
  void containersAtTheCapArePatchedOneOperationEach() {
    Answer answer = post("mutate", HurtfulReviews.containers(500));
    assertEquals(200, answer.status(), answer.text());
    assertTrue(answer.response().path("allowed").asBoolean());
    assertEquals("JSONPatch", answer.response().path("patchType").asText());
  }

  @Test
  void imageOf200KilobytesIsDeniedAsInvalid() {
    String body = HurtfulReviews.longImage(200);
    Answer mutate = post("mutate", body);
    assertEquals(200, mutate.status(), mutate.text());
    assertTrue(mutate.response().path("allowed").asBoolean());
    assertTrue(mutate.response().path("patch").isMissingNode(), mutate.text());
    Answer validate = post("validate", body);
    assertEquals(200, validate.status(), validate.text());
    assertFalse(validate.response().path("allowed").asBoolean());
    String message = validate.response().at("/status/message").asText();
    assertTrue(message.contains("RG000") && message.contains("more than 520"), message);
  }

  @Test
  void manyEnvVars() {
    overLimit(HurtfulReviews.envVars(20_000), "containers[0] has 20000 env per container");
  }

  @Test
  void manyOwnerReferences() {
    overLimit(
        HurtfulReviews.ownerReferences(10_000),
        "metadata.ownerReferences has 10000 owner references");
  }

  @Test
  void manySelectorValues() {
    overLimit(HurtfulReviews.selectorTerms(10_000), "has 10002 selector terms");
  }

  @Test
  void deepNestingIsRefusedAtParse() {
    badRequest(HurtfulReviews.deepArrays(100_000), "nesting depth");
  }

  @Test
  void nestingUnderTheLimitIsAnswered() {
    Answer answer = post("validate", HurtfulReviews.deepObject(150));
    assertEquals(200, answer.status(), answer.text());
    assertEquals(UID, answer.response().path("uid").asText());
  }

  @Test
  void longNumberIsRefusedAtParse() {
    badRequest(HurtfulReviews.longNumber(10_000), "Number value length");
  }

  @Test
  void stringAsLongAsTheBodyAllowsIsAnswered() {
    String body = HurtfulReviews.longString(3 * 1024 * 1024 - 2_000);
    for (String endpoint : new String[] {"mutate", "validate"}) {
      Answer answer = post(endpoint, body);
      assertEquals(200, answer.status(), endpoint);
      assertTrue(answer.response().path("allowed").asBoolean(), endpoint);
    }
  }
}
