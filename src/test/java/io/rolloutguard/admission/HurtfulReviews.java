package io.rolloutguard.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.IntFunction;

/**
 * Reviews shaped to hurt: each is the kubia Deployment of deployment-good-kubia-v1 with one list or
 * string blown up, generated here so that no multi-MB fixture is committed.
 */
final class HurtfulReviews {

  private HurtfulReviews() {}

  /**
   * {@code count} containers on {@code :latest}: 4,000 is the 421 KB review that ran out the heap.
   */
  static String containers(int count) {
    return withPodSpec(
        spec ->
            spec.set(
                "containers",
                array(
                    count,
                    i ->
                        AdmissionClient.MAPPER
                            .createObjectNode()
                            .put("name", "c" + i)
                            .put("image", "luksa/kubia:latest"))));
  }

  /** A dotted digest of {@code kilobytes} KB: it overflowed the stack in the digest regex. */
  static String longImage(int kilobytes) {
    return withPodSpec(
        spec ->
            ((ObjectNode) spec.path("containers").get(0))
                .put("image", "x@" + "a.".repeat(kilobytes * 512)));
  }

  static String envVars(int count) {
    return withPodSpec(
        spec ->
            ((ObjectNode) spec.path("containers").get(0))
                .set(
                    "env",
                    array(
                        count,
                        i ->
                            AdmissionClient.MAPPER
                                .createObjectNode()
                                .put("name", "V" + i)
                                .put("value", "x"))));
  }

  static String ownerReferences(int count) {
    ObjectNode review = kubia();
    ((ObjectNode) review.at("/request/object/metadata"))
        .set(
            "ownerReferences",
            array(
                count,
                i ->
                    AdmissionClient.MAPPER
                        .createObjectNode()
                        .put("apiVersion", "v1")
                        .put("kind", "ConfigMap")
                        .put("name", "cm" + i)
                        .put("uid", "00000000-0000-0000-0000-" + String.format("%012d", i))));
    return review.toString();
  }

  static String selectorTerms(int count) {
    ObjectNode review = kubia();
    ObjectNode expression =
        ((ObjectNode) review.at("/request/object/spec/selector"))
            .putArray("matchExpressions")
            .addObject()
            .put("key", "app")
            .put("operator", "In");
    expression.set(
        "values", array(count, i -> AdmissionClient.MAPPER.getNodeFactory().textNode("v" + i)));
    return review.toString();
  }

  /** One annotation of {@code bytes} characters: a string as long as the body allows. */
  static String longString(int bytes) {
    ObjectNode review = kubia();
    ((ObjectNode) review.at("/request/object/metadata"))
        .putObject("annotations")
        .put("note", "x".repeat(bytes));
    return review.toString();
  }

  /** {@code depth} nested arrays and nothing else: recursive readers overflow the stack. */
  static String deepArrays(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  /**
   * A field nested {@code depth} levels inside a container, where the model keeps unknown fields.
   */
  static String deepObject(int depth) {
    return withPodSpec(
        spec ->
            ((ObjectNode) spec.path("containers").get(0))
                .set(
                    "x",
                    AdmissionClient.MAPPER
                        .createArrayNode()
                        .addRawValue(
                            new com.fasterxml.jackson.databind.util.RawValue(
                                "[".repeat(depth) + "]".repeat(depth)))));
  }

  static String longNumber(int digits) {
    return kubia().toString().replace("\"replicas\":3", "\"replicas\":" + "9".repeat(digits));
  }

  private static ObjectNode kubia() {
    return AdmissionClient.fixture("deployment-good-kubia-v1");
  }

  private static String withPodSpec(java.util.function.Consumer<ObjectNode> change) {
    ObjectNode review = kubia();
    change.accept((ObjectNode) review.at("/request/object/spec/template/spec"));
    return review.toString();
  }

  private static ArrayNode array(
      int count, IntFunction<? extends com.fasterxml.jackson.databind.JsonNode> element) {
    ArrayNode array = AdmissionClient.MAPPER.createArrayNode();
    for (int i = 0; i < count; i++) {
      array.add(element.apply(i));
    }
    return array;
  }
}
