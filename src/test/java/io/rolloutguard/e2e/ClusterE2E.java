package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The harness itself: a real API server and Deployment controller, driven with kubectl. */
class ClusterE2E {

  @Test
  void apiServerIsReady() {
    RealCluster.get();

    assertEquals("ok", RealCluster.kubectl("get", "--raw", "/readyz").trim());
    assertTrue(RealCluster.kubectl("version").contains("Server Version: v1.37.2"));
  }

  @Test
  void kubectlCreateDeploymentGetsAReplicaSet() {
    RealCluster cluster = RealCluster.get();
    cluster.ensureNamespace("cluster-e2e");
    KubernetesClient k = cluster.client();

    RealCluster.kubectl("create", "deployment", "web", "--image=nginx:1.27", "-n", "cluster-e2e");

    Awaitility.await("the Deployment controller creates a ReplicaSet")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> !k.apps().replicaSets().inNamespace("cluster-e2e").list().getItems().isEmpty());
  }
}
