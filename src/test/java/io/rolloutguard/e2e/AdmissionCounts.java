package io.rolloutguard.e2e;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reviews the app has answered, by the kind label of its latency histogram, from /q/metrics. */
record AdmissionCounts(Map<String, Double> byKind) {

  private static final Pattern COUNT =
      Pattern.compile(
          "^rolloutguard_admission_duration_seconds_count\\{([^}]*)\\}\\s+(\\S+)$",
          Pattern.MULTILINE);
  private static final Pattern KIND = Pattern.compile("kind=\"([^\"]*)\"");

  static AdmissionCounts scrape() {
    Map<String, Double> byKind = new TreeMap<>();
    Matcher m = COUNT.matcher(AppHttp.metrics());
    while (m.find()) {
      Matcher kind = KIND.matcher(m.group(1));
      if (kind.find()) {
        byKind.merge(kind.group(1), Double.parseDouble(m.group(2)), Double::sum);
      }
    }
    return new AdmissionCounts(byKind);
  }

  long count(String kind) {
    return Math.round(byKind.getOrDefault(kind, 0.0));
  }

  Set<String> kinds() {
    return byKind.keySet();
  }
}
