package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
}
