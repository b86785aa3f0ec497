package io.rolloutguard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every string in the shipped RolloutPolicy CRD has a maxLength (or is an enum) and every list a
 * maxItems, so the API server refuses an oversized policy before anything reads it. The status
 * setters cut what the controller writes to the same bounds, so a long message from a pod can never
 * make a status write fail.
 */
class CrdBoundsTest {

  static JsonNode schema() throws IOException {
    return new ObjectMapper(new YAMLFactory())
        .readTree(Path.of("manifests/base/crd.yaml").toFile())
        .at("/spec/versions/0/schema/openAPIV3Schema");
  }

  static void unbounded(JsonNode schema, String path, List<String> found) {
    String type = schema.path("type").asText();
    boolean intOrString = schema.path("x-kubernetes-int-or-string").asBoolean();
    if (("string".equals(type) || intOrString) && !schema.has("maxLength") && !schema.has("enum")) {
      found.add(path + " (string)");
    }
    if ("array".equals(type) && !schema.has("maxItems")) {
      found.add(path + " (list)");
    }
    schema
        .path("properties")
        .properties()
        .forEach(p -> unbounded(p.getValue(), path + "." + p.getKey(), found));
    if (schema.has("items")) {
      unbounded(schema.path("items"), path + "[]", found);
    }
  }

  @Test
  void everyStringAndListOfTheCrdIsBounded() throws IOException {
    List<String> found = new ArrayList<>();
    unbounded(schema(), "", found);

    assertEquals(List.of(), found);
  }

  @Test
  void theTargetIsBoundedAsADeploymentNameAndDurationsAsTheParserIs() throws IOException {
    JsonNode spec = schema().path("properties").path("spec").path("properties");

    assertEquals(253, spec.at("/targetRef/properties/name/maxLength").asInt());
    assertEquals(
        KubeDuration.LENGTH_MAX,
        spec.at("/analysis/properties/readinessTimeout/maxLength").asInt());
    assertEquals(
        KubeDuration.LENGTH_MAX,
        spec.at("/steps/items/properties/pause/properties/duration/maxLength").asInt());
    assertTrue(spec.at("/analysis/properties/failingReasons/maxItems").asInt() > 6);
  }

  @Test
  void statusTextIsCutToItsBound() {
    RolloutPolicyStatus status = new RolloutPolicyStatus();
    status.setMessage("x".repeat(Limits.MESSAGE + 1));
    RollbackRecord rollback =
        new RollbackRecord("a", "b", "r".repeat(5000), "m".repeat(40_000), "now");
    FailedRevision failed = new FailedRevision("a", "h", "m".repeat(40_000), "now");

    assertEquals(Limits.MESSAGE, status.getMessage().length());
    assertEquals(Limits.REASON, rollback.getReason().length());
    assertEquals(Limits.MESSAGE, rollback.getMessage().length());
    assertEquals(Limits.MESSAGE, failed.getReason().length());
    assertEquals("short", Limits.cut("short", 10));
  }

  @Test
  void aCutNeverSplitsASurrogatePair() {
    String emoji = "\uD83D\uDE00";

    assertEquals("ab", Limits.cut("ab" + emoji, 3));
  }
}
