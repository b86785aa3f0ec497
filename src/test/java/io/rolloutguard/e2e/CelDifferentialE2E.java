package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.rolloutguard.tls.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every admission fixture that is a create or update of an object, sent as a real {@code
 * ?dryRun=All} request through two paths on the real API server: rollout-guard's webhooks alone
 * (the app the test framework starts), and the CEL policies of manifests/overlays/cel with the
 * state-only webhooks (a second copy of the packaged app with {@code rolloutguard.cel.enabled}).
 * Both paths are active at once, each for namespaces labelled {@code rolloutguard.io/diff}; every
 * fixture gets its own pair of namespaces. Fails on any difference in allowed/denied (the status
 * code) or in the stored object. Warnings may differ in wording and are not compared.
 *
 * <p>Both apps run without the cluster cache (webhook only): the stateful rules are the same code
 * on both paths, and the cache's sync timing must not decide the comparison.
 *
 * <p>Fixtures that cannot be sent as a real request:
 *
 * <table>
 *   <tr><th>fixture</th><th>why</th></tr>
 *   <tr><td>deployment-kube-system-exempt</td><td>kube-system is exempt by name on both paths;
 *   this test routes requests to a path by a namespace label, which kube-system cannot carry for
 *   both paths. CelPolicyGeneratorTest checks that the bindings leave it out.</td></tr>
 *   <tr><td>deployment-update-scale-legacy</td><td>its old object has minReadySeconds equal to
 *   progressDeadlineSeconds, which the API server's own validation rejects: it cannot be stored to
 *   be updated.</td></tr>
 * </table>
 *
 * <p>src/test/resources/cel-differential adds updates the fixtures lack: legacy violations that
 * only warn when the old object already had them (PolicyEngine's grandfathering), and updates that
 * introduce one.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = E2EWebhookOnlyApp.class, restrictToAnnotatedClass = true)
class CelDifferentialE2E {

  static final Map<String, String> SKIPPED =
      Map.of(
          "deployment-kube-system-exempt.json",
          "kube-system is exempt by name on both paths and cannot carry the routing label",
          "deployment-update-scale-legacy.json",
          "its old object has minReadySeconds = progressDeadlineSeconds, which the API server's"
              + " own validation rejects, so it cannot be stored to be updated");
  static final String LABEL = "rolloutguard.io/diff";
  static final String CEL_WEBHOOKS = "rollout-guard-cel";
  static final List<Path> FIXTURES =
      List.of(
          Path.of("src/test/resources/admission"), Path.of("src/test/resources/cel-differential"));
  static final Path POLICIES = Path.of("manifests/overlays/cel/policies.yaml");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String MANAGER = "celdiff";

  static KubernetesClient k;
  static Process celApp;

  @BeforeAll
  static void setUp() throws Exception {
    RealCluster cluster = RealCluster.get();
    k = cluster.client();
    int celPort = TestCertificates.freePort();
    TestCertificates.Served served =
        TestCertificates.write(
            RealCluster.DIR.resolve("app-tls-cel"),
            "rollout-guard e2e CEL webhook CA",
            List.of("127.0.0.1", "localhost"));
    celApp = startCelApp(celPort, served, cluster.serviceAccountKubeconfig());
    registerWebhooks("rollout-guard", "webhook", E2EApp.port, E2EApp.caPem());
    registerWebhooks(CEL_WEBHOOKS, "cel", celPort, served.ca().certificatePem());
    applyPolicies();
    Awaitility.await("CEL app serving")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> new Socket("127.0.0.1", celPort).isConnected());
  }

  @AfterAll
  static void tearDown() {
    Webhooks.unregister(k);
    k.admissionRegistration().v1().mutatingWebhookConfigurations().withName(CEL_WEBHOOKS).delete();
    k.admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName(CEL_WEBHOOKS)
        .delete();
    RealCluster.kubectl("delete", "--ignore-not-found", "-f", POLICIES.toString());
    if (celApp != null) {
      celApp.destroy();
    }
  }

  @Test
  void webhooksAloneAndCelPoliciesAgreeOnEveryFixture() throws Exception {
    List<String> compared = new ArrayList<>();
    List<String> disagreements = new ArrayList<>();
    int index = 0;
    for (Path fixture : fixtures()) {
      String name = fixture.getFileName().toString();
      if (SKIPPED.containsKey(name)) {
        continue;
      }
      JsonNode request = JSON.readTree(fixture.toFile()).path("request");
      String ns = "celdiff-" + index++;
      Answer webhook = send(request, ns + "-w", "webhook");
      Answer cel = send(request, ns + "-c", "cel");
      compared.add(name + ": " + webhook.code);
      if (!webhook.equals(cel)) {
        disagreements.add(name + "\n  webhooks: " + webhook + "\n  cel:      " + cel);
      }
    }
    System.out.println(
        "CEL differential, HTTP status per fixture:\n  " + String.join("\n  ", compared));

    assertEquals(List.of(), disagreements);
    assertEquals(fixtures().size() - SKIPPED.size(), compared.size());
    assertTrue(compared.stream().anyMatch(c -> c.endsWith(": 403")), "some fixture is denied");
    assertTrue(compared.stream().anyMatch(c -> c.endsWith(": 201")), "some fixture is admitted");
  }

  /** The status code and, when admitted, the object as it would be stored, normalised. */
  record Answer(int code, String stored) {
    @Override
    public String toString() {
      return code + " " + stored;
    }
  }

  private static Answer send(JsonNode request, String namespace, String path) throws Exception {
    prepareNamespace(namespace, path);
    String operation = request.path("operation").asText();
    JsonNode resource = request.path("resource");
    String collection = collection(resource, namespace);
    ObjectNode object = forNamespace(request.path("object"), namespace);
    String sub = request.path("subResource").asText("");
    String url;
    String method;
    if ("UPDATE".equals(operation)) {
      ObjectNode old = forNamespace(request.path("oldObject"), namespace);
      HttpResponse<String> created = http("POST", collection, old);
      assertTrue(created.code() == 201, "creating the old object: " + created.body());
      // No resourceVersion: an unconditional update, as the controllers write status meanwhile.
      url = collection + "/" + object.path("metadata").path("name").asText();
      url += sub.isEmpty() ? "" : "/" + sub;
      method = "PUT";
    } else {
      url = collection;
      method = "POST";
    }
    awaitRouted(namespace, path);
    HttpResponse<String> answer = http(method, url + "?dryRun=All&fieldManager=" + MANAGER, object);
    return new Answer(answer.code(), answer.code() < 300 ? normalise(answer.body()) : "");
  }

  /**
   * A namespace for one fixture on one path: ignored while the old object of an UPDATE is created
   * (no admission of ours), then routed to the path.
   */
  private static void prepareNamespace(String namespace, String path) {
    k.namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .addToLabels(LABEL, path)
                .addToLabels("rolloutguard.io/ignore", "true")
                .endMetadata()
                .build())
        .serverSideApply();
    Awaitility.await("default ServiceAccount in " + namespace)
        .atMost(Duration.ofSeconds(60))
        .until(() -> k.serviceAccounts().inNamespace(namespace).withName("default").get() != null);
  }

  /**
   * Lifts the ignore label and waits until the path both mutates and denies in the namespace: the
   * API server's namespace cache and the policies load asynchronously.
   */
  private static void awaitRouted(String namespace, String path) {
    k.namespaces()
        .withName(namespace)
        .edit(
            n -> {
              n.getMetadata().getLabels().remove("rolloutguard.io/ignore");
              return n;
            });
    String deployments = "/apis/apps/v1/namespaces/" + namespace + "/deployments";
    Awaitility.await(path + " active in " + namespace)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              HttpResponse<String> bad =
                  http("POST", deployments + "?dryRun=All", probe("Bad_Image", "IfNotPresent"));
              HttpResponse<String> mutable =
                  http("POST", deployments + "?dryRun=All", probe("busybox", "IfNotPresent"));
              return bad.code() == 403
                  && mutable.code() == 201
                  && mutable.body().contains("\"imagePullPolicy\":\"Always\"");
            });
  }

  private static ObjectNode probe(String image, String pullPolicy) throws IOException {
    return (ObjectNode)
        JSON.readTree(
            """
            {"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": "route-probe"},
             "spec": {"replicas": 1, "selector": {"matchLabels": {"app": "probe"}},
              "template": {"metadata": {"labels": {"app": "probe"}},
               "spec": {"containers": [{"name": "probe", "image": "%s", "imagePullPolicy": "%s"}]}}}}
            """
                .formatted(image, pullPolicy));
  }

  private static String collection(JsonNode resource, String namespace) {
    String group = resource.path("group").asText("");
    String version = resource.path("version").asText();
    String prefix = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    return prefix + "/namespaces/" + namespace + "/" + resource.path("resource").asText();
  }

  /** The fixture's object in the test namespace, without what only a stored object has. */
  private static ObjectNode forNamespace(JsonNode node, String namespace) {
    ObjectNode object = node.deepCopy();
    ObjectNode metadata = object.with("metadata");
    metadata.put("namespace", namespace);
    for (String field : List.of("uid", "resourceVersion", "creationTimestamp", "managedFields")) {
      metadata.remove(field);
    }
    object.remove("status");
    return object;
  }

  /**
   * Drops what differs by request, namespace or controller timing alone: ids, times, generated
   * volume names, the status (the PUT to /status of the fixture sends none, so none is compared).
   */
  static String normalise(String body) throws IOException {
    ObjectNode object = (ObjectNode) JSON.readTree(body);
    ObjectNode metadata = object.with("metadata");
    for (String field : List.of("uid", "resourceVersion", "creationTimestamp", "namespace")) {
      metadata.remove(field);
    }
    // Only this request's own field manager: controllers write status (and own those fields)
    // whenever they run, which is neither path's doing.
    if (metadata.get("managedFields") instanceof ArrayNode managed) {
      List<JsonNode> entries = new ArrayList<>();
      managed.forEach(
          m -> {
            if (MANAGER.equals(m.path("manager").asText())) {
              entries.add(((ObjectNode) m).without("time"));
            }
          });
      managed.removeAll().addAll(entries);
    }
    object.remove("status");
    return JSON.writeValueAsString(object)
        .replaceAll("kube-api-access-[a-z0-9]{5}", "kube-api-access");
  }

  private static HttpResponse<String> http(String method, String path, JsonNode body)
      throws Exception {
    HttpRequest.Builder builder =
        k.getHttpClient()
            .newHttpRequestBuilder()
            .uri(k.getMasterUrl().toString().replaceAll("/$", "") + path);
    String json = JSON.writeValueAsString(body);
    builder =
        "PUT".equals(method)
            ? builder.put("application/json", json)
            : builder.post("application/json", json);
    return k.getHttpClient().sendAsync(builder.build(), String.class).get();
  }

  private static List<Path> fixtures() throws IOException {
    List<Path> all = new ArrayList<>();
    for (Path dir : FIXTURES) {
      try (Stream<Path> files = Files.list(dir)) {
        all.addAll(files.filter(f -> f.toString().endsWith(".json")).sorted().toList());
      }
    }
    return all;
  }

  /** The webhook configurations of manifests/base, renamed and routed to one path's namespaces. */
  private static void registerWebhooks(String name, String path, int port, String caPem) {
    String caBundle = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8));
    List<HasMetadata> items;
    try (var in = Files.newInputStream(Webhooks.MANIFEST)) {
      items = k.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LabelSelectorRequirement routed =
        new LabelSelectorRequirementBuilder()
            .withKey(LABEL)
            .withOperator("In")
            .withValues(path)
            .build();
    for (HasMetadata item : items) {
      item.getMetadata().setName(name);
      if (item instanceof MutatingWebhookConfiguration m) {
        m.getWebhooks()
            .forEach(
                w -> {
                  w.setClientConfig(url(port, "/mutate", caBundle));
                  w.getNamespaceSelector().getMatchExpressions().add(routed);
                });
      } else if (item instanceof ValidatingWebhookConfiguration v) {
        v.getWebhooks()
            .forEach(
                w -> {
                  w.setClientConfig(url(port, "/validate", caBundle));
                  w.getNamespaceSelector().getMatchExpressions().add(routed);
                });
      }
      k.resource(item).forceConflicts().serverSideApply();
    }
  }

  private static WebhookClientConfig url(int port, String path, String caBundle) {
    WebhookClientConfig config = new WebhookClientConfig();
    config.setUrl("https://127.0.0.1:" + port + path);
    config.setCaBundle(caBundle);
    return config;
  }

  /** The checked-in CEL overlay, its bindings routed to the CEL path's namespaces. */
  private static void applyPolicies() throws IOException {
    var yaml = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
    List<JsonNode> docs =
        yaml.readValues(yaml.getFactory().createParser(POLICIES.toFile()), JsonNode.class)
            .readAll();
    for (JsonNode doc : docs) {
      if (doc.path("kind").asText().endsWith("Binding")) {
        ((ArrayNode) doc.at("/spec/matchResources/namespaceSelector/matchExpressions"))
            .addObject()
            .put("key", LABEL)
            .put("operator", "In")
            .putArray("values")
            .add("cel");
      }
      Path file = Files.createTempFile(RealCluster.DIR, "cel-policy", ".json");
      Files.writeString(file, JSON.writeValueAsString(doc));
      RealCluster.kubectl("apply", "--server-side", "--force-conflicts", "-f", file.toString());
    }
  }

  /** A second copy of the packaged app, serving only the stateful rules. */
  private static Process startCelApp(int port, TestCertificates.Served served, Path kubeconfig)
      throws IOException {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("quarkus.http.ssl.certificate.files", served.cert().toString());
    properties.put("quarkus.http.ssl.certificate.key-files", served.key().toString());
    properties.put("quarkus.http.ssl-port", String.valueOf(port));
    properties.put("quarkus.http.port", String.valueOf(TestCertificates.freePort()));
    properties.put("quarkus.management.port", String.valueOf(TestCertificates.freePort()));
    properties.put("kubeconfig", kubeconfig.toString());
    properties.put("rolloutguard.controller.enabled", "false");
    properties.put("rolloutguard.namespace", RealCluster.APP_NAMESPACE);
    properties.put("rolloutguard.cel.enabled", "true");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(RealCluster.DIR.resolve("app-cel.log").toFile())
        .start();
  }
}
