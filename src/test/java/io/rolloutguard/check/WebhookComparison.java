package io.rolloutguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import io.rolloutguard.admission.AdmissionService;
import io.rolloutguard.admission.BadReviewException;
import io.rolloutguard.policy.PolicyConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@code check} against the webhook, in process: the object of an admission fixture's request goes
 * through AdmissionService as a CREATE review (mutate, patch applied, validate the result, as the
 * API server chains them) and through {@code check} as a JSON or a YAML file. The verdict, the
 * warnings, the denial and the stored object must be the same.
 */
final class WebhookComparison {

  static final Path FIXTURES = Path.of("src/test/resources/admission");
  private static final ObjectMapper MAPPER = Mappers.quarkusLike();

  private final AdmissionService webhook;
  private final PolicyConfig config;

  WebhookComparison(AdmissionService webhook, PolicyConfig config) {
    this.webhook = webhook;
    this.config = config;
  }

  /** Every fixture, as JSON and as YAML. */
  static Stream<Arguments> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(FIXTURES)) {
      List<Path> all = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertTrue(all.size() >= 29, "every fixture, none dropped: " + all.size());
      return all.stream()
          .map(f -> f.getFileName().toString())
          .flatMap(f -> Stream.of(Arguments.of(f, false), Arguments.of(f, true)));
    }
  }

  void assertSameVerdict(String fixture, boolean yaml) throws IOException {
    JsonNode object = MAPPER.readTree(FIXTURES.resolve(fixture).toFile()).at("/request/object");
    String input = yaml ? new YAMLMapper().writeValueAsString(object) : object.toString();
    CheckReport report =
        CheckCommand.check(
            CheckArguments.parse(List.of("-")),
            config,
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
            Path.of("."));

    Optional<Webhook> answer = webhook(object);
    if (answer.isEmpty()) {
      // The webhook rejects the review as bad input (400); check reports an input error (exit 2).
      assertEquals(List.of(), report.results());
      assertEquals(1, report.errors().size(), report.errors().toString());
      assertEquals(2, report.exitCode());
      return;
    }
    Webhook expected = answer.get();
    assertEquals(List.of(), report.errors());
    if (expected.skipped()) {
      assertEquals(List.of(), report.results());
      assertEquals(1, report.skipped().size());
      assertEquals(0, report.exitCode());
      return;
    }
    assertEquals(1, report.results().size());
    ObjectResult result = report.results().get(0);
    assertEquals(expected.admitted(), result.admitted(), "the stored object");
    assertEquals(expected.allowed(), !result.denied(), "allowed");
    assertEquals(expected.allowed() ? 0 : 1, report.exitCode());
    assertEquals(expected.mutationWarnings(), describe(result, Issue.Severity.MUTATE));
    assertEquals(expected.validationWarnings(), describe(result, Issue.Severity.WARN));
    List<String> denials = describe(result, Issue.Severity.DENY);
    if (expected.allowed()) {
      assertEquals(List.of(), denials);
      assertNull(expected.denial());
    } else {
      assertFalse(denials.isEmpty());
      assertTrue(
          expected.denial().endsWith(": " + String.join("; ", denials)),
          expected.denial() + " vs " + denials);
    }
  }

  private static List<String> describe(ObjectResult result, Issue.Severity severity) {
    return result.issues().stream()
        .filter(i -> i.severity() == severity)
        .map(Issue::describe)
        .toList();
  }

  /** What the webhook pair answers; empty when it rejects the review as bad input. */
  private record Webhook(
      boolean skipped,
      boolean allowed,
      JsonNode admitted,
      List<String> mutationWarnings,
      List<String> validationWarnings,
      String denial) {}

  private Optional<Webhook> webhook(JsonNode object) throws IOException {
    try {
      AdmissionResponse mutate = webhook.mutate(webhook.read(review(object)));
      JsonNode admitted = object;
      if (mutate.getPatch() != null) {
        JsonNode patch = MAPPER.readTree(Base64.getDecoder().decode(mutate.getPatch()));
        admitted = JsonPatch.apply(patch, object);
      }
      AdmissionResponse validate = webhook.validate(webhook.read(review(admitted)));
      boolean covered =
          io.rolloutguard.policy.Coverage.typeOf(
                  object.path("apiVersion").asText() + "/" + object.path("kind").asText())
              .isPresent();
      return Optional.of(
          new Webhook(
              !covered,
              validate.getAllowed(),
              admitted,
              mutate.getWarnings() == null ? List.of() : mutate.getWarnings(),
              validate.getWarnings() == null ? List.of() : validate.getWarnings(),
              validate.getStatus() == null ? null : validate.getStatus().getMessage()));
    } catch (BadReviewException e) {
      return Optional.empty();
    }
  }

  /** A CREATE review as kubectl apply would cause it: namespace from the object, else default. */
  private static byte[] review(JsonNode object) throws IOException {
    String apiVersion = object.path("apiVersion").asText();
    int slash = apiVersion.indexOf('/');
    String namespace = object.path("metadata").path("namespace").asText("");
    ObjectNode review = MAPPER.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1");
    review.put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", "00000000-0000-0000-0000-00000000000c");
    ObjectNode kind = request.putObject("kind");
    kind.put("group", slash < 0 ? "" : apiVersion.substring(0, slash));
    kind.put("version", slash < 0 ? apiVersion : apiVersion.substring(slash + 1));
    kind.put("kind", object.path("kind").asText());
    request.put("operation", "CREATE");
    request.put("namespace", namespace.isEmpty() ? "default" : namespace);
    request.put("name", object.path("metadata").path("name").asText());
    request.set("object", object);
    return MAPPER.writeValueAsBytes(review);
  }
}
