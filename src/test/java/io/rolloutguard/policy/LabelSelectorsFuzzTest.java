package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of {@link LabelSelectors} on selectors and labels as a decoded object can
 * carry them: null selectors, lists and values, unknown operators, null label values.
 *
 * <p>Properties: no exception; an empty selector matches everything; a selector that only excludes
 * (with known operators) matches a pod without labels; a key the selector constrains must be
 * present to match; {@code matches} agrees with a direct reading of apimachinery's semantics.
 */
class LabelSelectorsFuzzTest {

  private static final String[] OPERATORS = {
    "In", "NotIn", "Exists", "DoesNotExist", "", "in", "Gt", null
  };

  @FuzzTest
  void selectors(FuzzedDataProvider data) {
    LabelSelector selector = selector(data);
    Map<String, String> labels = labels(data);
    String key = data.consumeString(8);

    boolean matches = LabelSelectors.matches(selector, labels);
    boolean empty = LabelSelectors.isEmpty(selector);
    boolean onlyExcludes = LabelSelectors.onlyExcludes(selector);

    assertEquals(reference(selector, labels), matches, "apimachinery semantics");
    if (empty) {
      assertTrue(matches, "an empty selector matches everything");
      assertFalse(onlyExcludes, "an empty selector is reported as empty, not as excluding");
    }
    // An unknown operator (or a null requirement) matches nothing but narrows nothing either:
    // onlyExcludes counts it as excluding, as the CEL policy does; the API server rejects it.
    if (onlyExcludes && knownOperators(selector)) {
      assertTrue(LabelSelectors.matches(selector, Map.of()), "exclusions match a bare pod");
    }
    if (selector != null && LabelSelectors.constrainsKey(selector, key)) {
      Map<String, String> without = new HashMap<>(labels);
      without.remove(key);
      assertFalse(LabelSelectors.matches(selector, without), "a constrained key must be present");
    }
  }

  private static boolean knownOperators(LabelSelector selector) {
    return selector.getMatchExpressions() == null
        || selector.getMatchExpressions().stream()
            .allMatch(
                r ->
                    r != null
                        && List.of("In", "NotIn", "Exists", "DoesNotExist")
                            .contains(String.valueOf(r.getOperator())));
  }

  private static LabelSelector selector(FuzzedDataProvider data) {
    if (data.consumeInt(0, 15) == 0) {
      return null;
    }
    LabelSelector selector = new LabelSelector();
    if (data.consumeBoolean()) {
      selector.setMatchLabels(labels(data));
    }
    if (data.consumeBoolean()) {
      List<LabelSelectorRequirement> expressions = new ArrayList<>();
      int n = data.consumeInt(0, 4);
      for (int i = 0; i < n; i++) {
        List<String> values = null;
        if (data.consumeBoolean()) {
          values = new ArrayList<>();
          int m = data.consumeInt(0, 3);
          for (int j = 0; j < m; j++) {
            values.add(data.consumeInt(0, 7) == 0 ? null : data.consumeString(6));
          }
        }
        String operator = OPERATORS[data.consumeInt(0, OPERATORS.length - 1)];
        String key = data.consumeInt(0, 15) == 0 ? null : data.consumeString(6);
        expressions.add(
            data.consumeInt(0, 15) == 0
                ? null
                : new LabelSelectorRequirement(key, operator, values));
      }
      selector.setMatchExpressions(expressions);
    }
    return selector;
  }

  /**
   * Labels as fabric8 decodes them, a LinkedHashMap whose values may be JSON null, or as Workloads
   * passes absent ones: Map.of(), which throws on a null key.
   */
  private static Map<String, String> labels(FuzzedDataProvider data) {
    int n = data.consumeInt(0, 4);
    if (n == 0) {
      return Map.of();
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String key = data.consumeString(6);
      labels.put(key, data.consumeInt(0, 7) == 0 ? null : data.consumeString(6));
    }
    return labels;
  }

  /**
   * metav1.LabelSelectorAsSelector, written out plainly; an unknown operator matches nothing, and a
   * JSON null key or value is the empty string, as the API server decodes it.
   */
  private static boolean reference(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> pod = new HashMap<>();
    labels.forEach((k, v) -> pod.put(k, v == null ? "" : v));
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        String want = e.getValue() == null ? "" : e.getValue();
        if (!want.equals(pod.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        if (r == null) {
          return false;
        }
        List<String> values = new ArrayList<>();
        if (r.getValues() != null) {
          r.getValues().forEach(v -> values.add(v == null ? "" : v));
        }
        String key = r.getKey() == null ? "" : r.getKey();
        boolean has = pod.containsKey(key);
        boolean ok =
            switch (String.valueOf(r.getOperator())) {
              case "In" -> has && values.contains(pod.get(key));
              case "NotIn" -> !has || !values.contains(pod.get(key));
              case "Exists" -> has;
              case "DoesNotExist" -> !has;
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
