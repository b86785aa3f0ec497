package io.rolloutguard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The CRD in manifests/ is the one the build generates, plus maxLength on the canary field (which
 * the generator cannot emit and the API server needs to price the CEL rule). Runs after package,
 * when the generated CRD exists.
 */
class CrdManifestIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String CANARY =
      "/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/steps/items/properties/canary";

  @Test
  void manifestCopyMatchesTheGeneratedCrd() throws IOException {
    JsonNode generated =
        YAML.readTree(Path.of("target/kubernetes/rolloutpolicies.rolloutguard.io-v1.yml").toFile());
    JsonNode shipped = YAML.readTree(Path.of("manifests/base/crd.yaml").toFile());

    assertEquals(4, shipped.at(CANARY + "/maxLength").asInt());
    ((ObjectNode) shipped.at(CANARY)).remove("maxLength");
    assertEquals(generated, shipped, "regenerate manifests/base/crd.yaml from target/kubernetes");
  }
}
