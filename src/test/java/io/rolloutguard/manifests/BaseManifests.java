package io.rolloutguard.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The documents of manifests/base, read from the files kustomization.yaml lists (no kustomize). */
final class BaseManifests {

  static final Path BASE = Path.of("manifests/base");
  static final String ADMISSION = "rollout-guard";
  static final String CONTROLLER = "rollout-guard-controller";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private BaseManifests() {}

  static List<JsonNode> all() {
    try {
      List<JsonNode> docs = new ArrayList<>();
      for (JsonNode file :
          YAML.readTree(BASE.resolve("kustomization.yaml").toFile()).path("resources")) {
        docs.addAll(read(BASE.resolve(file.asText())));
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> read(Path file) {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  static JsonNode named(List<JsonNode> docs, String kind, String name) {
    List<JsonNode> found =
        ofKind(docs, kind).stream()
            .filter(d -> name.equals(d.at("/metadata/name").asText()))
            .toList();
    assertEquals(1, found.size(), "expected one " + kind + " " + name);
    return found.get(0);
  }

  /** The one container of a Deployment. */
  static JsonNode container(JsonNode deployment) {
    JsonNode containers = deployment.at("/spec/template/spec/containers");
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  /** True when every matchLabels entry of the selector is among the labels. */
  static boolean selects(JsonNode matchLabels, JsonNode labels) {
    if (matchLabels.isEmpty()) {
      return true;
    }
    for (Map.Entry<String, JsonNode> label : iterable(matchLabels)) {
      if (!label.getValue().equals(labels.path(label.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }
}
