package io.rolloutguard.check;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolloutguard.policy.JsonReadLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON, one document or several concatenated, into trees with the position of every value. The
 * tokens are walked by hand because a tree read by Jackson forgets where its values were.
 */
final class JsonDocuments {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(JsonReadLimits.CONSTRAINTS)
          .build();

  private final String text;
  private final JsonParser parser;

  private JsonDocuments(String text, JsonParser parser) {
    this.text = text;
    this.parser = parser;
  }

  static List<Document> parse(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      return new JsonDocuments(text, parser).documents();
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new CheckException(
          "invalid JSON: "
              + (at == null ? "" : "line " + at.getLineNr() + ": ")
              + e.getOriginalMessage()
                  .lines()
                  .findFirst()
                  .orElse("")
                  .replaceFirst("\\s*\\(start marker at .*$", ""));
    } catch (IOException e) {
      throw new CheckException("invalid JSON: " + e.getMessage());
    }
  }

  private List<Document> documents() throws IOException {
    List<Document> documents = new ArrayList<>();
    int previousEnd = 0;
    JsonToken token;
    while ((token = parser.nextToken()) != null) {
      Map<String, Span> spans = new HashMap<>();
      int line = parser.currentTokenLocation().getLineNr();
      int start = (int) parser.currentTokenLocation().getCharOffset();
      JsonNode root = value(token, "", line, spans);
      documents.add(
          new Document(
              documents.size() + 1,
              line,
              root,
              spans,
              HelmSource.before(text, previousEnd, start)));
      previousEnd = spans.get("").end();
    }
    return documents;
  }

  private JsonNode value(JsonToken token, String pointer, int line, Map<String, Span> spans)
      throws IOException {
    int start = (int) parser.currentTokenLocation().getCharOffset();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        int keyColumn = -1;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          int keyLine = parser.currentTokenLocation().getLineNr();
          if (keyColumn < 0) {
            keyColumn = parser.currentTokenLocation().getColumnNr() - 1;
          }
          String child = pointer + "/" + YamlDocuments.escape(name);
          object.set(name, value(parser.nextToken(), child, keyLine, spans));
        }
        int end = (int) parser.currentLocation().getCharOffset();
        spans.put(pointer, new Span(line, start, end, true, keyColumn, end));
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        JsonToken item;
        while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
          String child = pointer + "/" + array.size();
          array.add(value(item, child, parser.currentTokenLocation().getLineNr(), spans));
        }
        int end = (int) parser.currentLocation().getCharOffset();
        spans.put(pointer, new Span(line, start, end, true, -1, end));
        return array;
      }
      default -> {
        JsonNode scalar = scalar(token);
        int end = (int) parser.currentLocation().getCharOffset();
        spans.put(pointer, Span.scalar(line, start, end));
        return scalar;
      }
    }
  }

  private JsonNode scalar(JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING -> NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT ->
          switch (parser.getNumberType()) {
            case INT -> NODES.numberNode(parser.getIntValue());
            case LONG -> NODES.numberNode(parser.getLongValue());
            default -> NODES.numberNode(parser.getBigIntegerValue());
          };
      case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default -> throw new CheckException("invalid JSON: unexpected " + token);
    };
  }
}
