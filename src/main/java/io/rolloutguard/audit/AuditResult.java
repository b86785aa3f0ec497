package io.rolloutguard.audit;

import io.rolloutguard.policy.RuleId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One rule's result on one object.
 *
 * @param severity {@code high}, {@code medium} or {@code low} for fail and warn, else null
 * @param message bounded and escaped here (ResultText), as are the properties' values
 * @param properties what the rule found, as strings (the CRD's {@code properties} map)
 */
public record AuditResult(
    ObjectRef resource,
    RuleId rule,
    ResultKind result,
    String message,
    String severity,
    Map<String, String> properties) {

  public static final String POLICY = "rollout-guard";

  public AuditResult {
    message = ResultText.bounded(message);
    Map<String, String> bounded = new LinkedHashMap<>();
    properties.forEach((key, value) -> bounded.put(key, ResultText.bounded(value)));
    properties = Map.copyOf(bounded);
  }

  /** The result as the PolicyReport stores it, without its timestamp (added when written). */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("policy", POLICY);
    map.put("rule", rule.name());
    map.put("result", result.label());
    map.put("message", message);
    if (severity != null) {
      map.put("severity", severity);
    }
    map.put("category", rule.slug());
    map.put("source", POLICY);
    map.put("scored", true);
    map.put("resources", java.util.List.of(resource.toMap()));
    map.put("properties", new java.util.TreeMap<>(properties));
    return map;
  }
}
