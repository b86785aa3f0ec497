package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.api.RolloutPolicySpec;
import io.rolloutguard.api.RolloutPolicyStatus;
import io.rolloutguard.api.TargetRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A RolloutPolicy makes the controller patch its target with the controller's rights: on the real
 * API server, with the shipped ValidatingAdmissionPolicy and CRD (no rollout-guard running, the API
 * server enforces both), only who may patch the target Deployment may create or change a policy for
 * it, and an oversized field is refused by the schema.
 */
class RolloutPolicyAuthorE2E {

  static final String NS = "policy-authors";
  static final Path POLICY = Path.of("manifests/base/rolloutpolicy-author-policy.yaml");

  /** May write RolloutPolicies and their status, and only read Deployments. */
  static final String AUTHOR = "author";

  /** The same, and patch on the Deployment "guarded" only. */
  static final String OWNER = "owner";

  static KubernetesClient admin;
  static KubernetesClient author;
  static KubernetesClient owner;

  @BeforeAll
  static void authorsAndTheirTargets() {
    RealCluster cluster = RealCluster.get(); // installs manifests/base/crd.yaml
    admin = cluster.client();
    cluster.ensureNamespace(NS);
    for (String name : List.of("guarded", "other")) {
      admin.resource(E2EWorkloads.kubia(NS, name, "luksa/kubia:v1", null, 1)).serverSideApply();
    }
    role(
        "policy-writer",
        new PolicyRuleBuilder()
            .withApiGroups(RolloutPolicy.GROUP)
            .withResources("rolloutpolicies", "rolloutpolicies/status")
            .withVerbs("get", "list", "create", "update", "patch")
            .build(),
        new PolicyRuleBuilder()
            .withApiGroups("apps")
            .withResources("deployments")
            .withVerbs("get", "list")
            .build());
    role(
        "guarded-patcher",
        new PolicyRuleBuilder()
            .withApiGroups("apps")
            .withResources("deployments")
            .withResourceNames("guarded")
            .withVerbs("patch")
            .build());
    author = serviceAccount(cluster, AUTHOR, "policy-writer");
    owner = serviceAccount(cluster, OWNER, "policy-writer", "guarded-patcher");
    policyManifest().forEach(i -> admin.resource(i).forceConflicts().serverSideApply());
    // The API server loads admission policies asynchronously.
    Kubia.await("the author policy in force")
        .until(() -> refused(() -> author.resource(policy("probe", "guarded")).dryRun().create()));
  }

  @AfterAll
  static void cleanUp() {
    policyManifest().forEach(i -> admin.resource(i).delete());
    author.close();
    owner.close();
  }

  static List<HasMetadata> policyManifest() {
    try (InputStream in = Files.newInputStream(POLICY)) {
      return admin.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void role(String name, PolicyRule... rules) {
    admin
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withRules(rules)
                .build())
        .serverSideApply();
  }

  static KubernetesClient serviceAccount(RealCluster cluster, String name, String... roles) {
    admin
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .build())
        .serverSideApply();
    for (String role : roles) {
      admin
          .resource(
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withName(name + "-" + role)
                  .withNamespace(NS)
                  .endMetadata()
                  .withNewRoleRef("rbac.authorization.k8s.io", "Role", role)
                  .addNewSubject()
                  .withKind("ServiceAccount")
                  .withName(name)
                  .withNamespace(NS)
                  .endSubject()
                  .build())
          .serverSideApply();
    }
    return new KubernetesClientBuilder()
        .withConfig(
            Config.fromKubeconfig(RealCluster.read(cluster.serviceAccountKubeconfig(NS, name))))
        .build();
  }

  static RolloutPolicy policy(String name, String target) {
    RolloutPolicy p = new RolloutPolicy();
    p.getMetadata().setName(name);
    p.getMetadata().setNamespace(NS);
    RolloutPolicySpec spec = new RolloutPolicySpec();
    spec.setTargetRef(new TargetRef(target));
    p.setSpec(spec);
    return p;
  }

  /**
   * The error a write ends with, or null when it went through. A conflict is retried: the app of an
   * earlier test class may still run, and its controller writes policies too (a finalizer, the
   * status).
   */
  static KubernetesClientException failure(Runnable write) {
    AtomicReference<KubernetesClientException> failure = new AtomicReference<>();
    Kubia.await("a write that does not conflict")
        .until(
            () -> {
              try {
                write.run();
                failure.set(null);
                return true;
              } catch (KubernetesClientException e) {
                failure.set(e);
                return e.getCode() != 409;
              }
            });
    return failure.get();
  }

  static boolean refused(Runnable write) {
    try {
      write.run();
      return false;
    } catch (KubernetesClientException e) {
      return e.getCode() == 403;
    }
  }

  static void assertForbidden(KubernetesClientException e, String user, String deployment) {
    assertEquals(403, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains("rollout-guard-policy-author"), e.getMessage());
    assertTrue(e.getMessage().contains("system:serviceaccount:" + NS + ":" + user), e.getMessage());
    assertTrue(e.getMessage().contains("Deployment " + NS + "/" + deployment), e.getMessage());
    assertTrue(e.getMessage().contains("may not patch"), e.getMessage());
  }

  @Test
  void whoMayOnlyReadTheDeploymentCannotCreateAPolicyForIt() {
    KubernetesClientException e =
        assertThrows(
            KubernetesClientException.class,
            () -> author.resource(policy("by-reader", "guarded")).create());

    assertForbidden(e, AUTHOR, "guarded");
    assertEquals(
        null, admin.resources(RolloutPolicy.class).inNamespace(NS).withName("by-reader").get());
  }

  @Test
  void whoMayPatchTheDeploymentMayCreateAPolicyForIt() {
    RolloutPolicy created = owner.resource(policy("by-owner", "guarded")).create();

    assertNotNull(created.getMetadata().getUid());
    assertEquals("guarded", created.getSpec().getTargetRef().getName());
  }

  /** The right is to the named Deployment: retargeting needs patch on the new target. */
  @Test
  void retargetingToADeploymentTheOwnerCannotPatchIsRefused() {
    owner.resource(policy("retargeted", "guarded")).create();

    KubernetesClientException e =
        failure(
            () ->
                owner
                    .resources(RolloutPolicy.class)
                    .inNamespace(NS)
                    .withName("retargeted")
                    .edit(
                        p -> {
                          p.getSpec().setTargetRef(new TargetRef("other"));
                          return p;
                        }));

    assertNotNull(e, "retargeted");
    assertForbidden(e, OWNER, "other");
  }

  /** A promote or abort is an annotation: an update that keeps the target is checked too. */
  @Test
  void anUpdateThatKeepsTheTargetNeedsTheRightToo() {
    admin.resource(policy("annotated", "guarded")).create();

    KubernetesClientException e =
        failure(
            () ->
                author
                    .resources(RolloutPolicy.class)
                    .inNamespace(NS)
                    .withName("annotated")
                    .edit(
                        p -> {
                          p.getMetadata()
                              .setAnnotations(Map.of(RolloutPolicy.PROMOTE_ANNOTATION, "true"));
                          return p;
                        }));

    assertNotNull(e, "annotated");
    assertForbidden(e, AUTHOR, "guarded");
  }

  /** The status subresource is the controller's and not matched: its writes never wait on it. */
  @Test
  void aStatusWriteIsNotChecked() {
    admin.resource(policy("with-status", "guarded")).create();
    AtomicReference<RolloutPolicy> updated = new AtomicReference<>();

    assertEquals(
        null,
        failure(
            () -> {
              RolloutPolicy stored =
                  author
                      .resources(RolloutPolicy.class)
                      .inNamespace(NS)
                      .withName("with-status")
                      .get();
              RolloutPolicyStatus status = new RolloutPolicyStatus();
              status.setMessage("written through the status subresource");
              stored.setStatus(status);
              updated.set(author.resource(stored).updateStatus());
            }));
    assertEquals("written through the status subresource", updated.get().getStatus().getMessage());
  }

  @Test
  void aTargetNameLongerThanADeploymentNameIsRefusedByTheSchema() {
    KubernetesClientException e =
        assertThrows(
            KubernetesClientException.class,
            () -> admin.resource(policy("too-long-target", "a".repeat(254))).create());

    assertEquals(422, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains("spec.targetRef.name"), e.getMessage());
    assertTrue(e.getMessage().contains("Too long"), e.getMessage());
  }

  /** A duration that matches the pattern but is longer than the parser reads (64). */
  @Test
  void aDurationLongerThanItsMaxLengthIsRefusedByTheSchema() {
    RolloutPolicy p = policy("too-long-duration", "guarded");
    p.getSpec().getAnalysis().setReadinessTimeout("1s".repeat(33));

    KubernetesClientException e =
        assertThrows(KubernetesClientException.class, () -> admin.resource(p).create());

    assertEquals(422, e.getCode(), e.getMessage());
    assertTrue(e.getMessage().contains("spec.analysis.readinessTimeout"), e.getMessage());
    assertTrue(e.getMessage().contains("Too long"), e.getMessage());
  }
}
