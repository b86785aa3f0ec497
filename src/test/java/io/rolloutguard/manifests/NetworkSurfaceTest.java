package io.rolloutguard.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The network surface of manifests/base, read from the files kustomization.yaml lists (no
 * kustomize, no cluster): the NetworkPolicy admits exactly the container's ports, and the only
 * plain-HTTP port is the management interface's.
 */
class NetworkSurfaceTest {

  private static final Path BASE = Path.of("manifests/base");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<JsonNode> docs;
  private static Properties app;

  @BeforeAll
  static void read() throws IOException {
    docs = new ArrayList<>();
    for (JsonNode file :
        YAML.readTree(BASE.resolve("kustomization.yaml").toFile()).path("resources")) {
      try (var parser = YAML.getFactory().createParser(BASE.resolve(file.asText()).toFile())) {
        YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
      }
    }
    app = new Properties();
    try (Reader in =
        Files.newBufferedReader(Path.of("src/main/resources/application.properties"))) {
      app.load(in);
    }
  }

  private static JsonNode one(String kind) {
    List<JsonNode> found = docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    assertEquals(1, found.size(), "expected one " + kind + " in manifests/base");
    return found.get(0);
  }

  private static JsonNode container() {
    JsonNode containers = one("Deployment").at("/spec/template/spec/containers");
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  /** The container's declared ports, name to number. */
  private static Map<String, Integer> declaredPorts() {
    Map<String, Integer> ports = new TreeMap<>();
    for (JsonNode p : container().path("ports")) {
      assertEquals("TCP", p.path("protocol").asText("TCP"));
      ports.put(p.path("name").asText(), p.path("containerPort").asInt());
    }
    return ports;
  }

  private static int property(String key) {
    return Integer.parseInt(app.getProperty(key));
  }

  @Test
  void theNetworkPolicyAdmitsExactlyTheContainersPorts() {
    JsonNode policy = one("NetworkPolicy");
    JsonNode pods = one("Deployment").at("/spec/template/metadata/labels");
    policy
        .at("/spec/podSelector/matchLabels")
        .fields()
        .forEachRemaining(
            label ->
                assertEquals(
                    label.getValue(), pods.path(label.getKey()), "the policy selects the pods"));
    assertFalse(policy.at("/spec/podSelector/matchLabels").isEmpty(), "not every pod");
    assertTrue(texts(policy.at("/spec/policyTypes")).contains("Ingress"));

    Set<Integer> admitted = new TreeSet<>();
    Map<String, Integer> declared = declaredPorts();
    for (JsonNode rule : policy.at("/spec/ingress")) {
      assertFalse(rule.path("ports").isEmpty(), "a rule without ports admits every port: " + rule);
      for (JsonNode p : rule.path("ports")) {
        assertEquals("TCP", p.path("protocol").asText("TCP"));
        assertTrue(p.path("endPort").isMissingNode(), "no port ranges: " + p);
        JsonNode port = p.path("port");
        admitted.add(port.isInt() ? port.asInt() : declared.get(port.asText()));
      }
    }
    assertEquals(new TreeSet<>(declared.values()), admitted);
  }

  /**
   * The webhook port is Quarkus' TLS port, the other the management port; plain HTTP is off, and
   * the probes use the management port.
   */
  @Test
  void noContainerPortIsPlainHttpButManagement() {
    int tls = property("quarkus.http.ssl-port");
    int management = property("quarkus.management.port");
    assertEquals("true", app.getProperty("quarkus.management.enabled"));
    assertEquals(Map.of("https", tls, "metrics", management), declaredPorts());

    Map<String, String> env = new TreeMap<>();
    container()
        .path("env")
        .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    assertEquals("disabled", env.get("QUARKUS_HTTP_INSECURE_REQUESTS"), "plain HTTP is off");
    assertFalse(env.containsKey("QUARKUS_HTTP_PORT"));
    assertFalse(env.containsKey("QUARKUS_MANAGEMENT_PORT"), "the policy names 9000");

    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      JsonNode get = container().path(probe).path("httpGet");
      assertEquals("metrics", get.path("port").asText(), probe);
      assertEquals("HTTP", get.path("scheme").asText("HTTP"), probe);
      assertTrue(get.path("path").asText().startsWith("/q/health/"), probe);
    }
    JsonNode service = one("Service").at("/spec/ports");
    assertEquals(1, service.size(), "the Service exposes the webhook only");
    assertEquals(443, service.get(0).path("port").asInt());
    assertEquals("https", service.get(0).path("targetPort").asText());
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
