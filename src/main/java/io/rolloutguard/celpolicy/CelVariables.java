package io.rolloutguard.celpolicy;

import io.rolloutguard.policy.MinReadySecondsRule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The policies' variables: where each kind keeps its pod spec, selector and minReadySeconds (as in
 * Workloads), for the object and, on UPDATE, the stored one. Absent fields read as empty, so no
 * expression fails on a partial object.
 */
final class CelVariables {

  /** RG003's kinds, as its spec says. */
  private static final String MIN_READY_KINDS =
      new TreeSet<>(MinReadySecondsRule.SPEC.kinds())
          .stream().map(k -> "'" + k.kindName() + "'").collect(Collectors.joining(", ", "[", "]"));

  private CelVariables() {}

  /** Workloads.podSpecs: a Pod's spec, a CronJob's job template's, else the pod template's. */
  static String podSpec(String o) {
    // An empty map, not an optional: optional chaining does not reach into a variable's optional.
    return "(request.kind.kind == 'Pod' ? "
        + o
        + ".?spec : request.kind.kind == 'CronJob' ? "
        + o
        + ".?spec.?jobTemplate.?spec.?template.?spec : "
        + o
        + ".?spec.?template.?spec).orValue({})";
  }

  /** The JSON Pointer of the pod spec, for patches. */
  static final String POD_SPEC_POINTER =
      "request.kind.kind == 'Pod' ? '/spec' : request.kind.kind == 'CronJob' ?"
          + " '/spec/jobTemplate/spec/template/spec' : '/spec/template/spec'";

  static Map<String, String> forMutation() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("spec", podSpec("object"));
    v.put("pointer", POD_SPEC_POINTER);
    for (String list : CelChecks.CONTAINER_LISTS) {
      v.put(list, "variables.spec.?" + list + ".orValue([])");
    }
    minReady(v, "", "object");
    return v;
  }

  /**
   * @param trusted true when a trusted controller sent the request: its children only warn
   */
  static Map<String, String> forValidation(String trusted) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("isUpdate", "request.operation == 'UPDATE' && oldObject != null");
    v.put("trusted", trusted);
    v.put("spec", podSpec("object"));
    v.put("oldSpec", "oldObject == null ? {} : " + podSpec("oldObject"));
    for (String list : CelChecks.CONTAINER_LISTS) {
      String old = "old" + Character.toUpperCase(list.charAt(0)) + list.substring(1);
      v.put(list, "variables.spec.?" + list + ".orValue([])");
      v.put(old, "variables.oldSpec.?" + list + ".orValue([])");
    }
    selector(v, "", "object");
    selector(v, "old", "oldObject");
    minReady(v, "", "object");
    minReady(v, "old", "oldObject");
    return v;
  }

  /** Workloads.selector: kinds that must declare one; a ReplicationController's is a map. */
  private static void selector(Map<String, String> v, String prefix, String o) {
    String guard = o.equals("object") ? "" : o + " != null && ";
    v.put(
        name(prefix, "selects"),
        guard
            + "(request.kind.kind in ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet',"
            + " 'ReplicationController'] || (request.kind.kind == 'Job' && "
            + o
            + ".?spec.?manualSelector.orValue(false) == true))");
    String none = o.equals("object") ? "" : o + " == null ? {} : ";
    v.put(
        name(prefix, "matchLabels"),
        none
            + "request.kind.kind == 'ReplicationController' ? "
            + o
            + ".?spec.?selector.orValue({}) : "
            + o
            + ".?spec.?selector.?matchLabels.orValue({})");
    v.put(
        name(prefix, "matchExpressions"),
        (o.equals("object") ? "" : o + " == null ? [] : ")
            + "request.kind.kind == 'ReplicationController' ? [] : "
            + o
            + ".?spec.?selector.?matchExpressions.orValue([])");
    v.put(
        name(prefix, "templateLabels"),
        none + o + ".?spec.?template.?metadata.?labels.orValue({})");
  }

  /** Workloads.minReadySeconds, with the Deployment's progress deadline (default 600). */
  private static void minReady(Map<String, String> v, String prefix, String o) {
    String guard = o.equals("object") ? "" : o + " != null && ";
    v.put(
        name(prefix, "hasMinReady"),
        guard + "request.kind.kind in " + MIN_READY_KINDS + " && has(" + o + ".spec)");
    String none = o.equals("object") ? "" : o + " == null ? 0 : ";
    v.put(name(prefix, "minReady"), none + o + ".?spec.?minReadySeconds.orValue(0)");
    v.put(name(prefix, "deadline"), none + o + ".?spec.?progressDeadlineSeconds.orValue(600)");
  }

  private static String name(String prefix, String name) {
    return prefix.isEmpty()
        ? name
        : prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
