package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rolloutguard.celpolicy.CelPolicySync;
import io.rolloutguard.policy.Mode;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.RuleId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * rolloutguard.cel.apply: as the app's ServiceAccount with the base RBAC plus the CEL overlay's
 * rbac-cel.yaml, the policies generated from a configuration are created, and a changed
 * configuration updates them.
 */
class CelPolicySyncE2E {

  static final String POLICIES = "manifests/overlays/cel/policies.yaml";

  @AfterAll
  static void removePolicies() {
    RealCluster.kubectl("delete", "--ignore-not-found", "-f", POLICIES);
  }

  private static String policy(String name) {
    return RealCluster.kubectl(
        "get", "validatingadmissionpolicy", name, "-o", "json", "--show-managed-fields");
  }

  @Test
  void appliesThePoliciesOfTheConfigurationAndFollowsItsChanges() {
    RealCluster cluster = RealCluster.get();
    java.nio.file.Path kubeconfig = cluster.serviceAccountKubeconfig();
    RealCluster.kubectl("apply", "-f", "manifests/overlays/cel/rbac-cel.yaml");
    try (KubernetesClient app =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(RealCluster.read(kubeconfig)))
            .build()) {

      CelPolicySync.apply(app, PolicyConfig.builder().mode(RuleId.RG001, Mode.WARN).build());
      String denyWhileWarn = policy("rollout-guard");
      String warnWhileWarn = policy("rollout-guard-warn");
      CelPolicySync.apply(app, PolicyConfig.defaults());
      String denyWhileEnforce = policy("rollout-guard");

      assertFalse(denyWhileWarn.contains("[RG001]"), denyWhileWarn);
      assertTrue(warnWhileWarn.contains("[RG001]"), warnWhileWarn);
      assertTrue(denyWhileEnforce.contains("[RG001]"), denyWhileEnforce);
      assertTrue(denyWhileEnforce.contains("\"manager\": \"rollout-guard\""), denyWhileEnforce);
      assertEquals(
          "rollout-guard",
          RealCluster.kubectl(
                  "get",
                  "mutatingadmissionpolicy",
                  "rollout-guard",
                  "-o",
                  "jsonpath={.metadata.name}")
              .trim());
    }
  }
}
