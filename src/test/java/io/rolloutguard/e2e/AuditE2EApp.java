package io.rolloutguard.e2e;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The app as E2EApp starts it, but only after the audit's workloads exist: Quarkus starts test
 * resources before it launches the packaged jar, so these were never admitted by rollout-guard.
 */
public class AuditE2EApp extends E2EApp {

  static final String NS = "audit";
  static final String GONE_NS = "audit-gone";

  @Override
  public Map<String, String> start() {
    RealCluster cluster = RealCluster.get();
    KubernetesClient k = cluster.client();
    RealCluster.kubectl("apply", "-f", "manifests/base/policyreport-crd.yaml");
    RealCluster.kubectl(
        "wait", "--for=condition=Established", "crd/policyreports.wgpolicyk8s.io", "--timeout=60s");
    // No admission while the workloads are created: an earlier test's webhooks go first.
    Webhooks.unregister(k);
    cluster.ensureNamespace(NS);
    cluster.ensureNamespace(GONE_NS);
    Deployment bad = E2EWorkloads.kubia(NS, "bad", "luksa/kubia:latest", "IfNotPresent", 1);
    Kubia.await("no webhook mutates a dry run any more")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                "IfNotPresent"
                    .equals(
                        k.resource(bad)
                            .dryRun()
                            .create()
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getImagePullPolicy()));
    k.resource(bad).create();
    k.resource(E2EWorkloads.kubia(NS, "good", "luksa/kubia:v1", null, 1)).create();
    k.resource(E2EWorkloads.kubia(GONE_NS, "short-lived", "luksa/kubia:v1", null, 1)).create();

    Map<String, String> config = new HashMap<>(super.start());
    config.put("rolloutguard.audit.debounce", "PT1S");
    // Full audits every few seconds, so the test sees that unchanged ones write nothing.
    config.put("rolloutguard.audit.period", "PT3S");
    return config;
  }
}
