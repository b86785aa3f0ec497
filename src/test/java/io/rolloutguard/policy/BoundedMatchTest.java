package io.rolloutguard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Configured regexes on tenant input: the same answers as Pattern, and a stop for runaways. */
class BoundedMatchTest {

  @ParameterizedTest(name = "{0} ~ {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        ".*-SNAPSHOT     | 1.0-SNAPSHOT | true",
        ".*-SNAPSHOT     | 1.0          | false",
        "v[0-9]+(-rc.*)? | v12-rc1      | true",
        "v[0-9]+(-rc.*)? | v12-beta     | false",
      })
  void answersAsPatternDoes(String regex, String input, boolean expected) {
    Pattern pattern = Pattern.compile(regex);
    assertEquals(pattern.matcher(input).matches(), BoundedMatch.matches(pattern, input));
    assertEquals(expected, BoundedMatch.matches(pattern, input));
  }

  /**
   * Without the cap this match backtracks exponentially (seconds at 25 characters, years at 40).
   */
  @Test
  void stopsACatastrophicPatternWithAMessage() {
    Pattern careless = Pattern.compile("((a+)+)+b");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> BoundedMatch.matches(careless, "a".repeat(40)));
    assertTrue(e.getMessage().contains("((a+)+)+b"), e.getMessage());
  }

  @Test
  void anImageLongerThanAnyReferenceIsNeverExempt() {
    PolicyConfig config =
        PolicyConfig.builder().exemptImages(List.of(PolicyConfig.glob("registry.local/*"))).build();
    assertFalse(config.exemptImage("registry.local/" + "a".repeat(200_000)));
    assertTrue(config.exemptImage("registry.local/" + "a".repeat(200)));
  }
}
