package io.rolloutguard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped policy that lets only who may patch a Deployment create or change a RolloutPolicy for
 * it: matched on every write of the policy itself but not of its status, enforced even when the API
 * server cannot evaluate it. RolloutPolicyAuthorE2E shows it on the real API server.
 */
class RolloutPolicyAuthorPolicyTest {

  static final Path MANIFEST = Path.of("manifests/base/rolloutpolicy-author-policy.yaml");
  static final String NAME = "rollout-guard-policy-author";
  static final String AUTHORIZER_CHECK =
      "authorizer.group('apps').resource('deployments').namespace(object.metadata.namespace)"
          + ".name(object.spec.targetRef.name).check('patch').allowed()";

  static List<JsonNode> documents() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (YAMLParser parser = new YAMLFactory().createParser(MANIFEST.toFile())) {
      return new ArrayList<>(yaml.readValues(parser, JsonNode.class).readAll());
    }
  }

  static JsonNode spec(String kind) throws IOException {
    List<JsonNode> found =
        documents().stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    assertEquals(1, found.size(), kind);
    assertEquals(NAME, found.get(0).at("/metadata/name").asText());
    return found.get(0).path("spec");
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(t -> texts.add(t.asText()));
    return texts;
  }

  @Test
  void matchesEveryCreateAndUpdateOfAPolicyButNotItsStatus() throws IOException {
    JsonNode rules = spec("ValidatingAdmissionPolicy").at("/matchConstraints/resourceRules");

    assertEquals(1, rules.size(), rules.toString());
    JsonNode rule = rules.get(0);
    assertEquals(List.of(RolloutPolicy.GROUP), texts(rule.path("apiGroups")));
    // "rolloutpolicies" alone does not match the status subresource the controller writes.
    assertEquals(List.of("rolloutpolicies"), texts(rule.path("resources")));
    assertEquals(List.of("CREATE", "UPDATE"), texts(rule.path("operations")));
    assertTrue(spec("ValidatingAdmissionPolicy").path("matchConditions").isMissingNode());
  }

  @Test
  void deniesUnlessTheAuthorMayPatchTheTargetAndFailsClosed() throws IOException {
    JsonNode policy = spec("ValidatingAdmissionPolicy");
    JsonNode validations = policy.path("validations");

    assertEquals("Fail", policy.path("failurePolicy").asText());
    assertEquals(1, validations.size());
    assertEquals(AUTHORIZER_CHECK, validations.get(0).path("expression").asText().replace(" ", ""));
    String message = validations.get(0).path("messageExpression").asText();
    for (String named :
        List.of("request.userInfo.username", "object.spec.targetRef.name", "may not patch")) {
      assertTrue(message.contains(named), named + " missing from " + message);
    }
    assertEquals("Forbidden", validations.get(0).path("reason").asText());
  }

  @Test
  void theBindingDeniesAndTheBaseInstallsIt() throws IOException {
    JsonNode binding = spec("ValidatingAdmissionPolicyBinding");

    assertEquals(NAME, binding.path("policyName").asText());
    assertEquals(List.of("Deny"), texts(binding.path("validationActions")));
    assertTrue(
        Files.readString(Path.of("manifests/base/kustomization.yaml"))
            .contains("\n  - " + MANIFEST.getFileName() + "\n"));
  }
}
