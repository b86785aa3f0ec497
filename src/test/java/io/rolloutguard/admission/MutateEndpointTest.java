package io.rolloutguard.admission;

import static io.rolloutguard.admission.AdmissionClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class MutateEndpointTest {

  private static final String CONTAINER0 = "/spec/template/spec/containers/0";

  static Stream<Arguments> cases() {
    return Stream.of(
        mutates(
            "deployment-create-latest-ifnotpresent",
            a -> {
              assertEquals("Always", a.at(CONTAINER0 + "/imagePullPolicy").asText());
              assertEquals(10, a.at("/spec/minReadySeconds").asInt());
              assertTrue(a.warnings().stream().anyMatch(w -> w.contains("luksa/kubia:latest")));
              assertTrue(a.warnings().stream().anyMatch(w -> w.contains("\"nodejs\"")));
            }),
        mutates(
            "deployment-update-v1-to-latest",
            a -> assertEquals("Always", a.at(CONTAINER0 + "/imagePullPolicy").asText())),
        mutates(
            "deployment-registry-port-untagged",
            a -> assertEquals("Always", a.at(CONTAINER0 + "/imagePullPolicy").asText())),
        mutates(
            "deployment-ipv6-registry-latest",
            a -> assertEquals("Always", a.at(CONTAINER0 + "/imagePullPolicy").asText())),
        mutates(
            "deployment-dry-run-latest",
            a -> assertEquals("Always", a.at(CONTAINER0 + "/imagePullPolicy").asText())),
        mutates(
            "cronjob-mutable-images",
            a -> {
              String pod = "/spec/jobTemplate/spec/template/spec";
              assertEquals("Always", a.at(pod + "/containers/0/imagePullPolicy").asText());
              assertEquals("Always", a.at(pod + "/initContainers/0/imagePullPolicy").asText());
            }),
        mutates(
            "pod-ephemeral-latest",
            a -> {
              assertEquals("Always", a.at("/spec/ephemeralContainers/0/imagePullPolicy").asText());
              assertEquals("IfNotPresent", a.at("/spec/containers/0/imagePullPolicy").asText());
            }),
        mutates(
            "statefulset-latest-below-floor",
            a -> {
              assertEquals("Always", a.at(CONTAINER0 + "/imagePullPolicy").asText());
              assertEquals(10, a.at("/spec/minReadySeconds").asInt());
            }),
        mutates(
            "pod-ephemeralcontainers-subresource-debug",
            a ->
                assertEquals(
                    "Always", a.at("/spec/ephemeralContainers/0/imagePullPolicy").asText())),
        unchanged("deployment-status-subresource"),
        unchanged("deployment-digest-pinned"),
        unchanged("deployment-tag-and-digest"),
        unchanged("deployment-good-kubia-v1"),
        unchanged("deployment-kube-system-exempt"),
        unchanged("deployment-invalid-image-uppercase"),
        unchanged("deployment-no-readiness-probe"),
        unchanged("configmap-unknown-kind"),
        unchanged("service-without-selector"));
  }

  private static Arguments mutates(String fixture, Consumer<AdmissionClient.Answer> check) {
    return Arguments.of(fixture, true, check);
  }

  private static Arguments unchanged(String fixture) {
    return Arguments.of(fixture, false, (Consumer<AdmissionClient.Answer>) a -> {});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mutatesAsDesigned(String fixture, boolean patches, Consumer<AdmissionClient.Answer> check) {
    AdmissionClient.Answer answer = post("mutate", fixture);

    assertEquals(200, answer.status());
    assertEquals("admission.k8s.io/v1", answer.body().path("apiVersion").asText());
    assertEquals(
        answer.request().at("/request/uid").asText(), answer.response().path("uid").asText());
    assertTrue(answer.allowed());
    if (patches) {
      assertNotNull(answer.patch(), "expected a patch");
      assertEquals("JSONPatch", answer.response().path("patchType").asText());
    } else {
      assertNull(answer.patch(), "expected no patch, got " + answer.patch());
      assertTrue(answer.response().path("patchType").isMissingNode());
    }
    check.accept(answer);
  }

  /** Re-invocation (reinvocationPolicy: IfNeeded) must find nothing more to change. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isIdempotent(String fixture) {
    AdmissionClient.Answer first = post("mutate", fixture);
    AdmissionClient.Answer second =
        post("mutate", AdmissionClient.withObject(first.request(), first.patched()));

    assertNull(second.patch(), "second pass patched again: " + second.patch());
    assertTrue(second.warnings().isEmpty());
  }

  /** The patch holds only operations that change something; it never rewrites whole objects. */
  @Test
  void patchTouchesOnlyChangedFields() {
    AdmissionClient.Answer answer = post("mutate", "deployment-create-latest-ifnotpresent");

    assertEquals(2, answer.patch().size(), answer.patch().toString());
    answer
        .patch()
        .forEach(
            op ->
                assertTrue(
                    op.path("path").asText().endsWith("/imagePullPolicy")
                        || op.path("path").asText().equals("/spec/minReadySeconds"),
                    op.toString()));
  }

  @Test
  void mutatedDeploymentPassesValidation() {
    AdmissionClient.Answer mutated = post("mutate", "deployment-create-latest-ifnotpresent");
    AdmissionClient.Answer validated =
        post("validate", AdmissionClient.withObject(mutated.request(), mutated.patched()));

    assertTrue(validated.allowed(), validated.message());
  }

  @Test
  void dryRunGetsTheSameAnswer() {
    AdmissionClient.Answer dry = post("mutate", "deployment-dry-run-latest");
    AdmissionClient.Answer wet = post("mutate", "deployment-create-latest-ifnotpresent");

    assertEquals(wet.patch(), dry.patch());
    assertEquals(wet.warnings(), dry.warnings());
  }
}
