package io.rolloutguard.check;

import static io.rolloutguard.check.Manifests.CONFIG_MAP;
import static io.rolloutguard.check.Manifests.DENIED;
import static io.rolloutguard.check.Manifests.GOOD;
import static io.rolloutguard.check.Manifests.MUTABLE;
import static io.rolloutguard.check.Manifests.WARNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exit codes, bad input, stdin, directories, Lists, configuration and --fix, in process. */
class CheckCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static Stream<Arguments> verdicts() {
    return Stream.of(
        Arguments.of("clean", GOOD, 0, ""),
        Arguments.of("mutations are allowed", MUTABLE, 0, "[RG001]"),
        Arguments.of("warnings are allowed", WARNED, 0, "[RG002] spec.selector"),
        Arguments.of("a denial", DENIED, 1, "(denied)"),
        Arguments.of("a denial among clean documents", GOOD + "---\n" + DENIED, 1, "(denied)"),
        Arguments.of("a kind rollout-guard does not check", CONFIG_MAP, 0, "1 skipped"),
        Arguments.of(
            "a custom resource",
            "apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}\n",
            0,
            "(Certificate)"),
        Arguments.of("empty documents", "---\n# nothing\n---\n" + GOOD + "---\n", 0, "1 object"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("verdicts")
  void exitCodeFollowsTheVerdict(String name, String yaml, int exit, String shown)
      throws IOException {
    Files.writeString(dir.resolve("m.yaml"), yaml);
    CheckRun run = CheckRun.run(dir, "m.yaml");
    assertEquals(exit, run.exit(), run.out() + run.err());
    assertTrue(run.out().contains(shown), run.out());
    assertEquals("", run.err());
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of("invalid YAML", "kind: [unclosed\n", "m.yaml: invalid YAML: line "),
        Arguments.of(
            "a duplicate key", "apiVersion: v1\napiVersion: v1\n", "duplicate key \"apiVersion\""),
        Arguments.of(
            "unknown kind",
            "apiVersion: apps/v1\nkind: Deploymnet\nmetadata: {name: x}\n",
            "m.yaml:1: unknown kind \"Deploymnet\" in apps/v1"),
        Arguments.of(
            "a removed API version",
            "apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: x}\n",
            "the extensions group is no longer served"),
        Arguments.of(
            "an old version of a covered kind",
            "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: x}\n",
            "Kubernetes serves CronJob as batch/v1"),
        Arguments.of("no kind", "apiVersion: v1\nmetadata: {name: x}\n", "document 1 has no kind"),
        Arguments.of("no apiVersion", "kind: Pod\n", "document 1 has no apiVersion"),
        Arguments.of("not an object", "just a string\n", "document 1 is not an object"),
        Arguments.of(
            "a field of the wrong type",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: three\n",
            "m.yaml:1: object is not a valid Deployment"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputIsOneLineAndExitTwo(String name, String yaml, String error) throws IOException {
    Files.writeString(dir.resolve("m.yaml"), yaml);
    CheckRun run = CheckRun.run(dir, "m.yaml");
    assertEquals(2, run.exit());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().contains(error), run.err());
    assertFalse(run.err().contains("Exception"), run.err());
  }

  @Test
  void missingAndBinaryFilesAreInputErrors() throws IOException {
    Files.write(dir.resolve("binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    CheckRun run = CheckRun.run(dir, "missing.yaml", "binary.yaml");
    assertEquals(2, run.exit());
    assertEquals(
        List.of("missing.yaml: no such file or directory", "binary.yaml: not UTF-8 text"),
        run.errLines());
  }

  @Test
  void anUnreadableFileIsAnInputError() {
    // Tests run as root here, so permissions cannot make a file unreadable; /proc/self/mem can.
    assumeTrue(Files.exists(Path.of("/proc/self/mem")));
    CheckRun run = CheckRun.run(dir, "/proc/self/mem");
    assertEquals(2, run.exit());
    assertEquals(List.of("/proc/self/mem: cannot read: Input/output error"), run.errLines());
  }

  static Stream<Arguments> usage() {
    return Stream.of(
        Arguments.of(new String[] {}, "no PATH given"),
        Arguments.of(new String[] {"--frobnicate", "x.yaml"}, "unknown option --frobnicate"),
        Arguments.of(new String[] {"--output", "xml", "x.yaml"}, "--output must be one of"),
        Arguments.of(new String[] {"x.yaml", "--output"}, "--output needs a value"),
        Arguments.of(new String[] {"--fix", "-"}, "--fix cannot write back to standard input"),
        Arguments.of(new String[] {"--config", "nope.properties", "x.yaml"}, "no such file"));
  }

  @ParameterizedTest
  @MethodSource("usage")
  void usageErrorsExitTwo(String[] args, String error) {
    CheckRun run = CheckRun.run(dir, args);
    assertEquals(2, run.exit());
    assertTrue(run.errLines().get(0).contains(error), run.err());
  }

  @Test
  void helpExitsZero() {
    CheckRun run = CheckRun.run(dir, "--help");
    assertEquals(0, run.exit());
    assertTrue(run.out().contains("Exit status: 0 clean"), run.out());
  }

  @Test
  void readsStandardInput() {
    CheckRun run = CheckRun.run(dir, DENIED, Map.of(), new Properties(), "-");
    assertEquals(1, run.exit());
    assertTrue(
        run.out().startsWith("<stdin>:11: [RG002] spec.template.metadata.labels: "), run.out());
  }

  @Test
  void readsJsonFromStandardInput() throws IOException {
    String json =
        JSON.writeValueAsString(
                new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(DENIED))
            + "\n"
            + JSON.writeValueAsString(
                new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(GOOD));
    CheckRun run = CheckRun.run(dir, json, Map.of(), new Properties(), "-o", "json", "-");
    assertEquals(1, run.exit());
    JsonNode report = JSON.readTree(run.out());
    assertEquals(2, report.at("/summary/objects").asInt());
    assertEquals(2, report.at("/objects/1/document").asInt());
  }

  @Test
  void walksDirectoriesForManifestsOnly() throws IOException {
    Files.createDirectories(dir.resolve("base/apps"));
    Files.createDirectories(dir.resolve("base/.git"));
    Files.writeString(dir.resolve("base/apps/good.yaml"), GOOD);
    Files.writeString(dir.resolve("base/apps/svc.yml"), WARNED);
    Files.writeString(
        dir.resolve("base/denied.json"),
        JSON.writeValueAsString(
            new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(DENIED)));
    Files.writeString(dir.resolve("base/README.md"), "not a manifest: [");
    Files.writeString(dir.resolve("base/.git/config.yaml"), "not: [a manifest");
    CheckRun run = CheckRun.run(dir, "-o", "json", "base");
    assertEquals(1, run.exit(), run.err());
    JsonNode report = JSON.readTree(run.out());
    assertEquals(
        List.of("base/apps/good.yaml", "base/apps/svc.yml", "base/denied.json"),
        report.at("/objects").findValuesAsText("file"));
  }

  @Test
  void ourOwnManifestsPass() throws IOException {
    CheckRun run = CheckRun.run(Path.of("."), "-o", "json", "manifests/base");
    assertEquals(0, run.exit(), run.out() + run.err());
    JsonNode report = JSON.readTree(run.out());
    assertEquals(
        List.of("Deployment", "Deployment", "Service"),
        report.at("/objects").findValuesAsText("kind"),
        "the controller, admission and the webhooks' Service");
    assertEquals(0, report.at("/summary/mutated").asInt(), "nothing for admission to change");
    assertEquals(0, report.at("/summary/warnings").asInt());
  }

  @Test
  void expandsListsWithTheLineOfEachItem() throws IOException {
    String list =
        """
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
          - apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: mismatch}
            spec:
              selector:
                matchLabels: {app: one}
              template:
                metadata: {labels: {app: other}}
                spec:
                  containers: [{name: app, image: "luksa/kubia:v1"}]
        """;
    Files.writeString(dir.resolve("list.yaml"), list);
    CheckRun run = CheckRun.run(dir, "-o", "json", "list.yaml");
    assertEquals(1, run.exit());
    JsonNode object = JSON.readTree(run.out()).at("/objects/0");
    assertEquals(1, object.get("item").asInt());
    assertEquals(7, object.get("line").asInt());
    assertEquals(14, object.at("/findings/0/line").asInt(), object.toString());
    assertEquals("ConfigMap", JSON.readTree(run.out()).at("/skipped/0/kind").asText());
  }

  @Test
  void namesTheHelmTemplateOfEachDocument() throws IOException {
    String rendered =
        "---\n# Source: kubia/templates/configmap.yaml\n"
            + CONFIG_MAP
            + "---\n# Source: kubia/templates/deployment.yaml\n"
            + MUTABLE;
    CheckRun run = CheckRun.run(dir, rendered, Map.of(), new Properties(), "-o", "json", "-");
    assertEquals(0, run.exit(), run.err());
    JsonNode report = JSON.readTree(run.out());
    assertEquals("kubia/templates/deployment.yaml", report.at("/objects/0/helmSource").asText());
    assertEquals(2, report.at("/objects/0/document").asInt());
    assertEquals(11, report.at("/objects/0/line").asInt());
  }

  @Test
  void configurationComesFromTheSameSourcesAsTheWebhook() throws IOException {
    Files.writeString(dir.resolve("m.yaml"), MUTABLE);
    Files.createDirectories(dir.resolve("config"));
    // config/application.properties in the working directory, as Quarkus reads it.
    Files.writeString(
        dir.resolve("config/application.properties"), "rolloutguard.rules.rg001.mode=warn\n");
    CheckRun local = CheckRun.run(dir, "m.yaml");
    assertTrue(local.out().contains("[RG001] spec.template.spec.containers[0].imagePullPolicy"));
    assertTrue(local.out().contains("(warning)"), local.out());
    // The environment beats the file; -D beats the environment; --config beats them all.
    Map<String, String> env = Map.of("ROLLOUTGUARD_RULES_RG001_MODE", "enforce");
    assertTrue(CheckRun.run(dir, "", env, new Properties(), "m.yaml").out().contains("(mutation)"));
    Properties system = new Properties();
    system.setProperty("rolloutguard.rules.rg001.mode", "off");
    assertFalse(CheckRun.run(dir, "", env, system, "m.yaml").out().contains("[RG001]"));
    Files.writeString(dir.resolve("strict.properties"), "rolloutguard.rules.rg001.mode=audit\n");
    CheckRun explicit =
        CheckRun.run(dir, "", env, system, "--config", "strict.properties", "m.yaml");
    assertTrue(explicit.out().contains("(audit)"), explicit.out());
  }

  @Test
  void anInvalidSettingNamesTheProperty() throws IOException {
    Files.writeString(dir.resolve("m.yaml"), GOOD);
    Files.writeString(dir.resolve("bad.properties"), "rolloutguard.rules.rg003.mode=sometimes\n");
    CheckRun run = CheckRun.run(dir, "--config", "bad.properties", "m.yaml");
    assertEquals(2, run.exit());
    assertEquals(1, run.errLines().size(), run.err());
    assertTrue(run.err().contains("rolloutguard.rules.rg003.mode"), run.err());
    Files.writeString(
        dir.resolve("bad.properties"), "rolloutguard.images.mutable-tag-patterns=[\n");
    CheckRun regex = CheckRun.run(dir, "--config", "bad.properties", "m.yaml");
    assertEquals(2, regex.exit());
    assertTrue(regex.err().contains("rolloutguard.images.mutable-tag-patterns"), regex.err());
  }

  @Test
  void fixWritesTheMutationOnceAndKeepsTheRest() throws IOException {
    Path file = dir.resolve("all.yaml");
    String original =
        "# kubia, as in the book\n" + CONFIG_MAP + "---\n" + MUTABLE + "---\n" + DENIED;
    Files.writeString(file, original);
    CheckRun first = CheckRun.run(dir, "--fix", "all.yaml");
    assertEquals(1, first.exit(), "the denial remains");
    assertTrue(first.out().contains("(fixed)"), first.out());
    String fixed = Files.readString(file);
    assertTrue(fixed.contains("imagePullPolicy: Always"), fixed);
    assertTrue(fixed.contains("  minReadySeconds: 10"), fixed);
    assertTrue(fixed.contains("image: luksa/kubia:latest # the seed's image"), "comments stay");
    assertTrue(fixed.startsWith("# kubia, as in the book\n" + CONFIG_MAP + "---\n"), fixed);
    assertTrue(fixed.endsWith("---\n" + DENIED), "the other documents stay byte for byte");

    CheckRun second = CheckRun.run(dir, "--fix", "all.yaml");
    assertEquals(1, second.exit());
    assertFalse(second.out().contains("(fixed)"), second.out());
    assertTrue(second.out().contains("0 fixed"), second.out());
    assertEquals(fixed, Files.readString(file), "a second --fix changes nothing");
  }

  @Test
  void fixKeepsJsonFormatting() throws IOException {
    Path file = dir.resolve("kubia.json");
    // Four-space indentation, unlike Jackson's: a document written anew would show.
    String json =
        JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsString(
                new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(MUTABLE))
            .replace("  ", "    ");
    Files.writeString(file, json);
    assertEquals(0, CheckRun.run(dir, "--fix", "kubia.json").exit());
    String fixed = Files.readString(file, StandardCharsets.UTF_8);
    JsonNode object = JSON.readTree(fixed);
    assertEquals("Always", object.at("/spec/template/spec/containers/0/imagePullPolicy").asText());
    assertEquals(10, object.at("/spec/minReadySeconds").asInt());
    assertEquals(json.lines().count() + 1, fixed.lines().count(), fixed);
    assertTrue(fixed.contains("\n        },\n        \"minReadySeconds\": 10\n    }"), fixed);
    assertTrue(fixed.contains("\n        \"replicas\" : 3"), "the formatting stays: " + fixed);
    assertEquals(0, CheckRun.run(dir, "--fix", "kubia.json").exit());
    assertEquals(fixed, Files.readString(file), "a second --fix changes nothing");
  }

  @Test
  void withoutFixTheMutationIsShownAsADiff() throws IOException {
    Files.writeString(dir.resolve("m.yaml"), MUTABLE);
    CheckRun run = CheckRun.run(dir, "m.yaml");
    assertEquals(0, run.exit());
    assertTrue(
        run.out()
            .contains(
                """
                --- m.yaml
                +++ m.yaml (as admitted; --fix writes it)
                @@ -15,6 +15,7 @@
                       containers:
                         - name: nodejs
                           image: luksa/kubia:latest # the seed's image
                -          imagePullPolicy: IfNotPresent
                +          imagePullPolicy: Always
                           readinessProbe:
                             httpGet: {path: /, port: 8080}
                +  minReadySeconds: 10
                """),
        run.out());
    assertEquals(MUTABLE, Files.readString(dir.resolve("m.yaml")), "nothing written");
  }
}
