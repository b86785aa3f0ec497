package io.rolloutguard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CRD in manifests/ is the one the build generates, plus maxLength on the canary field (which
 * the generator cannot emit and the API server needs to price the CEL rule), maxLength on the
 * strings of status.conditions (fabric8's Condition, which cannot be annotated) and printer columns
 * in reading order (the generator sorts them by jsonPath). Runs after package, when the generated
 * CRD exists.
 */
class CrdManifestIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String COLUMNS = "/spec/versions/0/additionalPrinterColumns";
  private static final String CANARY =
      "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/steps/items/properties/canary";
  private static final String CONDITION =
      "/spec/versions/0/schema/openAPIV3Schema/properties/status/properties/conditions/items/properties/";

  /** metav1.Condition's sizes, added by manifests/regenerate-crd.py. */
  private static final Map<String, Integer> CONDITION_MAX_LENGTH =
      Map.of(
          "lastTransitionTime", Limits.TIMESTAMP,
          "message", Limits.MESSAGE,
          "reason", Limits.REASON,
          "status", 16,
          "type", 316);

  @Test
  void manifestCopyMatchesTheGeneratedCrd() throws IOException {
    JsonNode generated =
        YAML.readTree(Path.of("target/kubernetes/rolloutpolicies.rolloutguard.io-v1.yml").toFile());
    JsonNode shipped = YAML.readTree(Path.of("manifests/base/crd.yaml").toFile());

    assertEquals(4, shipped.at(CANARY + "/maxLength").asInt());
    ((ObjectNode) shipped.at(CANARY)).remove("maxLength");
    CONDITION_MAX_LENGTH.forEach(
        (field, max) -> {
          assertEquals(max, shipped.at(CONDITION + field + "/maxLength").asInt(), field);
          ((ObjectNode) shipped.at(CONDITION + field)).remove("maxLength");
        });
    assertEquals(
        List.of("Target", "Phase", "Step", "Canary", "Stable", "Age"),
        columnNames(shipped),
        "kubectl get rp shows the columns in this order");
    sortColumns(generated);
    sortColumns(shipped);
    assertEquals(generated, shipped, "run manifests/regenerate-crd.py after mvn package");
  }

  private static List<String> columnNames(JsonNode crd) {
    List<String> names = new ArrayList<>();
    crd.at(COLUMNS).forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  /** The generator sorts columns by jsonPath; the shipped copy orders them for reading. */
  private static void sortColumns(JsonNode crd) {
    ArrayNode columns = (ArrayNode) crd.at(COLUMNS);
    List<JsonNode> sorted = new ArrayList<>();
    columns.forEach(sorted::add);
    sorted.sort(Comparator.comparing(c -> c.path("name").asText()));
    columns.removeAll();
    columns.addAll(sorted);
  }
}
