package io.rolloutguard.admission;

import static io.rolloutguard.admission.AdmissionClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class ValidateEndpointTest {

  /** fixture, then the fragments the denial message must contain (every violation listed). */
  static Stream<Arguments> denials() {
    return Stream.of(
        Arguments.of(
            "deployment-update-v1-to-latest",
            List.of(
                "[RG001] spec.template.spec.containers[0].imagePullPolicy",
                "luksa/kubia:latest",
                "IfNotPresent")),
        Arguments.of(
            "replicationcontroller-without-selector",
            List.of("[RG002] spec.selector", "ReplicationController must declare an explicit")),
        Arguments.of("replicaset-notin-only-selector", List.of("[RG002] spec.selector", "NotIn")),
        Arguments.of(
            "deployment-selector-mismatch",
            List.of("[RG002] spec.template.metadata.labels", "do not match")),
        Arguments.of("daemonset-empty-selector", List.of("[RG002] spec.selector")),
        Arguments.of("job-manual-selector-missing", List.of("[RG002] spec.selector")),
        Arguments.of(
            "deployment-min-ready-ge-deadline",
            List.of("[RG003] spec.minReadySeconds", "must be below progressDeadlineSeconds 600")),
        Arguments.of(
            "deployment-probe-never-ready-before-deadline",
            List.of("[RG003]", "readinessProbe", "after 605s", "progressDeadlineSeconds 600")),
        Arguments.of(
            "deployment-min-ready-above-max", List.of("[RG003]", "above the maximum of 3600")),
        Arguments.of("deployment-invalid-image-uppercase", List.of("[RG000]", "must be lowercase")),
        Arguments.of(
            "cronjob-mutable-images",
            List.of(
                "spec.jobTemplate.spec.template.spec.initContainers[0].imagePullPolicy",
                "spec.jobTemplate.spec.template.spec.containers[0].imagePullPolicy")),
        // An ownerReference the tenant wrote (to a ConfigMap it owns) switches no rule off.
        Arguments.of(
            "deployment-tenant-claims-configmap-owner",
            List.of("[RG001] spec.template.spec.containers[0].imagePullPolicy")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("denials")
  void denies(String fixture, List<String> fragments) {
    AdmissionClient.Answer answer = post("validate", fixture);

    assertEquals(200, answer.status());
    assertFalse(answer.allowed());
    assertEquals(403, answer.response().path("status").path("code").asInt());
    assertEquals(
        answer.request().at("/request/uid").asText(), answer.response().path("uid").asText());
    for (String fragment : fragments) {
      assertTrue(answer.message().contains(fragment), answer.message());
    }
  }

  static Stream<String> allowed() {
    return Stream.of(
        "deployment-good-kubia-v1",
        "deployment-digest-pinned",
        "deployment-tag-and-digest",
        "deployment-kube-system-exempt",
        "deployment-status-subresource",
        "rolloutpolicy-create-kubia", // RG006 has no other policy to compare with, without a
        // cluster
        "configmap-unknown-kind");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allowed")
  void allows(String fixture) {
    AdmissionClient.Answer answer = post("validate", fixture);

    assertTrue(answer.allowed(), answer.message());
    assertTrue(answer.warnings().isEmpty(), answer.warnings().toString());
    assertTrue(answer.response().path("status").isMissingNode());
  }

  @Test
  void serviceWithoutSelectorWarnsByDefault() {
    AdmissionClient.Answer answer = post("validate", "service-without-selector");

    assertTrue(answer.allowed());
    assertEquals(1, answer.warnings().size());
    assertTrue(answer.warnings().get(0).startsWith("[RG002] spec.selector"));
  }

  @Test
  void multiReplicaDeploymentWithoutProbeWarns() {
    AdmissionClient.Answer answer = post("validate", "deployment-no-readiness-probe");

    assertTrue(answer.allowed());
    assertTrue(answer.warnings().stream().anyMatch(w -> w.contains("readinessProbe")));
  }

  @Test
  void scalingALegacyObjectOnlyWarns() {
    AdmissionClient.Answer answer = post("validate", "deployment-update-scale-legacy");

    assertTrue(answer.allowed(), answer.message());
    assertTrue(
        answer.warnings().stream().anyMatch(w -> w.contains("[RG003]") && w.contains("already")),
        answer.warnings().toString());
  }

  @Test
  void aBuiltInControllersChildOnlyWarns() {
    AdmissionClient.Answer answer = post("validate", "replicaset-from-deployment-controller");

    assertTrue(answer.allowed(), answer.message());
    assertTrue(
        answer.warnings().stream().anyMatch(w -> w.startsWith("[RG001]")),
        answer.warnings().toString());
  }

  @Test
  void theSameChildFromATenantIsDenied() {
    var review = AdmissionClient.fixture("replicaset-from-deployment-controller");
    ((com.fasterxml.jackson.databind.node.ObjectNode) review.at("/request/userInfo"))
        .put("username", "system:serviceaccount:team-a:deployer");

    AdmissionClient.Answer answer = post("validate", review);

    assertFalse(answer.allowed());
    assertTrue(answer.message().contains("[RG001]"), answer.message());
  }

  @Test
  void dryRunIsDeniedAlike() {
    AdmissionClient.Answer dry = post("validate", "deployment-dry-run-latest");
    AdmissionClient.Answer wet = post("validate", "deployment-create-latest-ifnotpresent");

    assertFalse(dry.allowed());
    assertEquals(wet.message(), dry.message());
  }
}
