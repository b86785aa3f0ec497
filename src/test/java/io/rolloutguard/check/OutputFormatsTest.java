package io.rolloutguard.check;

import static io.rolloutguard.check.Manifests.CONFIG_MAP;
import static io.rolloutguard.check.Manifests.DENIED;
import static io.rolloutguard.check.Manifests.GOOD;
import static io.rolloutguard.check.Manifests.MUTABLE;
import static io.rolloutguard.check.Manifests.WARNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.rolloutguard.policy.RuleId;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * Each machine format against its schema (src/test/resources/schemas/README.md says where each came
 * from), over one input that has every kind of result: a denial, a warning, a mutation, a skipped
 * kind, a List item, and an input error.
 */
class OutputFormatsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @BeforeEach
  void manifests() throws IOException {
    Files.writeString(dir.resolve("apps.yaml"), GOOD + "---\n" + MUTABLE + "---\n" + CONFIG_MAP);
    Files.writeString(dir.resolve("denied file.yaml"), DENIED + "---\n" + WARNED);
    Files.writeString(
        dir.resolve("list.yaml"),
        "apiVersion: v1\nkind: List\nitems:\n  - " + DENIED.strip().replace("\n", "\n    ") + "\n");
    Files.writeString(dir.resolve("broken.yaml"), "kind: [\n");
  }

  private CheckRun run(String format) {
    CheckRun run =
        CheckRun.run(
            dir, "-o", format, "apps.yaml", "denied file.yaml", "list.yaml", "broken.yaml");
    assertEquals(2, run.exit(), "the broken file wins: " + run.err());
    assertEquals(1, run.errLines().size(), run.err());
    return run;
  }

  @Test
  void sarifIsValidSarif210() throws IOException {
    JsonNode log = JSON.readTree(run("sarif").out());
    assertEquals(Set.of(), validate("sarif-schema-2.1.0.json", SpecVersion.VersionFlag.V7, log));
    // The validator does reject what is not SARIF.
    JsonNode broken = log.deepCopy();
    ((ObjectNode) broken.at("/runs/0/results/0")).put("level", "fatal");
    assertEquals(1, validate("sarif-schema-2.1.0.json", SpecVersion.VersionFlag.V7, broken).size());
    JsonNode run = log.at("/runs/0");
    assertEquals(RuleId.values().length, run.at("/tool/driver/rules").size());
    assertEquals("RG002", run.at("/tool/driver/rules/2/id").asText());
    JsonNode denial = null;
    for (JsonNode result : run.get("results")) {
      if (result.get("level").asText().equals("error")) {
        denial = result;
      }
    }
    assertEquals("RG002", denial.get("ruleId").asText());
    JsonNode location = denial.at("/locations/0/physicalLocation");
    assertEquals("list.yaml", location.at("/artifactLocation/uri").asText());
    assertEquals(14, location.at("/region/startLine").asInt());
    assertTrue(
        run.findValuesAsText("uri").contains("denied%20file.yaml"), "paths are URI references");
    assertEquals(false, run.at("/invocations/0/executionSuccessful").asBoolean());
    assertEquals(
        "broken.yaml",
        run.at("/invocations/0/toolExecutionNotifications/0/locations/0/physicalLocation")
            .at("/artifactLocation/uri")
            .asText());
  }

  @Test
  void jsonFollowsItsDocumentedSchema() throws IOException {
    JsonNode report = JSON.readTree(run("json").out());
    assertEquals(
        Set.of(), validate("check-report-v1.schema.json", SpecVersion.VersionFlag.V202012, report));
    JsonNode broken = report.deepCopy();
    ((ObjectNode) broken.at("/objects/0")).remove("allowed");
    assertEquals(
        1, validate("check-report-v1.schema.json", SpecVersion.VersionFlag.V202012, broken).size());
    assertEquals(5, report.at("/summary/objects").asInt());
    assertEquals(2, report.at("/summary/denied").asInt());
    assertEquals(1, report.at("/summary/mutated").asInt());
    assertEquals(2, report.at("/summary/exitCode").asInt());
  }

  @Test
  void junitIsValidAgainstTheJenkinsSchema() throws Exception {
    String xml = run("junit").out();
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    try (InputStream xsd = resource("junit-10.xsd")) {
      factory
          .newSchema(new StreamSource(xsd))
          .newValidator()
          .validate(new StreamSource(new StringReader(xml)));
    }
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new InputSource(new StringReader(xml)));
    var root = doc.getDocumentElement();
    // 5 checked objects, 1 skipped ConfigMap, 1 input error: one testcase each.
    assertEquals("7", root.getAttribute("tests"));
    assertEquals("2", root.getAttribute("failures"));
    assertEquals("1", root.getAttribute("errors"));
    assertEquals(4, doc.getElementsByTagName("testsuite").getLength());
    assertEquals(1, doc.getElementsByTagName("skipped").getLength());
  }

  private static Set<ValidationMessage> validate(
      String schema, SpecVersion.VersionFlag version, JsonNode document) throws IOException {
    try (InputStream in = resource(schema)) {
      JsonSchema parsed = JsonSchemaFactory.getInstance(version).getSchema(in);
      return parsed.validate(document);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = OutputFormatsTest.class.getResourceAsStream("/schemas/" + name);
    if (in == null) {
      throw new IllegalStateException("no test resource schemas/" + name);
    }
    return in;
  }
}
