package io.rolloutguard.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.rolloutguard.policy.Coverage;
import io.rolloutguard.policy.Kind;
import io.rolloutguard.policy.Trust;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped webhook configurations skip requests by who sends them, with exactly the identities
 * the engine trusts, and never by what the object claims about its owners.
 */
class WebhookManifestTest {

  private static final Path MANIFEST = Path.of("manifests/base/webhooks.yaml");
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

  static List<JsonNode> webhooks() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    List<JsonNode> webhooks = new ArrayList<>();
    try (YAMLParser parser = new YAMLFactory().createParser(MANIFEST.toFile())) {
      yaml.readValues(parser, JsonNode.class)
          .readAll()
          .forEach(doc -> doc.path("webhooks").forEach(webhooks::add));
    }
    return webhooks;
  }

  @Test
  void everyWebhookSkipsExactlyTheBuiltInControllersByRequester() throws IOException {
    List<JsonNode> webhooks = webhooks();
    assertEquals(3, webhooks.size());
    for (JsonNode webhook : webhooks) {
      JsonNode conditions = webhook.path("matchConditions");
      assertEquals(1, conditions.size(), webhook.path("name").asText());
      String expression = conditions.get(0).path("expression").asText();
      assertFalse(expression.contains("ownerReferences"), expression);
      assertTrue(expression.contains("!(request.userInfo.username in ["), expression);
      List<String> names = new ArrayList<>();
      Matcher m = QUOTED.matcher(expression.substring(expression.indexOf("userInfo")));
      while (m.find()) {
        names.add(m.group(1));
      }
      assertEquals(Trust.BUILT_IN_CONTROLLERS, names, webhook.path("name").asText());
    }
  }

  /** The webhooks' rules send exactly the kinds the rules' specs cover, and nothing else. */
  @Test
  void theWebhooksMatchTheKindsTheRulesCover() throws IOException {
    Set<String> sent = new TreeSet<>();
    for (JsonNode webhook : webhooks()) {
      for (JsonNode rule : webhook.path("rules")) {
        for (JsonNode group : rule.path("apiGroups")) {
          for (JsonNode resource : rule.path("resources")) {
            sent.add(group.asText() + "/" + resource.asText());
          }
        }
      }
    }
    Set<String> covered = new TreeSet<>();
    for (Kind kind : Coverage.kinds()) {
      covered.add(kind.group() + "/" + kind.resource());
    }
    covered.add("/pods/ephemeralcontainers"); // kubectl debug's containers, on the Pod
    assertEquals(covered, sent);
  }
}
