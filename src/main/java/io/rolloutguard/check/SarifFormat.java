package io.rolloutguard.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolloutguard.policy.RuleId;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * SARIF 2.1.0 for code-scanning tools: one run, the six rules with help text, one result per
 * finding with its file and line; input errors as tool execution notifications.
 */
final class SarifFormat {

  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifFormat() {}

  static String render(CheckReport report, ObjectMapper mapper) {
    ObjectNode log = mapper.createObjectNode();
    log.put("$schema", SCHEMA);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "rollout-guard");
    String version = SarifFormat.class.getPackage().getImplementationVersion();
    if (version != null) {
      driver.put("version", version);
    }
    ArrayNode rules = driver.putArray("rules");
    for (RuleId id : RuleId.values()) {
      ObjectNode rule = rules.addObject();
      rule.put("id", id.name());
      rule.put("name", id.slug());
      rule.putObject("shortDescription").put("text", id.summary());
      rule.putObject("fullDescription").put("text", id.help());
      rule.putObject("help").put("text", id.help());
      rule.putObject("defaultConfiguration").put("level", "error");
    }
    ArrayNode results = run.putArray("results");
    for (ObjectResult r : report.results()) {
      for (Issue i : r.issues()) {
        ObjectNode result = results.addObject();
        result.put("ruleId", i.rule().name());
        result.put("ruleIndex", i.rule().ordinal());
        result.put("level", level(i.severity()));
        result
            .putObject("message")
            .put(
                "text",
                r.object().kind()
                    + " "
                    + r.object().namespace()
                    + "/"
                    + r.object().name()
                    + ": "
                    + i.field()
                    + ": "
                    + i.message()
                    + (i.severity() == Issue.Severity.MUTATE ? " (mutation)" : ""));
        location(result.putArray("locations").addObject(), r.object().source().display(), i.line());
        ObjectNode properties = result.putObject("properties");
        properties.put("outcome", i.severity().label());
        properties.put("field", i.field());
        properties.put("document", r.object().document().index());
        properties.put("objectLine", r.object().line());
      }
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", report.errors().isEmpty());
    invocation.put("exitCode", report.exitCode());
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    for (ManifestReader.InputError e : report.errors()) {
      ObjectNode n = notifications.addObject();
      n.put("level", "error");
      n.putObject("message").put("text", e.message());
      location(n.putArray("locations").addObject(), e.display(), e.line());
    }
    ObjectNode properties = run.putObject("properties");
    properties.put("notEvaluated", CheckReport.NOT_EVALUATED);
    try {
      return mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(log)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void location(ObjectNode location, String display, int line) {
    ObjectNode physical = location.putObject("physicalLocation");
    physical.putObject("artifactLocation").put("uri", uri(display));
    if (line > 0) {
      physical.putObject("region").put("startLine", line);
    }
  }

  /** A relative path stays relative (code scanning resolves it against the checkout). */
  static String uri(String display) {
    Path path = Path.of(display.equals(ManifestReader.STDIN_NAME) ? "stdin" : display);
    if (path.isAbsolute()) {
      return path.toUri().toASCIIString();
    }
    try {
      return new URI(null, null, display.replace('\\', '/'), null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String level(Issue.Severity severity) {
    return switch (severity) {
      case DENY -> "error";
      case WARN, MUTATE -> "warning";
      case AUDIT -> "note";
    };
  }
}
