package io.rolloutguard.check;

/** Kubernetes field paths, as rules report them, to JSON pointers. */
final class FieldPaths {

  private FieldPaths() {}

  /**
   * {@code spec.template.spec.containers[0].image} to {@code
   * /spec/template/spec/containers/0/image}.
   */
  static String pointer(String field) {
    if (field == null || field.isEmpty()) {
      return "";
    }
    StringBuilder pointer = new StringBuilder();
    for (String part : field.split("\\.")) {
      int bracket = part.indexOf('[');
      String name = bracket < 0 ? part : part.substring(0, bracket);
      if (!name.isEmpty()) {
        pointer.append('/').append(YamlDocuments.escape(name));
      }
      while (bracket >= 0) {
        int close = part.indexOf(']', bracket);
        if (close < 0) {
          break;
        }
        pointer.append('/').append(part, bracket + 1, close);
        bracket = part.indexOf('[', close);
      }
    }
    return pointer.toString();
  }
}
