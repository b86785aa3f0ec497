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
    List<TextEdits.Edit> all = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    byDocument.forEach(
        (document, mutated) -> {
          JsonNode expected = expected(document, mutated);
          List<TextEdits.Edit> edits = small(source, document, mutated);
          if (edits == null || !verify(source, document, edits, expected)) {
            edits = List.of(whole(source, document, expected));
            if (!verify(source, document, edits, expected)) {
              problems.add(
                  source.display()
                      + ":"
                      + document.line()
                      + ": cannot write the fix of document "
                      + document.index()
                      + "; apply the diff by hand");
              return;
            }
          }
          all.addAll(edits);
        });
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

  /**
   * True when the document's text, edited, parses back to what admission would store. Only the
   * document's own lines are parsed, so one document's fix never depends on another's.
   */
  private static boolean verify(
      Source source, Document document, List<TextEdits.Edit> edits, JsonNode expected) {
    String text = source.text();
    int from = text.lastIndexOf('\n', document.rootSpan().start() - 1) + 1;
    int to = regionEnd(source, document);
    List<TextEdits.Edit> local = new ArrayList<>();
    for (TextEdits.Edit e : edits) {
      if (e.start() < from || e.end() > to) {
        return false;
      }
      local.add(new TextEdits.Edit(e.start() - from, e.end() - from, e.replacement()));
    }
    String edited;
    List<Document> parsed;
    try {
      edited = TextEdits.apply(text.substring(from, to), local);
      parsed = source.json() ? JsonDocuments.parse(edited) : YamlDocuments.parse(edited);
    } catch (CheckException | IllegalArgumentException e) {
      return false;
    }
    return parsed.size() == 1 && parsed.get(0).root().equals(NUMBERS_BY_VALUE, expected);
  }

  /** Where a document's text ends: after its JSON value, or at the end of its last YAML line. */
  private static int regionEnd(Source source, Document document) {
    Span root = document.rootSpan();
    if (source.json()) {
      return root.end();
    }
    int eol = source.text().indexOf('\n', root.lastEnd());
    return eol < 0 ? source.text().length() : eol;
  }

  /** One small edit per patch operation, or null when an operation has no small form. */
  private List<TextEdits.Edit> small(Source source, Document document, List<ObjectResult> mutated) {
    List<TextEdits.Edit> edits = new ArrayList<>();
    for (ObjectResult r : mutated) {
      for (JsonNode op : r.patch()) {
        TextEdits.Edit edit = edit(source, document, r.object().pointer(), op);
        if (edit == null) {
          return null;
        }
        edits.add(edit);
      }
    }
    try {
      TextEdits.sorted(edits);
    } catch (IllegalArgumentException e) {
      return null;
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
        // After the last member, on a line of its own, indented like the first.
        String lastKey = null;
        for (var names = parent.fieldNames(); names.hasNext(); ) {
          lastKey = names.next();
        }
        Span last = document.spans().get(parentPath + "/" + YamlDocuments.escape(lastKey));
        return insert(
            last.lastEnd(),
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
      String rendered = yaml.writeValueAsString(expected).stripTrailing();
      // A block mapping cannot start after "--- " or indentation: begin it on a line of its own.
      boolean lineStart = root.start() == 0 || text.charAt(root.start() - 1) == '\n';
      return new TextEdits.Edit(
          root.start(), regionEnd(source, document), (lineStart ? "" : "\n") + rendered);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
