package io.rolloutguard.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the mutations into edits of the file's text. Each patch operation becomes a small edit (a
 * value replaced, a key inserted after its siblings), so comments, order and the other documents
 * stay as they were. Every edited document is parsed again and must equal the admitted object; one
 * that does not is rewritten whole, and if even that fails, left alone and reported.
 */
final class FixPlanner {

  /**
   * @param text the file's new text
   * @param problems one line per document that could not be fixed
   */
  record Plan(Source source, String text, List<TextEdits.Edit> edits, List<String> problems) {
    boolean changed() {
      return !edits.isEmpty();
    }
  }

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]*");
  private static final Set<String> RESERVED =
      Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null");
  private static final Comparator<JsonNode> NUMBERS_BY_VALUE =
      (a, b) ->
          a.equals(b)
              ? 0
              : a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : 1;

  private final ObjectMapper json;
  private final ObjectMapper yaml;

  FixPlanner(ObjectMapper json) {
    this.json = json;
    this.yaml =
        new YAMLMapper(
            YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build());
  }

  /**
   * @param results the results of this source's objects; those without a patch are ignored
   */
  Plan plan(Source source, List<ObjectResult> results) {
    Map<Document, List<ObjectResult>> byDocument = new LinkedHashMap<>();
    for (ObjectResult r : results) {
      if (r.mutated()) {
        byDocument.computeIfAbsent(r.object().document(), d -> new ArrayList<>()).add(r);
      }
    }
    Map<Document, List<TextEdits.Edit>> edits = new LinkedHashMap<>();
    Map<Document, JsonNode> expected = new LinkedHashMap<>();
    byDocument.forEach(
        (document, mutated) -> {
          expected.put(document, expected(document, mutated));
          edits.put(document, small(source, document, mutated));
        });
    List<Document> wrong = verify(source, edits, expected);
    for (Document document : wrong) {
      edits.put(document, List.of(whole(source, document, expected.get(document))));
    }
    List<String> problems = new ArrayList<>();
    if (!wrong.isEmpty()) {
      for (Document document : verify(source, edits, expected)) {
        edits.remove(document);
        problems.add(
            source.display()
                + ":"
                + document.line()
                + ": cannot write the fix of document "
                + document.index()
                + "; apply the diff by hand");
      }
    }
    List<TextEdits.Edit> all = edits.values().stream().flatMap(List::stream).toList();
    return new Plan(source, TextEdits.apply(source.text(), all), all, problems);
  }

  private static JsonNode expected(Document document, List<ObjectResult> mutated) {
    JsonNode root = document.root().deepCopy();
    for (ObjectResult r : mutated) {
      if (r.object().item() < 0) {
        root = r.admitted();
      } else {
        ((ArrayNode) root.at("/items")).set(r.object().item(), r.admitted());
      }
    }
    return root;
  }

  /** The documents whose edited text does not parse back to what admission would store. */
  private static List<Document> verify(
      Source source, Map<Document, List<TextEdits.Edit>> edits, Map<Document, JsonNode> expected) {
    String text =
        TextEdits.apply(source.text(), edits.values().stream().flatMap(List::stream).toList());
    List<Document> parsed;
    try {
      parsed = source.json() ? JsonDocuments.parse(text) : YamlDocuments.parse(text);
    } catch (CheckException e) {
      return List.copyOf(edits.keySet());
    }
    List<Document> wrong = new ArrayList<>();
    for (Document document : edits.keySet()) {
      JsonNode actual =
          parsed.stream()
              .filter(d -> d.index() == document.index())
              .map(Document::root)
              .findFirst()
              .orElse(null);
      if (actual == null || !actual.equals(NUMBERS_BY_VALUE, expected.get(document))) {
        wrong.add(document);
      }
    }
    return wrong;
  }

  private List<TextEdits.Edit> small(Source source, Document document, List<ObjectResult> mutated) {
    List<TextEdits.Edit> edits = new ArrayList<>();
    for (ObjectResult r : mutated) {
      for (JsonNode op : r.patch()) {
        TextEdits.Edit edit = edit(source, document, r.object().pointer(), op);
        if (edit == null) {
          return List.of(whole(source, document, expected(document, mutated)));
        }
        edits.add(edit);
      }
    }
    try {
      TextEdits.sorted(edits);
    } catch (IllegalArgumentException e) {
      return List.of(whole(source, document, expected(document, mutated)));
    }
    return edits;
  }

  /** One add or replace of a mapping value, else null. */
  private TextEdits.Edit edit(Source source, Document document, String prefix, JsonNode op) {
    String path = prefix + op.path("path").asText();
    JsonNode value = op.get("value");
    String kind = op.path("op").asText();
    if (value == null || !(kind.equals("add") || kind.equals("replace"))) {
      return null;
    }
    Span span = document.spans().get(path);
    if (span != null) {
      return new TextEdits.Edit(span.start(), span.end(), value(source, value));
    }
    int slash = path.lastIndexOf('/');
    String parentPath = path.substring(0, slash);
    String key = path.substring(slash + 1).replace("~1", "/").replace("~0", "~");
    JsonNode parent = document.root().at(parentPath);
    Span parentSpan = document.spans().get(parentPath);
    if (!kind.equals("add") || !parent.isObject() || parentSpan == null) {
      return null;
    }
    String text = source.text();
    if (parentSpan.flow()) {
      boolean multiLine = text.substring(parentSpan.start(), parentSpan.end()).contains("\n");
      if (source.json() && multiLine && parent.size() > 0) {
        return insert(
            parentSpan.lastEnd(),
            ",\n"
                + " ".repeat(parentSpan.keyColumn())
                + key(source, key)
                + ": "
                + value(source, value));
      }
      int close = parentSpan.end() - 1;
      if (close < 0 || text.charAt(close) != '}') {
        return null;
      }
      return insert(
          close, (parent.size() > 0 ? ", " : "") + key(source, key) + ": " + value(source, value));
    }
    int eol = text.indexOf('\n', parentSpan.lastEnd());
    return insert(
        eol < 0 ? text.length() : eol,
        "\n" + " ".repeat(parentSpan.keyColumn()) + key(source, key) + ": " + value(source, value));
  }

  private static TextEdits.Edit insert(int at, String text) {
    return new TextEdits.Edit(at, at, text);
  }

  private String key(Source source, String key) {
    return source.json() ? jsonText(json.getNodeFactory().textNode(key)) : yamlScalar(key);
  }

  /** Scalars plain where YAML reads them back the same; collections in flow (JSON) style. */
  private String value(Source source, JsonNode value) {
    if (!source.json() && value.isTextual()) {
      return yamlScalar(value.asText());
    }
    return jsonText(value);
  }

  private String yamlScalar(String text) {
    boolean plain =
        PLAIN.matcher(text).matches() && !RESERVED.contains(text.toLowerCase(Locale.ROOT));
    return plain ? text : jsonText(json.getNodeFactory().textNode(text));
  }

  private String jsonText(JsonNode value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The whole document written anew: comments inside it are lost, the other documents kept. */
  private TextEdits.Edit whole(Source source, Document document, JsonNode expected) {
    Span root = document.rootSpan();
    String text = source.text();
    try {
      if (source.json()) {
        String pretty =
            json.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(expected);
        return new TextEdits.Edit(root.start(), root.end(), pretty);
      }
      int eol = text.indexOf('\n', root.lastEnd());
      String rendered = yaml.writeValueAsString(expected).stripTrailing();
      return new TextEdits.Edit(root.start(), eol < 0 ? text.length() : eol, rendered);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
