package io.rolloutguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * --fix over the shapes YAML can take: whichever edit path it takes (small edits, or the document
 * written anew), the file must parse back to what admission would store, and a second run must find
 * nothing.
 */
class FixEditsTest {

  private static final String HEAD =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: x}
      spec:
        selector: {matchLabels: {app: x}}
        template:
          metadata: {labels: {app: x}}
          spec:
      """;

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of(
            "flow container", false, HEAD + "      containers: [{name: a, image: \"x:latest\"}]\n"),
        Arguments.of(
            "block scalar last",
            false,
            HEAD
                + """
                      containers:
                        - name: a
                          image: x:latest
                          args:
                            - |
                              two
                              lines
                """),
        Arguments.of(
            "keep-chomped block scalar last: the document is written anew",
            true,
            HEAD
                + """
                      containers:
                        - name: a
                          image: x:latest
                          args:
                            - |+
                              kept

                """),
        Arguments.of(
            "quoted value replaced",
            false,
            HEAD
                + """
                      containers:
                        - name: a
                          image: 'x:latest'
                          imagePullPolicy: "IfNotPresent"   # replaced in place
                """),
        Arguments.of(
            "wide characters before the edit",
            false,
            "# 🚀 deployed by ünïcode\n"
                + HEAD
                + "      containers:\n        - name: a  # 🚀\n          image: x:latest\n"),
        Arguments.of(
            "CRLF line ends",
            false,
            (HEAD + "      containers:\n        - name: a\n          image: x:latest\n")
                .replace("\n", "\r\n")),
        Arguments.of(
            "all in flow style",
            false,
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: x}
            spec: {selector: {matchLabels: {app: x}}, template: {metadata: {labels: {app: x}}, \
            spec: {containers: [{name: a, image: "x:latest", readinessProbe: {tcpSocket: {port: 1}}}]}}}
            """));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void fixedFilesParseBackToTheAdmittedObject(
      String name, boolean rewritten, String yaml, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("d.yaml"), "kind: ConfigMap\napiVersion: v1\n---\n" + yaml);
    CheckRun first = CheckRun.run(dir, "-o", "json", "--fix", "d.yaml");
    assertEquals(0, first.exit(), first.err() + first.out());
    JsonNode admitted =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(first.out()).at("/objects/0");
    assertTrue(admitted.get("mutated").asBoolean(), admitted.toString());

    String fixed = Files.readString(dir.resolve("d.yaml"));
    assertTrue(fixed.startsWith("kind: ConfigMap\napiVersion: v1\n---\n"), fixed);
    JsonNode original = YamlDocuments.parse(yaml).get(0).root();
    assertEquals(
        JsonPatch.apply(admitted.get("patch"), original),
        YamlDocuments.parse(fixed).get(1).root(),
        fixed);
    // Small edits keep every line but the one a value was replaced on.
    List<String> after = fixed.lines().toList();
    long kept = yaml.lines().filter(after::contains).count();
    assertEquals(!rewritten, kept >= yaml.lines().count() - 1, fixed);
    JsonNode container =
        YamlDocuments.parse(fixed).get(1).root().at("/spec/template/spec/containers/0");
    assertEquals("Always", container.get("imagePullPolicy").asText(), fixed);
    assertEquals("x:latest", container.get("image").asText());

    CheckRun second = CheckRun.run(dir, "--fix", "d.yaml");
    assertEquals(0, second.exit());
    assertTrue(second.out().contains("0 fixed"), second.out());
    assertEquals(fixed, Files.readString(dir.resolve("d.yaml")));
  }
}
