package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorsTest {

  private static final Map<String, String> LABELS = Map.of("app", "kubia", "tier", "web");

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    // key, operator, values, matches, onlyExcludes
    "app, In, kubia;other, true, false",
    "app, In, other, false, false",
    "app, NotIn, db, true, true",
    "app, NotIn, kubia, false, true",
    "app, Exists, '', true, false",
    "zone, Exists, '', false, false",
    "zone, DoesNotExist, '', true, true",
    "app, DoesNotExist, '', false, true",
  })
  void followsApimachinerySemantics(
      String key, String operator, String values, boolean matches, boolean onlyExcludes) {
    List<String> list = values.isEmpty() ? List.of() : Arrays.asList(values.split(";"));
    LabelSelector selector =
        new LabelSelector(List.of(new LabelSelectorRequirement(key, operator, list)), Map.of());

    assertEquals(matches, LabelSelectors.matches(selector, LABELS));
    assertEquals(onlyExcludes, LabelSelectors.onlyExcludes(selector));
  }

  /**
   * Found by LabelSelectorsFuzzTest: a JSON null label value, key or requirement threw
   * NullPointerException (a 500 from /validate). They read as the API server decodes them: "".
   */
  @Test
  void jsonNullsReadAsEmptyStrings() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("app", null);
    LabelSelector pinned = new LabelSelector(List.of(), nullValue);
    assertTrue(LabelSelectors.matches(pinned, Map.of("app", "")));
    assertFalse(LabelSelectors.matches(pinned, Map.of("app", "kubia")));
    assertFalse(LabelSelectors.matches(pinned, Map.of()));
    assertTrue(LabelSelectors.matches(pinned, nullValue));

    LabelSelector noKey =
        new LabelSelector(List.of(new LabelSelectorRequirement(null, "Exists", null)), Map.of());
    assertFalse(LabelSelectors.matches(noKey, Map.of()), "Map.of() throws on a null key");
    assertFalse(LabelSelectors.onlyExcludes(noKey));

    List<LabelSelectorRequirement> withNull = new ArrayList<>();
    withNull.add(null);
    LabelSelector nullRequirement = new LabelSelector(withNull, Map.of());
    assertFalse(LabelSelectors.matches(nullRequirement, Map.of("app", "kubia")));
    assertTrue(LabelSelectors.onlyExcludes(nullRequirement), "it narrows nothing");
    assertFalse(LabelSelectors.constrainsKey(nullRequirement, "app"));

    LabelSelector noOperator =
        new LabelSelector(List.of(new LabelSelectorRequirement("app", null, null)), Map.of());
    assertFalse(LabelSelectors.constrainsKey(noOperator, "app"), "Set.of() throws on null");
  }
}
