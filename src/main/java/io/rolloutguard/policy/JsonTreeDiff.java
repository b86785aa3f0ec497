package io.rolloutguard.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A JSON Patch (add, remove, replace) from one tree to another, in one walk of both trees: objects
 * field by field, arrays index by index. Its cost is linear in the size of the trees, where a diff
 * that looks for moved array elements (an LCS table) grows with the product of two lists' lengths:
 * 4,000 containers made a 4,001 x 4,001 table and ran the heap out. A list that grew or shrank gets
 * per-index operations at its end, so an element inserted at the front becomes a replace per
 * shifted index: longer than a move, but still only the changed values.
 */
public final class JsonTreeDiff {

  private JsonTreeDiff() {}

  /** The operations that turn {@code before} into {@code after}; empty when they are equal. */
  public static ArrayNode diff(JsonNode before, JsonNode after) {
    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    walk("", before, after, ops);
    return ops;
  }

  private static void walk(String path, JsonNode before, JsonNode after, ArrayNode ops) {
    if (before.isObject() && after.isObject()) {
      objects(path, (ObjectNode) before, (ObjectNode) after, ops);
    } else if (before.isArray() && after.isArray()) {
      arrays(path, (ArrayNode) before, (ArrayNode) after, ops);
    } else if (!before.equals(after)) {
      op(ops, "replace", path).set("value", after.deepCopy());
    }
  }

  private static void objects(String path, ObjectNode before, ObjectNode after, ArrayNode ops) {
    for (Iterator<Map.Entry<String, JsonNode>> it = before.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String child = path + "/" + escape(field.getKey());
      JsonNode next = after.get(field.getKey());
      if (next == null) {
        op(ops, "remove", child);
      } else {
        walk(child, field.getValue(), next, ops);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!before.has(field.getKey())) {
        op(ops, "add", path + "/" + escape(field.getKey()))
            .set("value", field.getValue().deepCopy());
      }
    }
  }

  private static void arrays(String path, ArrayNode before, ArrayNode after, ArrayNode ops) {
    int common = Math.min(before.size(), after.size());
    for (int i = 0; i < common; i++) {
      walk(path + "/" + i, before.get(i), after.get(i), ops);
    }
    for (int i = common; i < after.size(); i++) {
      op(ops, "add", path + "/" + i).set("value", after.get(i).deepCopy());
    }
    // From the end, so that each index is still the element meant when the op is applied.
    for (int i = before.size() - 1; i >= common; i--) {
      op(ops, "remove", path + "/" + i);
    }
  }

  private static ObjectNode op(ArrayNode ops, String name, String path) {
    return ops.addObject().put("op", name).put("path", path);
  }

  /** RFC 6901: '~' first, so that the '~' of an escaped '/' is not escaped again. */
  static String escape(String key) {
    return key.indexOf('~') < 0 && key.indexOf('/') < 0
        ? key
        : key.replace("~", "~0").replace("/", "~1");
  }
}
