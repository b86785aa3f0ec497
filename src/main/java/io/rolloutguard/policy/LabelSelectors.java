package io.rolloutguard.policy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Label selector semantics as in apimachinery's {@code metav1.LabelSelectorAsSelector}. */
public final class LabelSelectors {

  private static final Set<String> NARROWING_OPERATORS = Set.of("In", "Exists");

  private LabelSelectors() {}

  public static boolean isEmpty(LabelSelector selector) {
    return selector == null || (matchLabels(selector).isEmpty() && expressions(selector).isEmpty());
  }

  /** True if the selector selects pods only by exclusion: NotIn and DoesNotExist, nothing else. */
  public static boolean onlyExcludes(LabelSelector selector) {
    return !isEmpty(selector)
        && matchLabels(selector).isEmpty()
        && expressions(selector).stream().noneMatch(LabelSelectors::narrows);
  }

  /** Keys the selector pins to a value or requires to exist. */
  public static boolean constrainsKey(LabelSelector selector, String key) {
    return selector != null
        && (matchLabels(selector).containsKey(key)
            || expressions(selector).stream()
                .anyMatch(e -> key.equals(key(e.getKey())) && narrows(e)));
  }

  /**
   * An empty or null selector matches everything, as for apps/v1 workloads. A JSON null where a key
   * or value belongs reads as the empty string, as the API server decodes it.
   */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    for (Map.Entry<String, String> e : matchLabels(selector).entrySet()) {
      if (!nonNull(e.getValue()).equals(value(labels, e.getKey()))) {
        return false;
      }
    }
    return expressions(selector).stream().allMatch(r -> matches(r, labels));
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
    String value = value(labels, r.getKey());
    List<String> values =
        r.getValues() == null
            ? List.of()
            : r.getValues().stream().map(LabelSelectors::nonNull).toList();
    return switch (String.valueOf(r.getOperator())) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> false;
    };
  }

  private static boolean narrows(LabelSelectorRequirement r) {
    return r.getOperator() != null && NARROWING_OPERATORS.contains(r.getOperator());
  }

  /**
   * The label's value ("" for a JSON null), or null if the pod lacks the key. Null-safe for the
   * immutable maps of Map.of(), whose get and containsKey throw on a null key.
   */
  private static String value(Map<String, String> labels, String key) {
    String k = key(key);
    return labels.containsKey(k) ? nonNull(labels.get(k)) : null;
  }

  private static String key(String key) {
    return key == null ? "" : key;
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  private static Map<String, String> matchLabels(LabelSelector selector) {
    return selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
  }

  /** The requirements; a JSON null among them reads as a requirement with no operator. */
  private static List<LabelSelectorRequirement> expressions(LabelSelector selector) {
    return selector.getMatchExpressions() == null
        ? List.of()
        : selector.getMatchExpressions().stream()
            .map(e -> e == null ? new LabelSelectorRequirement() : e)
            .toList();
  }
}
