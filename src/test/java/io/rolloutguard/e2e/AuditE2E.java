package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The background audit on the real API server: workloads stored before rollout-guard started show
 * up in their namespace's PolicyReport with the right results; fixing one updates the report and
 * the metric; a namespace left with nothing to audit loses its report.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = AuditE2EApp.class, restrictToAnnotatedClass = true)
class AuditE2E {

  static final String NS = AuditE2EApp.NS;

  @Test
  void workloadsFromBeforeTheStartAreReportedAndAFixUpdatesTheReport() throws Exception {
    KubernetesClient k = RealCluster.get().client();

    Kubia.await("the audit reports both Deployments").until(() -> results(k, NS).size() == 8);
    assertEquals(
        Map.of(
            "bad RG000", "pass",
            "bad RG001", "fail",
            "bad RG002", "pass",
            "bad RG003", "pass",
            "good RG000", "pass",
            "good RG001", "pass",
            "good RG002", "pass",
            "good RG003", "pass"),
        results(k, NS));
    GenericKubernetesResource report = report(k, NS);
    assertEquals(
        Map.of("pass", 7, "fail", 1, "warn", 0, "error", 0, "skip", 0),
        report.getAdditionalProperties().get("summary"));
    Instant reported = Instant.parse(report.getMetadata().getCreationTimestamp());
    Instant created =
        Instant.parse(
            k.apps()
                .deployments()
                .inNamespace(NS)
                .withName("bad")
                .get()
                .getMetadata()
                .getCreationTimestamp());
    assertTrue(!created.isAfter(reported), "created " + created + ", reported " + reported);
    assertTrue(
        message(k, NS, "bad", "RG001")
            .contains("set to Always (was IfNotPresent) because image \"luksa/kubia:latest\""),
        message(k, NS, "bad", "RG001"));
    Kubia.await("the violation metric")
        .until(() -> metrics().contains(violations(NS, "RG001") + " 1.0"));
    String before = RealCluster.kubectl("get", "policyreport", "-A");
    String excerpt = RealCluster.kubectl("get", "polr", "rollout-guard", "-n", NS, "-o", "yaml");

    k.apps()
        .deployments()
        .inNamespace(NS)
        .withName("bad")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .setImagePullPolicy("Always");
              return d;
            });

    Kubia.await("the fix passes RG001").until(() -> "pass".equals(results(k, NS).get("bad RG001")));
    assertEquals(
        Map.of("pass", 8, "fail", 0, "warn", 0, "error", 0, "skip", 0),
        report(k, NS).getAdditionalProperties().get("summary"));
    Kubia.await("the metric drops to 0")
        .until(() -> metrics().contains(violations(NS, "RG001") + " 0.0"));

    assertEquals("pass", results(k, AuditE2EApp.GONE_NS).get("short-lived RG001"));
    k.apps().deployments().inNamespace(AuditE2EApp.GONE_NS).withName("short-lived").delete();
    Kubia.await("the report of a namespace with nothing left goes")
        .until(() -> report(k, AuditE2EApp.GONE_NS) == null);
    String after = RealCluster.kubectl("get", "policyreport", "-A");

    // Full audits go on every 3 s; with nothing changed they write nothing.
    String version = report(k, NS).getMetadata().getResourceVersion();
    double writes = metric("rolloutguard_audit_writes_total{operation=\"apply\"}");
    double runs = metric("rolloutguard_audit_runs_total{scope=\"full\"}");
    Kubia.await("two more full audits")
        .until(() -> metric("rolloutguard_audit_runs_total{scope=\"full\"}") >= runs + 2);
    assertEquals(writes, metric("rolloutguard_audit_writes_total{operation=\"apply\"}"));
    assertEquals(version, report(k, NS).getMetadata().getResourceVersion());

    Files.writeString(
        RealCluster.DIR.resolve("audit-e2e-output.txt"),
        "$ kubectl get policyreport -A\n"
            + before
            + "\n$ kubectl get polr rollout-guard -n audit -o yaml\n"
            + excerpt
            + "\n# after the fix and the deletion\n$ kubectl get policyreport -A\n"
            + after
            + "\n$ curl .../q/metrics | grep rolloutguard_audit\n"
            + metrics()
                .lines()
                .filter(l -> l.startsWith("rolloutguard_audit"))
                .reduce("", (a, b) -> a + b + "\n"));
  }

  static GenericKubernetesResource report(KubernetesClient k, String namespace) {
    return k.genericKubernetesResources("wgpolicyk8s.io/v1alpha2", "PolicyReport")
        .inNamespace(namespace)
        .withName("rollout-guard")
        .get();
  }

  /** "name RULE" to the result. */
  @SuppressWarnings("unchecked")
  static Map<String, String> results(KubernetesClient k, String namespace) {
    Map<String, String> results = new TreeMap<>();
    GenericKubernetesResource report = report(k, namespace);
    if (report == null) {
      return results;
    }
    for (Map<String, Object> r :
        (List<Map<String, Object>>) report.getAdditionalProperties().get("results")) {
      var resource = ((List<Map<String, Object>>) r.get("resources")).get(0);
      results.put(resource.get("name") + " " + r.get("rule"), (String) r.get("result"));
    }
    return results;
  }

  @SuppressWarnings("unchecked")
  static String message(KubernetesClient k, String namespace, String name, String rule) {
    for (Map<String, Object> r :
        (List<Map<String, Object>>) report(k, namespace).getAdditionalProperties().get("results")) {
      var resource = ((List<Map<String, Object>>) r.get("resources")).get(0);
      if (name.equals(resource.get("name")) && rule.equals(r.get("rule"))) {
        return (String) r.get("message");
      }
    }
    return "";
  }

  static String violations(String namespace, String rule) {
    return "rolloutguard_audit_violations{namespace=\"" + namespace + "\",rule=\"" + rule + "\"}";
  }

  /** The value of one series, or 0 when it is not there yet. */
  static double metric(String series) {
    return metrics()
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst()
        .orElse(0);
  }

  static String metrics() {
    return AppHttp.management("/q/metrics");
  }
}
