package io.rolloutguard.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * kustomize, no cluster): each role's NetworkPolicy admits exactly its container's ports, the only
 * plain-HTTP port is the management interface's, and the controller pods, which hold the write
 * rights, are reached neither by the Service nor on the webhook port.
 */
class NetworkSurfaceTest {

  private static List<JsonNode> docs;
  private static Properties app;

  @BeforeAll
  static void read() throws IOException {
    docs = BaseManifests.all();
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

  private static JsonNode deployment(String name) {
    return BaseManifests.named(docs, "Deployment", name);
  }

  private static JsonNode container() {
    return BaseManifests.container(deployment(BaseManifests.ADMISSION));
  }

  /** A container's declared ports, name to number. */
  private static Map<String, Integer> declaredPorts(String deployment) {
    Map<String, Integer> ports = new TreeMap<>();
    for (JsonNode p : BaseManifests.container(deployment(deployment)).path("ports")) {
      assertEquals("TCP", p.path("protocol").asText("TCP"));
      ports.put(p.path("name").asText(), p.path("containerPort").asInt());
    }
    return ports;
  }

  private static int property(String key) {
    return Integer.parseInt(app.getProperty(key));
  }

  @Test
  void eachRolesNetworkPolicyAdmitsExactlyItsContainersPorts() {
    for (String role : List.of(BaseManifests.ADMISSION, BaseManifests.CONTROLLER)) {
      assertEquals(new TreeSet<>(declaredPorts(role).values()), admitted(role), role);
    }
  }

  /** The controller pods hold the write rights: no Service reaches them, no policy admits 8443. */
  @Test
  void theControllerPodsAreReachedOnTheManagementPortOnly() {
    JsonNode controllerPods = podLabels(BaseManifests.CONTROLLER);
    JsonNode admissionPods = podLabels(BaseManifests.ADMISSION);
    for (JsonNode service : BaseManifests.ofKind(docs, "Service")) {
      assertFalse(
          BaseManifests.selects(service.at("/spec/selector"), controllerPods),
          "Service " + service.at("/metadata/name").asText() + " selects the controller pods");
    }
    assertTrue(BaseManifests.selects(one("Service").at("/spec/selector"), admissionPods));
    assertEquals(Set.of(property("quarkus.management.port")), admitted(BaseManifests.CONTROLLER));
    assertEquals(Map.of("metrics", 9000), declaredPorts(BaseManifests.CONTROLLER));
    JsonNode env = BaseManifests.container(deployment(BaseManifests.CONTROLLER)).path("env");
    List<String> hostEnabled = new ArrayList<>();
    env.forEach(
        e -> {
          if ("QUARKUS_HTTP_HOST_ENABLED".equals(e.path("name").asText())) {
            hostEnabled.add(e.path("value").asText());
          }
        });
    assertEquals(List.of("false"), hostEnabled, "the controller's HTTP server listens nowhere");
  }

  private static JsonNode podLabels(String deployment) {
    return deployment(deployment).at("/spec/template/metadata/labels");
  }

  /** The ports that the NetworkPolicies selecting these pods admit; there must be one at least. */
  private static Set<Integer> admitted(String deployment) {
    JsonNode pods = podLabels(deployment);
    List<JsonNode> policies =
        BaseManifests.ofKind(docs, "NetworkPolicy").stream()
            .filter(p -> BaseManifests.selects(p.at("/spec/podSelector/matchLabels"), pods))
            .toList();
    assertFalse(policies.isEmpty(), "no NetworkPolicy selects the pods of " + deployment);
    Set<Integer> admitted = new TreeSet<>();
    Map<String, Integer> declared = declaredPorts(deployment);
    for (JsonNode policy : policies) {
      assertFalse(policy.at("/spec/podSelector/matchLabels").isEmpty(), "not every pod");
      assertTrue(texts(policy.at("/spec/policyTypes")).contains("Ingress"));
      admitted.addAll(admitted(policy, declared));
    }
    return admitted;
  }

  private static Set<Integer> admitted(JsonNode policy, Map<String, Integer> declared) {
    Set<Integer> admitted = new TreeSet<>();
    for (JsonNode rule : policy.at("/spec/ingress")) {
      assertFalse(rule.path("ports").isEmpty(), "a rule without ports admits every port: " + rule);
      for (JsonNode p : rule.path("ports")) {
        assertEquals("TCP", p.path("protocol").asText("TCP"));
        assertTrue(p.path("endPort").isMissingNode(), "no port ranges: " + p);
        JsonNode port = p.path("port");
        admitted.add(port.isInt() ? port.asInt() : declared.get(port.asText()));
      }
    }
    return admitted;
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
    assertEquals(
        Map.of("https", tls, "metrics", management), declaredPorts(BaseManifests.ADMISSION));

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
