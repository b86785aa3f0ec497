package io.rolloutguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading documents: YAML 1.1 scalars as kubectl types them, positions, merges, JSON streams. */
class DocumentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> scalars() {
    return Stream.of(
        Arguments.of("3", "3"),
        Arguments.of("0755", "493"),
        Arguments.of("0x1F", "31"),
        Arguments.of("1_000", "1000"),
        Arguments.of("-12345678901", "-12345678901"),
        Arguments.of("1.5", "1.5"),
        Arguments.of("on", "true"),
        Arguments.of("No", "false"),
        Arguments.of("\"on\"", "\"on\""),
        Arguments.of("~", "null"),
        Arguments.of("", "null"),
        Arguments.of("2024-01-01", "\"2024-01-01\""),
        Arguments.of(".inf", "\".inf\""),
        Arguments.of("luksa/kubia:v1", "\"luksa/kubia:v1\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scalars")
  void yamlScalarsAreTypedAsYaml11(String yaml, String json) throws Exception {
    JsonNode value = YamlDocuments.parse("v: " + yaml + "\n").get(0).root().get("v");
    assertEquals(JSON.readTree(json), value);
  }

  @Test
  void everyValueKnowsItsLine() {
    Document doc =
        YamlDocuments.parse(
                """
                # comment
                apiVersion: v1
                kind: Pod
                spec:
                  containers:
                    - name: a
                      image: x
                    - {name: b, image: y}
                """)
            .get(0);
    assertEquals(2, doc.line());
    assertEquals(5, doc.lineOf("/spec/containers"));
    assertEquals(7, doc.lineOf("/spec/containers/0/image"));
    assertEquals(8, doc.lineOf("/spec/containers/1/image"));
    assertEquals(6, doc.lineOf("/spec/containers/0/imagePullPolicy"), "nearest existing field");
    assertTrue(doc.spans().get("/spec/containers/1").flow());
  }

  @Test
  void documentsAreCountedWithTheEmptyOnes() {
    List<Document> docs =
        YamlDocuments.parse("---\n# only a comment\n---\nkind: A\n---\n---\nkind: B\n");
    assertEquals(List.of(2, 4), docs.stream().map(Document::index).toList());
    assertEquals(List.of(4, 7), docs.stream().map(Document::line).toList());
  }

  @Test
  void anchorsAndMergeKeysAreResolved() throws Exception {
    JsonNode root =
        YamlDocuments.parse("base: &b {x: 1, y: 1}\nderived:\n  <<: *b\n  y: 2\ncopy: *b\n")
            .get(0)
            .root();
    assertEquals(JSON.readTree("{\"x\":1,\"y\":2}"), root.get("derived"));
    assertEquals(root.get("base"), root.get("copy"));
  }

  @Test
  void helmSourceCommentsNameTheirDocument() {
    List<Document> docs =
        YamlDocuments.parse(
            "---\n# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/templates/b.yaml\nkind: B\n");
    assertEquals("c/templates/a.yaml", docs.get(0).helmSource());
    assertEquals("c/templates/b.yaml", docs.get(1).helmSource());
    assertNull(YamlDocuments.parse("kind: A\n").get(0).helmSource());
  }

  @Test
  void jsonStreamsAreDocumentsToo() {
    List<Document> docs =
        JsonDocuments.parse("{\"kind\": \"A\"}\n{\n  \"kind\": \"B\",\n  \"n\": 7\n}\n");
    assertEquals(2, docs.size());
    assertEquals(2, docs.get(1).line());
    assertEquals(4, docs.get(1).lineOf("/n"));
    assertEquals(7, docs.get(1).root().get("n").asInt());
  }

  @Test
  void malformedInputNamesTheLine() {
    assertTrue(
        assertThrows(CheckException.class, () -> YamlDocuments.parse("a: 1\nb: [\n"))
            .getMessage()
            .startsWith("invalid YAML: line "));
    assertEquals(
        "invalid JSON: line 2: Unexpected end-of-input: expected close marker for Object",
        assertThrows(CheckException.class, () -> JsonDocuments.parse("{\n")).getMessage());
  }

  @Test
  void fieldPathsBecomePointers() {
    assertEquals(
        "/spec/template/spec/containers/0/image",
        FieldPaths.pointer("spec.template.spec.containers[0].image"));
    assertEquals("/spec/a/1/2", FieldPaths.pointer("spec.a[1][2]"));
    assertEquals("", FieldPaths.pointer(""));
  }

  /** Found by ManifestReaderFuzzTest: an alias inside its own anchor overflowed the stack. */
  @Test
  void anAliasInsideItsOwnAnchorIsInvalidYaml() {
    CheckException e =
        assertThrows(CheckException.class, () -> YamlDocuments.parse("a: &a\n  b: *a\n"));
    assertEquals(
        "invalid YAML: line 2: an alias refers to a value that contains it", e.getMessage());
    CheckException list =
        assertThrows(CheckException.class, () -> YamlDocuments.parse("&l [1, *l]\n"));
    assertTrue(list.getMessage().contains("an alias refers to a value that contains it"));
  }

  /** 48 aliases, each doubling the one before: 2^25 values from 1 KB, cut off early. */
  @Test
  void aliasesCannotExpandWithoutBound() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x]\n");
    for (int i = 1; i < 25; i++) {
      yaml.append("a").append(i).append(": &a").append(i);
      yaml.append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
    }
    CheckException e =
        assertThrows(CheckException.class, () -> YamlDocuments.parse(yaml.toString()));
    assertTrue(
        e.getMessage().startsWith("invalid YAML: aliases expand to more values"), e.getMessage());
    // The same anchors used a few times are fine.
    assertEquals(3, YamlDocuments.parse("a: &a [1, 2]\nb: *a\nc: *a\n").get(0).root().size());
  }
}
