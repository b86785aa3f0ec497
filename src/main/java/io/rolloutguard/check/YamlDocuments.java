package io.rolloutguard.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Multi-document YAML into JSON trees with the position of every value. SnakeYAML's node graph is
 * read rather than its Java objects, because only nodes carry marks; scalars are typed as YAML 1.1
 * resolves them, which is what kubectl's YAML decoder does too.
 */
final class YamlDocuments {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  /**
   * Values one file may expand to through aliases, beyond its own text: a few aliases to aliases (a
   * "billion laughs") would otherwise build more trees and spans than any heap holds.
   */
  static final int EXPANSION_BASE = 100_000;

  private final String text;
  private final int[] charOffsets;

  /** The nodes being converted, outermost first: an alias to one of them is a cycle. */
  private final Set<Node> converting = Collections.newSetFromMap(new IdentityHashMap<>());

  private long budget;

  private YamlDocuments(String text) {
    this.text = text;
    this.charOffsets = codePointOffsets(text);
    this.budget = EXPANSION_BASE + 2L * text.length();
  }

  static List<Document> parse(String text) {
    return new YamlDocuments(text).documents();
  }

  private List<Document> documents() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setAllowDuplicateKeys(false);
    List<Document> documents = new ArrayList<>();
    int index = 0;
    int previousEnd = 0;
    try {
      for (Node root : new Yaml(options).composeAll(new StringReader(text))) {
        index++;
        if (root instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
          continue;
        }
        Map<String, Span> spans = new HashMap<>();
        JsonNode tree = convert(root, "", line(root.getStartMark()), spans);
        int start = offset(root.getStartMark());
        documents.add(
            new Document(
                index,
                line(root.getStartMark()),
                tree,
                spans,
                HelmSource.before(text, previousEnd, start)));
        previousEnd = offset(root.getEndMark());
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String where = mark == null ? "" : "line " + line(mark) + ": ";
      throw new CheckException(
          "invalid YAML: "
              + where
              + oneLine(e.getProblem() != null ? e.getProblem() : e.getContext()));
    } catch (YAMLException e) {
      throw new CheckException("invalid YAML: " + oneLine(e.getMessage()));
    }
    return documents;
  }

  private JsonNode convert(Node node, String pointer, int line, Map<String, Span> spans) {
    if (--budget < 0) {
      throw new CheckException(
          "invalid YAML: aliases expand to more values than "
              + EXPANSION_BASE
              + " plus twice the file's length");
    }
    if (!converting.add(node)) {
      throw new CheckException(
          "invalid YAML: line " + line + ": an alias refers to a value that contains it");
    }
    try {
      return convertOnce(node, pointer, line, spans);
    } finally {
      converting.remove(node);
    }
  }

  private JsonNode convertOnce(Node node, String pointer, int line, Map<String, Span> spans) {
    int start = offset(node.getStartMark());
    int end = offset(node.getEndMark());
    if (node instanceof ScalarNode scalar) {
      // A block scalar (| or >) ends after its line breaks, on the next line: not its own text.
      while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
        end--;
      }
      spans.put(pointer, Span.scalar(line, start, end));
      return scalar(scalar);
    }
    if (node instanceof SequenceNode sequence) {
      var array = NODES.arrayNode();
      int lastEnd = end;
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        Node item = items.get(i);
        String child = pointer + "/" + i;
        array.add(convert(item, child, line(item.getStartMark()), spans));
        lastEnd = spans.get(child).lastEnd();
      }
      boolean flow = sequence.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
      spans.put(pointer, new Span(line, start, end, flow, -1, flow ? end : lastEnd));
      return array;
    }
    MappingNode mapping = (MappingNode) node;
    ObjectNode object = NODES.objectNode();
    int keyColumn = -1;
    int lastEnd = end;
    Map<String, JsonNode> merged = new HashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw new CheckException(
            "invalid YAML: line "
                + line(tuple.getKeyNode().getStartMark())
                + ": a key must be a string");
      }
      if (key.getTag().equals(Tag.MERGE)) {
        merge(tuple.getValueNode(), merged);
        continue;
      }
      String name = key.getValue();
      if (object.has(name)) {
        throw new CheckException(
            "invalid YAML: line " + line(key.getStartMark()) + ": duplicate key \"" + name + "\"");
      }
      if (keyColumn < 0) {
        keyColumn = key.getStartMark().getColumn();
      }
      String child = pointer + "/" + escape(name);
      object.set(name, convert(tuple.getValueNode(), child, line(key.getStartMark()), spans));
      lastEnd = spans.get(child).lastEnd();
    }
    merged.forEach(object::putIfAbsent);
    boolean flow = mapping.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
    spans.put(pointer, new Span(line, start, end, flow, keyColumn, flow ? end : lastEnd));
    return object;
  }

  /** {@code <<: *anchor}: keys of the anchored mapping(s) that the mapping does not set itself. */
  private void merge(Node value, Map<String, JsonNode> into) {
    List<Node> sources = value instanceof SequenceNode s ? s.getValue() : List.of(value);
    for (Node source : sources) {
      JsonNode tree = convert(source, "/<<", line(source.getStartMark()), new HashMap<>());
      if (!tree.isObject()) {
        throw new CheckException(
            "invalid YAML: line " + line(source.getStartMark()) + ": << must merge a mapping");
      }
      tree.fields().forEachRemaining(e -> into.putIfAbsent(e.getKey(), e.getValue()));
    }
  }

  private static JsonNode scalar(ScalarNode node) {
    String value = node.getValue();
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return NODES.nullNode();
    }
    if (tag.equals(Tag.BOOL)) {
      String v = value.toLowerCase(Locale.ROOT);
      return NODES.booleanNode(v.equals("true") || v.equals("yes") || v.equals("on"));
    }
    if (tag.equals(Tag.INT)) {
      BigInteger number = integer(value);
      if (number != null) {
        return number.bitLength() < 32
            ? NODES.numberNode(number.intValue())
            : number.bitLength() < 64
                ? NODES.numberNode(number.longValue())
                : NODES.numberNode(number);
      }
    }
    if (tag.equals(Tag.FLOAT)) {
      try {
        double d = Double.parseDouble(value.replace("_", ""));
        if (Double.isFinite(d)) {
          return NODES.numberNode(d);
        }
      } catch (NumberFormatException e) {
        // .inf, .nan and sexagesimal floats have no JSON form; keep the text.
      }
    }
    return NODES.textNode(value);
  }

  /** YAML 1.1 integers: signs, underscores, 0b, 0x, leading-zero octal, sexagesimal. */
  private static BigInteger integer(String text) {
    String v = text.replace("_", "");
    boolean negative = v.startsWith("-");
    if (v.startsWith("-") || v.startsWith("+")) {
      v = v.substring(1);
    }
    try {
      BigInteger result;
      if (v.contains(":")) {
        result = BigInteger.ZERO;
        for (String part : v.split(":")) {
          result = result.multiply(BigInteger.valueOf(60)).add(new BigInteger(part));
        }
      } else if (v.startsWith("0b")) {
        result = new BigInteger(v.substring(2), 2);
      } else if (v.startsWith("0x")) {
        result = new BigInteger(v.substring(2), 16);
      } else if (v.length() > 1 && v.startsWith("0")) {
        result = new BigInteger(v.substring(1), 8);
      } else {
        result = new BigInteger(v);
      }
      return negative ? result.negate() : result;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static int line(Mark mark) {
    return mark.getLine() + 1;
  }

  private int offset(Mark mark) {
    int index = mark.getIndex();
    if (charOffsets == null) {
      return Math.min(index, text.length());
    }
    return index < charOffsets.length ? charOffsets[index] : text.length();
  }

  /** SnakeYAML counts code points; null when they equal chars (no surrogate pairs). */
  private static int[] codePointOffsets(String text) {
    int count = text.codePointCount(0, text.length());
    if (count == text.length()) {
      return null;
    }
    int[] offsets = new int[count + 1];
    int c = 0;
    for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
      offsets[c++] = i;
    }
    offsets[count] = text.length();
    return offsets;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s+", " ").strip();
  }
}
