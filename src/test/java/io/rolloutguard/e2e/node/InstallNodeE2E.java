package io.rolloutguard.e2e.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rollout-guard installed from the manifests as real pods on a real node: the admission and
 * controller replicas, each role's rights, the self-managed TLS Secret and caBundles (the
 * controller's), one controller leader, and admission through the Service.
 */
class InstallNodeE2E {

  static RealNode node;
  static KubernetesClient k;

  @BeforeAll
  static void install() {
    node = RealNode.get().installed();
    k = node.client();
  }

  @Test
  void threeReadyReplicasOnTheNodeAsTheManifestsDescribeThem() {
    Deployment d = node.rolloutGuard();
    assertEquals("localhost/rollout-guard:e2e", RealNode.image(d), "the overlay's only change");
    RealNode.await("3 available replicas")
        .until(() -> RealNode.available(node.rolloutGuard()) == 3);

    List<Pod> pods = node.rolloutGuardPods().stream().filter(RealNode::ready).toList();
    assertEquals(3, pods.size(), "Ready rollout-guard pods");
    for (Pod p : pods) {
      assertEquals(RealNode.NODE_NAME, p.getSpec().getNodeName());
      var status = p.getStatus().getContainerStatuses().get(0);
      assertEquals(0, status.getRestartCount(), p.getMetadata().getName() + " restarted");
      assertTrue(status.getImageID().startsWith("sha256:"), status.getImageID());
    }
    // The pod runs as the manifests say: uid 185, read-only root filesystem.
    String touch =
        node.kubectl(
            "-n",
            RealNode.APP_NAMESPACE,
            "exec",
            name(pods.get(0)),
            "--",
            "sh",
            "-c",
            // The image has a shell and Java, no coreutils: builtins only.
            "while read -r k v; do case $k in Uid:|Gid:) echo \"$k $v\";; esac; done"
                + " </proc/self/status; (: >/deployments/x) 2>/dev/null && echo writable"
                + " || echo read-only");
    assertTrue(touch.contains("Uid: 185\t185"), touch);
    assertTrue(touch.strip().endsWith("read-only"), touch);
  }

  /** The controller role: its own Deployment, 2 Ready replicas on the node, no restart. */
  @Test
  void twoReadyControllerReplicas() {
    assertEquals("localhost/rollout-guard:e2e", RealNode.image(node.controller()));
    RealNode.await("2 available controller replicas")
        .until(() -> RealNode.available(node.controller()) == 2);
    List<Pod> pods = node.controllerPods().stream().filter(RealNode::ready).toList();
    assertEquals(2, pods.size(), "Ready controller pods");
    for (Pod p : pods) {
      assertEquals("rollout-guard-controller", p.getSpec().getServiceAccountName());
      assertEquals(
          0, p.getStatus().getContainerStatuses().get(0).getRestartCount(), name(p) + " restarted");
    }
  }

  /**
   * What the API server's authorizer says each ServiceAccount may do: the admission pods' only
   * read; the writes are the controller's.
   */
  @Test
  void admissionMayOnlyReadAndTheControllerWrites() {
    String admission = "system:serviceaccount:rollout-guard:rollout-guard";
    String controller = "system:serviceaccount:rollout-guard:rollout-guard-controller";
    List<String[]> writes =
        List.of(
            new String[] {"patch", "apps", "deployments", "shop", null},
            new String[] {"patch", "apps", "replicasets", "shop", null},
            new String[] {"create", "wgpolicyk8s.io", "policyreports", "shop", null},
            new String[] {"delete", "wgpolicyk8s.io", "policyreports", "shop", null},
            new String[] {"update", "", "secrets", "rollout-guard", "rollout-guard-tls"},
            new String[] {"create", "", "secrets", "rollout-guard", null},
            new String[] {
              "patch",
              "admissionregistration.k8s.io",
              "validatingwebhookconfigurations",
              null,
              "rollout-guard"
            },
            new String[] {
              "update", "coordination.k8s.io", "leases", "rollout-guard", "rollout-guard-controller"
            });
    for (String[] w : writes) {
      assertFalse(allowed(admission, w), "admission may " + String.join(" ", nonNull(w)));
      assertTrue(allowed(controller, w), "the controller may not " + String.join(" ", nonNull(w)));
    }
    assertTrue(
        allowed(
            admission,
            new String[] {"watch", "", "secrets", "rollout-guard", "rollout-guard-tls"}));
    assertFalse(allowed(admission, new String[] {"get", "", "secrets", "rollout-guard", null}));
  }

  private static boolean allowed(String user, String[] w) {
    var review =
        new io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user)
            .withGroups("system:serviceaccounts", "system:serviceaccounts:rollout-guard")
            .withNewResourceAttributes()
            .withVerb(w[0])
            .withGroup(w[1])
            .withResource(w[2])
            .withNamespace(w[3])
            .withName(w[4])
            .endResourceAttributes()
            .endSpec()
            .build();
    return k.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }

  private static List<String> nonNull(String[] w) {
    return java.util.Arrays.stream(w).filter(java.util.Objects::nonNull).toList();
  }

  @Test
  void selfManagedTlsFilledTheSecretAndBothCaBundles() {
    Secret secret =
        RealNode.await("the TLS Secret")
            .until(
                () ->
                    k.secrets()
                        .inNamespace(RealNode.APP_NAMESPACE)
                        .withName("rollout-guard-tls")
                        .get(),
                s -> s != null);
    assertTrue(
        secret.getData().keySet().containsAll(Set.of("ca.crt", "ca.key", "tls.crt", "tls.key")),
        secret.getData().keySet().toString());
    String ca = decode(secret.getData().get("ca.crt"));

    List<WebhookClientConfig> configs = new ArrayList<>();
    k.admissionRegistration()
        .v1()
        .mutatingWebhookConfigurations()
        .withName("rollout-guard")
        .get()
        .getWebhooks()
        .forEach(w -> configs.add(w.getClientConfig()));
    k.admissionRegistration()
        .v1()
        .validatingWebhookConfigurations()
        .withName("rollout-guard")
        .get()
        .getWebhooks()
        .forEach(w -> configs.add(w.getClientConfig()));
    assertEquals(
        3, configs.size(), "one mutating webhook, a fail-closed and a fail-open validating one");
    for (WebhookClientConfig c : configs) {
      assertNull(c.getUrl(), "the API server calls the webhook through the Service");
      assertEquals("rollout-guard", c.getService().getName());
      assertTrue(decode(c.getCaBundle()).contains(ca.strip()), "caBundle holds the Secret's CA");
    }
  }

  @Test
  void oneControllerReplicaLeads() {
    Set<String> pods =
        node.controllerPods().stream().map(InstallNodeE2E::name).collect(Collectors.toSet());
    Lease lease =
        RealNode.await("the controller lease held")
            .until(
                () ->
                    k.leases()
                        .inNamespace(RealNode.APP_NAMESPACE)
                        .withName("rollout-guard-controller")
                        .get(),
                l -> l != null && l.getSpec().getHolderIdentity() != null);
    assertTrue(
        pods.contains(lease.getSpec().getHolderIdentity()),
        lease.getSpec().getHolderIdentity() + " is not one of " + pods);
  }

  /** The seed's first trap through the real API server, the Service and a replica's HTTPS. */
  @Test
  void kubiaLatestIsStoredWithPullPolicyAlways() {
    node.namespace("install-admission");
    Deployment kubia =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("kubia")
            .withNamespace("install-admission")
            .endMetadata()
            .withNewSpec()
            .withReplicas(0) // localhost/kubia:latest cannot be pulled: no pod needed
            .withNewSelector()
            .addToMatchLabels("app", "kubia")
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", "kubia")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("nodejs")
            .withImage("localhost/kubia:latest")
            .withImagePullPolicy("IfNotPresent")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();

    Deployment stored = k.resource(kubia).create();

    assertEquals(
        "Always",
        stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy());
  }

  private static String name(Pod p) {
    return p.getMetadata().getName();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
  }
}
