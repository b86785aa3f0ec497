package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders manifests/ and its overlays with kustomize (kubectl from the e2e build) and checks what a
 * platform team needs to install a webhook safely; then applies the base with a server dry run.
 */
class ManifestsE2E {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> EXCLUDED =
      Set.of("kube-system", "kube-public", "kube-node-lease", "rollout-guard");
  private static final Set<String> COVERED =
      Set.of(
          "apps/v1/deployments",
          "apps/v1/replicasets",
          "apps/v1/statefulsets",
          "apps/v1/daemonsets",
          "/v1/pods",
          "/v1/pods/ephemeralcontainers",
          "/v1/services",
          "/v1/replicationcontrollers",
          "batch/v1/jobs",
          "batch/v1/cronjobs");

  @BeforeAll
  static void cluster() {
    RealCluster.get();
  }

  static List<JsonNode> render(String dir) throws Exception {
    String yaml = RealCluster.kubectl("kustomize", dir);
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(yaml)) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    return docs;
  }

  static List<JsonNode> ofKind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  static JsonNode named(List<JsonNode> docs, String kind, String name) {
    List<JsonNode> found =
        ofKind(docs, kind).stream()
            .filter(d -> name.equals(d.path("metadata").path("name").asText()))
            .toList();
    assertEquals(1, found.size(), kind + " " + name);
    return found.get(0);
  }

  private static String env(JsonNode deployment) {
    return deployment.at("/spec/template/spec/containers/0/env").toString();
  }

  static JsonNode one(List<JsonNode> docs, String kind) {
    List<JsonNode> found = ofKind(docs, kind);
    assertEquals(1, found.size(), "expected one " + kind);
    return found.get(0);
  }

  static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "manifests",
        "manifests/overlays/fail-open",
        "manifests/overlays/cert-manager",
        "manifests/overlays/without-policyreport-crd",
        "manifests/overlays/cel"
      })
  void rendersWithSafeWebhooks(String dir) throws Exception {
    List<JsonNode> docs = render(dir);
    boolean failOpen = dir.endsWith("fail-open");

    JsonNode mutating = one(docs, "MutatingWebhookConfiguration").path("webhooks").get(0);
    JsonNode validating = one(docs, "ValidatingWebhookConfiguration").path("webhooks");
    JsonNode strict = validating.get(0);
    JsonNode unowned = validating.get(1);
    assertEquals("Ignore", mutating.path("failurePolicy").asText());
    assertEquals(failOpen ? "Ignore" : "Fail", strict.path("failurePolicy").asText());
    assertEquals("Ignore", unowned.path("failurePolicy").asText(), "bare pods never blocked");
    assertEquals("IfNeeded", mutating.path("reinvocationPolicy").asText());
    for (JsonNode webhook : List.of(mutating, strict, unowned)) {
      assertEquals("None", webhook.path("sideEffects").asText());
      assertEquals(List.of("v1"), texts(webhook.path("admissionReviewVersions")));
      assertTrue(webhook.path("timeoutSeconds").asInt(30) <= 5);
      assertExclusions(webhook.path("namespaceSelector"));
      assertEquals(
          "not-from-a-trusted-controller",
          webhook.path("matchConditions").get(0).path("name").asText(),
          "controllers' pods and ReplicaSets must never wait on rollout-guard");
    }
    // With the CEL policies in the API server only RG004 mutates, and only Deployments.
    assertRules(
        List.of(mutating.path("rules")),
        dir.endsWith("cel") ? Set.of("apps/v1/deployments") : COVERED);
    Set<String> validated = new TreeSet<>(COVERED);
    validated.add("rolloutguard.io/v1alpha1/rolloutpolicies"); // RG006
    assertRules(List.of(strict.path("rules"), unowned.path("rules")), validated);
    assertTrue(
        texts(unowned.path("rules").get(0).path("resources")).contains("replicasets"),
        "bare ReplicaSets fail open");
  }

  /** The base's own admission policies, bound in every namespace. */
  static final Set<String> BASE_POLICIES =
      Set.of("rollout-guard-ignore-label", "rollout-guard-policy-author");

  /** The CEL overlay: the policies, bound outside the exempt namespaces, and the app's switch. */
  @Test
  void celOverlayAddsThePoliciesAndTurnsTheWebhooksRulesOff() throws Exception {
    List<JsonNode> docs = render("manifests/overlays/cel");

    assertEquals(1, ofKind(docs, "MutatingAdmissionPolicy").size());
    // The base's own two (ignore label, policy author) and the overlay's two.
    assertEquals(4, ofKind(docs, "ValidatingAdmissionPolicy").size());
    for (String kind :
        List.of("MutatingAdmissionPolicyBinding", "ValidatingAdmissionPolicyBinding")) {
      for (JsonNode binding : ofKind(docs, kind)) {
        // The base's own policies (ignore label, policy author) hold in every namespace.
        String policy = binding.at("/spec/policyName").asText();
        if (!BASE_POLICIES.contains(policy)) {
          assertExclusions(binding.at("/spec/matchResources/namespaceSelector"));
        }
      }
    }
    String celEnabled = "{\"name\":\"ROLLOUTGUARD_CEL_ENABLED\",\"value\":\"true\"}";
    String celApply = "{\"name\":\"ROLLOUTGUARD_CEL_APPLY\",\"value\":\"true\"}";
    // Both roles leave the stateless rules to CEL; only the controller may write the policies.
    String admission = env(named(docs, "Deployment", "rollout-guard"));
    assertTrue(admission.contains(celEnabled), admission);
    assertFalse(admission.contains("ROLLOUTGUARD_CEL_APPLY"), admission);
    String controller = env(named(docs, "Deployment", "rollout-guard-controller"));
    assertTrue(controller.contains(celEnabled), controller);
    assertTrue(controller.contains(celApply), controller);
    // Only RG004 mutates once CEL has the stateless rules, and only Deployments.
    JsonNode mutating = one(docs, "MutatingWebhookConfiguration").at("/webhooks/0/rules");
    assertEquals(1, mutating.size(), mutating.toString());
    assertEquals(List.of("deployments"), texts(mutating.get(0).path("resources")));
  }

  /** kustomize would give the base's namespace to kinds it does not know are cluster-scoped. */
  @ParameterizedTest
  @ValueSource(strings = {"manifests", "manifests/overlays/cel"})
  void admissionPoliciesGetNoNamespace(String dir) throws Exception {
    List<JsonNode> docs = render(dir);
    for (JsonNode doc : docs) {
      if (doc.path("kind").asText().contains("AdmissionPolicy")) {
        assertTrue(doc.at("/metadata/namespace").isMissingNode(), doc.path("metadata").toString());
      }
    }
    assertEquals(
        1,
        ofKind(docs, "ValidatingAdmissionPolicy").stream()
            .filter(p -> "rollout-guard-policy-author".equals(p.at("/metadata/name").asText()))
            .count());
  }

  private static void assertExclusions(JsonNode selector) {
    boolean names = false;
    boolean label = false;
    for (JsonNode e : selector.path("matchExpressions")) {
      if ("kubernetes.io/metadata.name".equals(e.path("key").asText())) {
        names =
            "NotIn".equals(e.path("operator").asText())
                && texts(e.path("values")).containsAll(EXCLUDED);
      }
      if ("rolloutguard.io/ignore".equals(e.path("key").asText())) {
        label =
            "NotIn".equals(e.path("operator").asText()) && texts(e.path("values")).contains("true");
      }
    }
    assertTrue(names, "control-plane and own namespaces must be excluded: " + selector);
    assertTrue(label, "rolloutguard.io/ignore=true must be excluded: " + selector);
  }

  private static void assertRules(List<JsonNode> ruleLists, Set<String> covered) {
    Set<String> resources = new TreeSet<>();
    for (JsonNode rule :
        ruleLists.stream().flatMap(r -> StreamSupport.stream(r.spliterator(), false)).toList()) {
      assertEquals(List.of("CREATE", "UPDATE"), texts(rule.path("operations")));
      for (String group : texts(rule.path("apiGroups"))) {
        for (String version : texts(rule.path("apiVersions"))) {
          for (String resource : texts(rule.path("resources"))) {
            resources.add(group + "/" + version + "/" + resource);
          }
        }
      }
    }
    assertEquals(new TreeSet<>(covered), resources);
  }

  @Test
  void rbacHasNoWildcards() throws Exception {
    List<JsonNode> docs = render("manifests");
    List<JsonNode> roles = new ArrayList<>(ofKind(docs, "ClusterRole"));
    roles.addAll(ofKind(docs, "Role"));
    assertFalse(roles.isEmpty());
    for (JsonNode role : roles) {
      for (JsonNode rule : role.path("rules")) {
        for (String field : List.of("apiGroups", "resources", "verbs", "resourceNames")) {
          assertFalse(
              texts(rule.path(field)).contains("*"),
              role.path("metadata").path("name") + ": " + rule);
        }
        assertTrue(
            !texts(rule.path("verbs")).contains("delete")
                || texts(rule.path("resources")).equals(List.of("policyreports")),
            "rollout-guard deletes nothing but its own PolicyReports: " + rule);
      }
    }
  }

  @Test
  void thePolicyReportCrdShipsInTheBaseAndAnOverlayLeavesItOut() throws Exception {
    List<JsonNode> base = render("manifests");
    List<JsonNode> without = render("manifests/overlays/without-policyreport-crd");

    JsonNode crd =
        ofKind(base, "CustomResourceDefinition").stream()
            .filter(
                c ->
                    "policyreports.wgpolicyk8s.io".equals(c.path("metadata").path("name").asText()))
            .findFirst()
            .orElseThrow();
    assertEquals("v1alpha2", crd.path("spec").path("versions").get(0).path("name").asText());
    List<JsonNode> rest = new ArrayList<>(base);
    rest.remove(crd);
    assertEquals(rest, without, "the overlay is the base without that CRD");
  }

  @Test
  void deploymentsAreHighlyAvailableAndLockedDown() throws Exception {
    List<JsonNode> docs = render("manifests");
    assertEquals(2, ofKind(docs, "Deployment").size(), "admission and controller");
    for (String name : List.of("rollout-guard", "rollout-guard-controller")) {
      lockedDown(docs, named(docs, "Deployment", name));
    }
    String ports = "/spec/template/spec/containers/0/ports";
    JsonNode port = one(docs, "Service").path("spec").path("ports").get(0);
    assertEquals(443, port.path("port").asInt());
    assertEquals("https", port.path("targetPort").asText());
    assertTrue(named(docs, "Deployment", "rollout-guard").at(ports).toString().contains("8443"));
    JsonNode controller = named(docs, "Deployment", "rollout-guard-controller");
    assertFalse(controller.at(ports).toString().contains("8443"), "the controller: no webhook");
    assertEquals(1, one(docs, "Service").path("spec").path("ports").size(), "the webhook only");
    assertEquals(2, ofKind(docs, "NetworkPolicy").size(), "one per role");
  }

  private static void lockedDown(List<JsonNode> docs, JsonNode deployment) {
    String name = deployment.path("metadata").path("name").asText();
    JsonNode pod = deployment.path("spec").path("template").path("spec");
    JsonNode container = pod.path("containers").get(0);
    JsonNode security = container.path("securityContext");

    assertTrue(deployment.path("spec").path("replicas").asInt() >= 2, name);
    assertEquals("system-cluster-critical", pod.path("priorityClassName").asText());
    assertTrue(pod.path("topologySpreadConstraints").toString().contains("kubernetes.io/hostname"));
    assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
    assertEquals(
        "RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText());
    assertTrue(security.path("readOnlyRootFilesystem").asBoolean());
    assertTrue(security.path("runAsNonRoot").asBoolean());
    assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true));
    assertEquals(List.of("ALL"), texts(security.path("capabilities").path("drop")));
    assertEquals(
        "/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());
    assertEquals(
        "/q/health/ready", container.path("readinessProbe").path("httpGet").path("path").asText());
    // Probed on the management port; admission's ReadinessCheck is UP once the webhook served.
    assertEquals("metrics", container.path("readinessProbe").path("httpGet").path("port").asText());
    assertFalse(container.path("resources").path("requests").isMissingNode());
    assertEquals(
        name,
        deployment.path("spec").path("template").path("spec").path("serviceAccountName").asText(),
        "each role has its own ServiceAccount");

    JsonNode pdb = named(docs, "PodDisruptionBudget", name);
    assertEquals(1, pdb.path("spec").path("minAvailable").asInt());
    assertEquals(deployment.path("spec").path("selector"), pdb.path("spec").path("selector"));
  }

  @Test
  void theBaseAppliesWithAServerDryRun() throws Exception {
    String out = RealCluster.kubectl("apply", "--dry-run=server", "-k", "manifests/");

    assertTrue(
        out.contains("deployment.apps/rollout-guard created (server dry run)")
            || out.contains("deployment.apps/rollout-guard configured (server dry run)"),
        out);
    assertTrue(
        out.contains("deployment.apps/rollout-guard-controller created (server dry run)")
            || out.contains("deployment.apps/rollout-guard-controller configured (server dry run)"),
        out);
    assertTrue(
        out.contains("validatingwebhookconfiguration.admissionregistration.k8s.io/rollout-guard"),
        out);
    assertTrue(
        out.contains("customresourcedefinition.apiextensions.k8s.io/policyreports.wgpolicyk8s.io"),
        out);
  }
}
