package io.rolloutguard.admission;

import static io.rolloutguard.admission.AdmissionClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * rolloutguard.cel.enabled: the CEL policies own RG000, RG001, RG002's shape checks and RG003, so
 * the webhook neither patches, denies nor warns for them (StatefulEngineTest: what it keeps).
 */
@QuarkusTest
@TestProfile(CelEnabledTest.Profile.class)
class CelEnabledTest {

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("rolloutguard.cel.enabled", "true");
    }
  }

  @Test
  void rulesCelCoversNeitherPatchNorDeny() {
    for (String fixture :
        List.of(
            "deployment-create-latest-ifnotpresent",
            "statefulset-latest-below-floor",
            "deployment-invalid-image-uppercase",
            "deployment-min-ready-above-max",
            "deployment-probe-never-ready-before-deadline",
            "replicaset-notin-only-selector",
            "service-without-selector")) {
      AdmissionClient.Answer mutated = post("mutate", fixture);
      AdmissionClient.Answer validated = post("validate", fixture);

      assertNull(mutated.patch(), fixture);
      assertTrue(validated.allowed(), fixture + ": " + validated.body());
      assertEquals(List.of(), validated.warnings(), fixture);
    }
  }
}
