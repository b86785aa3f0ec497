package io.rolloutguard.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rolloutguard.config.RolloutGuardConfig;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Settings that cannot work stop start-up with a message naming the property. */
class AuditSettingsTest {

  static RolloutGuardConfig.Audit audit(
      double writes, String period, String debounce, int maxBytes) {
    return new RolloutGuardConfig.Audit() {
      public boolean enabled() {
        return true;
      }

      public Duration period() {
        return Duration.parse(period);
      }

      public Duration debounce() {
        return Duration.parse(debounce);
      }

      public double writesPerSecond() {
        return writes;
      }

      public int maxReportBytes() {
        return maxBytes;
      }
    };
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "5   | PT10M | PT2S  | 800000 | ",
        "0   | PT10M | PT2S  | 800000 | rolloutguard.audit.writes-per-second must be above 0, not 0.0",
        "-1  | PT10M | PT2S  | 800000 | rolloutguard.audit.writes-per-second must be above 0, not -1.0",
        "5   | PT0S  | PT2S  | 800000 | rolloutguard.audit.period must be positive, not PT0S",
        "5   | PT10M | PT-1S | 800000 | rolloutguard.audit.debounce must not be negative, not PT-1S",
        "5   | PT10M | PT0S  | 1000   | rolloutguard.audit.max-report-bytes must be at least 16384, not 1000",
      })
  void problems(double writes, String period, String debounce, int maxBytes, String problem) {
    assertEquals(
        Optional.ofNullable(problem),
        BackgroundAudit.problem(audit(writes, period, debounce, maxBytes)));
  }
}
