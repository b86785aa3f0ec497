package io.rolloutguard.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.rolloutguard.policy.Trust;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
}
