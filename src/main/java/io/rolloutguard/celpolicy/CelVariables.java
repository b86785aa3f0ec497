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
    minReady(v, Side.NEW);
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
      v.put(list, "variables.spec.?" + list + ".orValue([])");
      v.put(Side.OLD.name(list), "variables.oldSpec.?" + list + ".orValue([])");
    }
    selector(v, Side.NEW);
    selector(v, Side.OLD);
    minReady(v, Side.NEW);
    minReady(v, Side.OLD);
    return v;
  }

  /** Workloads.selector: kinds that must declare one; a ReplicationController's is a map. */
  private static void selector(Map<String, String> v, Side side) {
    String o = side.object;
    String guard = side == Side.NEW ? "" : o + " != null && ";
    v.put(
        side.name("selects"),
        guard
            + "(request.kind.kind in ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet',"
            + " 'ReplicationController'] || (request.kind.kind == 'Job' && "
            + o
            + ".?spec.?manualSelector.orValue(false) == true))");
    String none = side == Side.NEW ? "" : o + " == null ? {} : ";
    v.put(
        side.name("matchLabels"),
        none
            + "request.kind.kind == 'ReplicationController' ? "
            + o
            + ".?spec.?selector.orValue({}) : "
            + o
            + ".?spec.?selector.?matchLabels.orValue({})");
    v.put(
        side.name("matchExpressions"),
        (side == Side.NEW ? "" : o + " == null ? [] : ")
            + "request.kind.kind == 'ReplicationController' ? [] : "
            + o
            + ".?spec.?selector.?matchExpressions.orValue([])");
    v.put(side.name("templateLabels"), none + o + ".?spec.?template.?metadata.?labels.orValue({})");
  }

  /** Workloads.minReadySeconds, with the Deployment's progress deadline (default 600). */
  private static void minReady(Map<String, String> v, Side side) {
    String o = side.object;
    String guard = side == Side.NEW ? "" : o + " != null && ";
    v.put(
        side.name("hasMinReady"),
        guard + "request.kind.kind in " + MIN_READY_KINDS + " && has(" + o + ".spec)");
    String none = side == Side.NEW ? "" : o + " == null ? 0 : ";
    v.put(side.name("minReady"), none + o + ".?spec.?minReadySeconds.orValue(0)");
    v.put(side.name("deadline"), none + o + ".?spec.?progressDeadlineSeconds.orValue(600)");
  }
}
