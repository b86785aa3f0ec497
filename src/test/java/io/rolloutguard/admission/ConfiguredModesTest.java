package io.rolloutguard.admission;

import static io.rolloutguard.admission.AdmissionClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The rolloutguard.* properties reach the rules: modes, tags, exemptions and the Service check. */
@QuarkusTest
@TestProfile(ConfiguredModesTest.Profile.class)
class ConfiguredModesTest {

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "rolloutguard.rules.rg001.mode", "warn",
          "rolloutguard.rules.rg003.mode", "audit",
          "rolloutguard.rules.rg002.exempt-namespaces", "legacy",
          "rolloutguard.rules.rg002-service-without-selector", "enforce",
          "rolloutguard.images.mutable-tags", "latest,v1",
          "rolloutguard.exempt-namespaces", "kube-system,tools");
    }
  }

  @Test
  void warnModeNeitherPatchesNorDenies() {
    AdmissionClient.Answer mutated = post("mutate", "deployment-update-v1-to-latest");
    AdmissionClient.Answer validated = post("validate", "deployment-update-v1-to-latest");

    assertNull(mutated.patch());
    assertTrue(validated.allowed());
    assertTrue(validated.warnings().stream().anyMatch(w -> w.startsWith("[RG001]")));
  }

  @Test
  void configuredMutableTagsCount() {
    AdmissionClient.Answer answer = post("validate", "deployment-good-kubia-v1");

    assertTrue(answer.warnings().stream().anyMatch(w -> w.contains("luksa/kubia:v1")));
  }

  @Test
  void auditModeAnnotatesAndLogsOnly() {
    List<String> logged = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(String.valueOf(record.getMessage()) + " " + List.of(params(record)));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger logger = Logger.getLogger(AdmissionService.class.getName());
    logger.addHandler(capture);
    try {
      AdmissionClient.Answer answer = post("validate", "deployment-min-ready-ge-deadline");

      assertTrue(answer.allowed());
      String audit =
          answer.response().path("auditAnnotations").path("rg003-min-ready-seconds").asText();
      assertTrue(audit.contains("progressDeadlineSeconds"), answer.body().toString());
      assertTrue(
          logged.stream().anyMatch(l -> l.contains("admission audit") && l.contains("[RG003]")),
          logged.toString());
    } finally {
      logger.removeHandler(capture);
    }
  }

  private static Object[] params(LogRecord record) {
    return record.getParameters() == null ? new Object[0] : record.getParameters();
  }

  @Test
  void serviceWithoutSelectorCanBeEnforced() {
    AdmissionClient.Answer answer = post("validate", "service-without-selector");

    assertFalse(answer.allowed());
    assertTrue(answer.message().contains("[RG002]"));
  }

  @Test
  void perRuleNamespaceExemption() {
    var review = AdmissionClient.fixture("replicationcontroller-without-selector");
    ((com.fasterxml.jackson.databind.node.ObjectNode) review.get("request"))
        .put("namespace", "legacy");

    assertTrue(post("validate", review).allowed());
  }

  @Test
  void ownNamespaceStaysExemptWhenTheListIsReplaced() {
    var review = AdmissionClient.fixture("replicationcontroller-without-selector");
    ((com.fasterxml.jackson.databind.node.ObjectNode) review.get("request"))
        .put("namespace", "rollout-guard");
    var tools = AdmissionClient.fixture("replicationcontroller-without-selector");
    ((com.fasterxml.jackson.databind.node.ObjectNode) tools.get("request"))
        .put("namespace", "tools");

    assertTrue(post("validate", review).allowed());
    assertTrue(post("validate", tools).allowed());
    assertEquals(false, post("validate", "replicationcontroller-without-selector").allowed());
  }
}
