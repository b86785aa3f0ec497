package io.rolloutguard.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One document of a file: a YAML document between {@code ---} markers, or one JSON value.
 *
 * @param index 1-based position in the file, counting empty documents
 * @param line 1-based line where its content starts
 * @param spans by JSON pointer ({@code ""} for the root, {@code /spec/replicas})
 * @param helmSource the {@code # Source:} comment {@code helm template} puts before a document
 */
record Document(int index, int line, JsonNode root, Map<String, Span> spans, String helmSource) {

  Span rootSpan() {
    return spans.get("");
  }

  /** The line of the deepest existing value on the pointer's path, else the document's line. */
  int lineOf(String pointer) {
    String p = pointer;
    while (true) {
      Span span = spans.get(p);
      if (span != null) {
        return span.line();
      }
      if (p.isEmpty()) {
        return line;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }
}
