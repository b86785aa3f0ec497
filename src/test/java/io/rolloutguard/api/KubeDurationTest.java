package io.rolloutguard.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeDurationTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({"30s, PT30S", "1h30m, PT1H30M", "500ms, PT0.5S", "2m, PT2M"})
  void parses(String value, Duration expected) {
    assertEquals(expected, KubeDuration.parse(value));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "200 KB of parts  | 1s       | 100000 | more than 64",
        "digits overflow  | 9        | 30     | too long a time",
        "hours overflow   | 9999999999999999h | 1 | too long a time",
        "not a duration   | 1d       | 1      | invalid",
      })
  void rejects(String name, String unit, int times, String why) {
    String value = name.startsWith("digits") ? unit.repeat(times) + "s" : unit.repeat(times);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KubeDuration.parse(value));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void acceptsTheLongestAllowed() {
    assertEquals(Duration.ofSeconds(32), KubeDuration.parse("1s".repeat(32)));
  }
}
