package io.rolloutguard.manifests;

import static io.rolloutguard.manifests.BaseManifests.ADMISSION;
import static io.rolloutguard.manifests.BaseManifests.CONTROLLER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Least privilege by role, read from manifests/base: the admission ServiceAccount (the pods the
 * network reaches) may only read, and each role holds exactly the grants the table below says it
 * uses. A grant added to the manifests without a row here, or a row whose grant is gone, fails.
 */
class RbacByRoleTest {

  private static final String TLS_SECRET = "rollout-guard-tls";
  private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");

  /** {@code serviceAccount group/resource[/name] verbs: who uses them}, one row per grant. */
  private static final List<String> USED =
      List.of(
          // The admission caches (ClusterCache's informers: list, then watch).
          ADMISSION + " apps/deployments list,watch: ClusterCache, RG002/RG004/RG005",
          ADMISSION + " apps/replicasets list,watch: ClusterCache, RG002",
          ADMISSION + " apps/statefulsets list,watch: ClusterCache, RG002",
          ADMISSION + " apps/daemonsets list,watch: ClusterCache, RG002",
          ADMISSION + " /pods list,watch: ClusterCache (pods with pod-template-hash)",
          ADMISSION + " /replicationcontrollers list,watch: ClusterCache, RG002",
          ADMISSION + " batch/jobs list,watch: ClusterCache, RG002",
          ADMISSION + " rolloutguard.io/rolloutpolicies list,watch: ClusterCache, RG004-RG006",
          // Self-managed TLS, read-only: TlsSecretReader (get), SelfManagedTls' watch by name.
          ADMISSION + " /secrets/rollout-guard-tls get,watch: SelfManagedTls (read-only)",
          // The controller: the same caches, and every write.
          CONTROLLER + " apps/deployments get,list,watch,patch: DeploymentActions (ConflictRetry)",
          CONTROLLER + " apps/replicasets get,list,watch,patch: DeploymentActions.scaleDown",
          CONTROLLER + " apps/statefulsets get,list,watch: ClusterCache, the audit's RG002",
          CONTROLLER + " apps/daemonsets get,list,watch: ClusterCache, the audit's RG002",
          CONTROLLER + " /pods get,list,watch: ClusterCache, PodAnalysis",
          CONTROLLER + " /replicationcontrollers get,list,watch: ClusterCache, the audit",
          CONTROLLER + " batch/jobs get,list,watch: ClusterCache, the audit",
          CONTROLLER + " /events create,get,patch: EventRecorder",
          CONTROLLER + " rolloutguard.io/rolloutpolicies get,list,watch,patch,update: the SDK",
          CONTROLLER + " rolloutguard.io/rolloutpolicies/status get,patch,update: the status",
          CONTROLLER + " rolloutguard.io/rolloutpolicies/finalizers update: the finalizer",
          CONTROLLER + " wgpolicyk8s.io/policyreports get,list,create,patch,delete: ReportStore",
          CONTROLLER + " coordination.k8s.io/leases create: leader election, the first lease",
          CONTROLLER
              + " coordination.k8s.io/leases/rollout-guard-controller get,update,patch:"
              + " leader election, LeaseRelease",
          CONTROLLER + " /secrets create: SelfManagedTls.ensure, the first Secret",
          CONTROLLER + " /secrets/rollout-guard-tls get,watch,update: SelfManagedTls",
          CONTROLLER
              + " admissionregistration.k8s.io/mutatingwebhookconfigurations/rollout-guard"
              + " get,patch: CaBundles",
          CONTROLLER
              + " admissionregistration.k8s.io/validatingwebhookconfigurations/rollout-guard"
              + " get,patch: CaBundles");

  /** One line per granted verb: {@code serviceAccount group/resource[/name] verb}. */
  static Set<String> grants(List<JsonNode> docs) {
    Set<String> grants = new TreeSet<>();
    for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
      for (JsonNode binding : BaseManifests.ofKind(docs, kind)) {
        JsonNode role =
            BaseManifests.named(
                docs, binding.at("/roleRef/kind").asText(), binding.at("/roleRef/name").asText());
        for (JsonNode subject : binding.path("subjects")) {
          assertEquals("ServiceAccount", subject.path("kind").asText());
          role.path("rules").forEach(rule -> add(grants, subject.path("name").asText(), rule));
        }
      }
    }
    return grants;
  }

  private static void add(Set<String> grants, String account, JsonNode rule) {
    List<String> names = texts(rule.path("resourceNames"));
    for (String group : texts(rule.path("apiGroups"))) {
      for (String resource : texts(rule.path("resources"))) {
        for (String name : names.isEmpty() ? List.of("") : names) {
          for (String verb : texts(rule.path("verbs"))) {
            String target = group + "/" + resource + (name.isEmpty() ? "" : "/" + name);
            grants.add(account + " " + target + " " + verb);
          }
        }
      }
    }
  }

  private static Set<String> used() {
    Set<String> grants = new TreeSet<>();
    for (String row : USED) {
      String[] parts = row.substring(0, row.indexOf(':')).split(" ");
      for (String verb : parts[2].split(",")) {
        grants.add(parts[0] + " " + parts[1] + " " + verb);
      }
    }
    return grants;
  }

  @Test
  void eachRoleHoldsExactlyTheGrantsItUses() {
    assertEquals(used(), grants(BaseManifests.all()));
  }

  @Test
  void theAdmissionServiceAccountOnlyReads() {
    Set<String> admission =
        grants(BaseManifests.all()).stream()
            .filter(g -> g.startsWith(ADMISSION + " "))
            .collect(Collectors.toCollection(TreeSet::new));
    assertFalse(admission.isEmpty());
    for (String grant : admission) {
      String[] parts = grant.split(" ");
      assertTrue(READ_VERBS.contains(parts[2]), "admission may only read: " + grant);
      if (parts[1].startsWith("/secrets")) {
        assertEquals("/secrets/" + TLS_SECRET, parts[1], "no Secret but the TLS one: " + grant);
      }
    }
  }

  @Test
  void wildcardsAreNeverGranted() {
    for (String grant : grants(BaseManifests.all())) {
      assertFalse(grant.contains("*"), grant);
    }
  }

  /**
   * cert-manager writes the Secret and injects caBundle: its overlay deletes every object of
   * rbac-tls.yaml, and with them every grant on secrets and webhook configurations.
   */
  @Test
  void theCertManagerOverlayDropsTheSelfManagedTlsRights() {
    Set<String> tlsObjects = ids(BaseManifests.read(BaseManifests.BASE.resolve("rbac-tls.yaml")));
    List<JsonNode> deletes =
        BaseManifests.read(
            Path.of("manifests/overlays/cert-manager/without-self-managed-tls-rbac.yaml"));
    deletes.forEach(d -> assertEquals("delete", d.path("$patch").asText(), d.toString()));
    assertEquals(tlsObjects, ids(deletes));

    List<JsonNode> remaining =
        BaseManifests.all().stream().filter(d -> !tlsObjects.contains(id(d))).toList();
    for (String grant : grants(remaining)) {
      assertFalse(grant.contains("/secrets"), grant);
      assertFalse(grant.contains("webhookconfigurations"), grant);
    }
  }

  private static Set<String> ids(List<JsonNode> docs) {
    return docs.stream().map(RbacByRoleTest::id).collect(Collectors.toCollection(TreeSet::new));
  }

  private static String id(JsonNode doc) {
    return doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText();
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
