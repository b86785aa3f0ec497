package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rolloutguard.tls.TestCertificates;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rollout-guard stopped (its webhooks registered from manifests/base, pointing at a port nothing
 * listens on): controllers still create pods, and only what the manifests document as guarded is
 * refused.
 */
class OutageE2E {

  static final String NS = "outage";
  static KubernetesClient k;
  static FakeKubelet kubelet;
  static Kubia kubia;

  @BeforeAll
  static void kubiaThenOutage() {
    RealCluster cluster = RealCluster.get();
    k = cluster.client();
    cluster.ensureNamespace(NS);
    Webhooks.unregister(k);
    kubelet = new FakeKubelet(k, NS);
    kubia = new Kubia(k, NS);
    k.resource(E2EWorkloads.kubia(NS, Kubia.NAME, "luksa/kubia:v1", null, 1)).create();
    Kubia.await("kubia v1 available").until(() -> kubia.available() == 1);

    var served =
        TestCertificates.write(
            RealCluster.DIR.resolve("outage-tls"), "nobody listens", List.of("127.0.0.1"));
    Webhooks.register(k, TestCertificates.freePort(), served.ca().certificatePem());
    Kubia.await("the dead webhooks are in force")
        .until(() -> refused(() -> kubia.setImage("v2")) != null);
  }

  @AfterAll
  static void cleanUp() {
    Webhooks.unregister(k);
    kubelet.close();
  }

  /** The error when {@code write} is refused, or null when it went through. */
  static KubernetesClientException refused(Runnable write) {
    try {
      write.run();
      return null;
    } catch (KubernetesClientException e) {
      return e;
    }
  }

  @Test
  void aDeploymentStillScalesUpAndItsPodsAreCreated() {
    RealCluster.kubectl("scale", "deploy/kubia", "-n", NS, "--replicas=3");

    Kubia.await("3 pods created and available").until(() -> kubia.available() == 3);
  }

  @Test
  void aGuardedWriteIsRefusedAsTheManifestsDocument() {
    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> kubia.setImage("v2"));

    assertEquals(500, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains("validate.rolloutguard.io"), e.getMessage());
  }

  /**
   * A CronJob's Job, created by the cronjob-controller: never sent, so the CronJob keeps running
   * during an outage (and a match condition that errors would make the fail-closed webhook refuse
   * it). Who sends it decides: the same Job from anyone else is refused like any guarded write.
   */
  @Test
  void aControllersJobIsCreatedDuringTheOutage() {
    String cronJobController = "system:serviceaccount:kube-system:cronjob-controller";
    try (KubernetesClient controller =
        new io.fabric8.kubernetes.client.KubernetesClientBuilder()
            .withConfig(
                new io.fabric8.kubernetes.client.ConfigBuilder(k.getConfiguration())
                    .withImpersonateUsername(cronJobController)
                    .withImpersonateGroups(
                        "system:serviceaccounts",
                        "system:serviceaccounts:kube-system",
                        "system:authenticated")
                    .build())
            .build()) {
      // Admitted is what matters: the garbage collector removes it soon after, as its owner is
      // made up.
      var created = controller.resource(cronJobsJob("nightly-1")).create();

      assertTrue(created.getMetadata().getUid() != null, "the API server stored the Job");
    }
    KubernetesClientException claimed =
        refused(() -> k.resource(cronJobsJob("nightly-2")).create());
    assertTrue(claimed != null && claimed.getMessage().contains("validate.rolloutguard.io"));
  }

  static io.fabric8.kubernetes.api.model.batch.v1.Job cronJobsJob(String name) {
    return new io.fabric8.kubernetes.api.model.batch.v1.JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .addNewOwnerReference()
        .withApiVersion("batch/v1")
        .withKind("CronJob")
        .withName("nightly")
        .withUid("00000000-0000-0000-0000-0000000000c1")
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("run")
        .withImage("busybox:1.36")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void bareObjectsFailOpen() {
    k.resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("debug")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("sh")
                .withImage("busybox:latest")
                .endContainer()
                .endSpec()
                .build())
        .create();
    k.resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("kubia")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", Kubia.NAME)
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build())
        .create();

    assertTrue(k.pods().inNamespace(NS).withName("debug").get() != null);
  }
}
