package io.rolloutguard.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * For scripts: the shape the README documents, versioned by {@code "version": 1}. Fields are only
 * ever added within a version.
 */
final class JsonFormat {

  static final int VERSION = 1;

  private JsonFormat() {}

  static String render(CheckReport report, ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    root.put("version", VERSION);
    ObjectNode summary = root.putObject("summary");
    summary.put("objects", report.results().size());
    summary.put("denied", report.denied());
    summary.put("warnings", report.count(Issue.Severity.WARN));
    summary.put("mutated", report.mutated());
    summary.put("fixed", report.fixed());
    summary.put("skipped", report.skipped().size());
    summary.put("errors", report.errors().size());
    summary.put("exitCode", report.exitCode());
    summary.put("notEvaluated", CheckReport.NOT_EVALUATED);
    ArrayNode objects = root.putArray("objects");
    for (ObjectResult r : report.results()) {
      ObjectNode o = location(objects.addObject(), r.object());
      o.put("allowed", !r.denied());
      o.put("mutated", r.mutated());
      if (r.mutated()) {
        o.set("patch", r.patch());
      }
      ArrayNode findings = o.putArray("findings");
      for (Issue i : r.issues()) {
        ObjectNode f = findings.addObject();
        f.put("rule", i.rule().name());
        f.put("name", i.rule().slug());
        f.put("outcome", i.severity().label());
        f.put("field", i.field());
        f.put("line", i.line());
        f.put("message", i.message());
      }
    }
    ArrayNode skipped = root.putArray("skipped");
    report.skipped().forEach(s -> location(skipped.addObject(), s));
    ArrayNode errors = root.putArray("errors");
    for (ManifestReader.InputError e : report.errors()) {
      ObjectNode error = errors.addObject();
      error.put("file", e.display());
      if (e.line() > 0) {
        error.put("line", e.line());
      }
      error.put("message", e.message());
    }
    try {
      return mapper.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode location(ObjectNode node, ManifestObject object) {
    node.put("file", object.source().display());
    node.put("document", object.document().index());
    if (object.item() >= 0) {
      node.put("item", object.item());
    }
    node.put("line", object.line());
    if (object.document().helmSource() != null) {
      node.put("helmSource", object.document().helmSource());
    }
    node.put("apiVersion", object.apiVersion());
    node.put("kind", object.kind());
    node.put("namespace", object.namespace());
    node.put("name", object.name());
    return node;
  }
}
