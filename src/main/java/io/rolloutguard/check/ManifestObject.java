package io.rolloutguard.check;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Kubernetes object found in the input: a document, or an item of a List document.
 *
 * @param pointer where the object sits in its document: {@code ""}, or {@code /items/3}
 * @param item 0-based index in its List, or -1
 */
record ManifestObject(Source source, Document document, String pointer, int item, JsonNode object) {

  String apiVersion() {
    return object.path("apiVersion").asText();
  }

  String kind() {
    return object.path("kind").asText();
  }

  String name() {
    return object.path("metadata").path("name").asText("");
  }

  /** Where kubectl would put it: its own namespace, else the usual context default. */
  String namespace() {
    String namespace = object.path("metadata").path("namespace").asText("");
    return namespace.isEmpty() ? "default" : namespace;
  }

  int line() {
    return document.lineOf(pointer);
  }

  /** The line of a field given by its Kubernetes path, for example {@code spec.selector}. */
  int lineOf(String field) {
    return document.lineOf(pointer + FieldPaths.pointer(field));
  }

  /** For example {@code apps/v1 Deployment default/kubia}. */
  String describe() {
    return apiVersion() + " " + kind() + " " + namespace() + "/" + name();
  }
}
