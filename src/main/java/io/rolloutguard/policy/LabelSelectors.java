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
        && expressions(selector).stream()
            .noneMatch(e -> NARROWING_OPERATORS.contains(e.getOperator()));
  }

  /** Keys the selector pins to a value or requires to exist. */
  public static boolean constrainsKey(LabelSelector selector, String key) {
    return matchLabels(selector).containsKey(key)
        || expressions(selector).stream()
            .anyMatch(e -> key.equals(e.getKey()) && NARROWING_OPERATORS.contains(e.getOperator()));
  }

  /** An empty or null selector matches everything, as for apps/v1 workloads. */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    for (Map.Entry<String, String> e : matchLabels(selector).entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return expressions(selector).stream().allMatch(r -> matches(r, labels));
  }

  private static boolean matches(LabelSelectorRequirement r, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    return switch (String.valueOf(r.getOperator())) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> labels.containsKey(r.getKey());
      case "DoesNotExist" -> !labels.containsKey(r.getKey());
      default -> false;
    };
  }

  private static Map<String, String> matchLabels(LabelSelector selector) {
    return selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
  }

  private static List<LabelSelectorRequirement> expressions(LabelSelector selector) {
    return selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
  }
}
