package io.rolloutguard.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JUnit XML for CI test reports: a testsuite per file, a testcase per object; a denial is a
 * failure, an input error an error, a kind rollout-guard does not check a skipped test; warnings
 * and mutations go to the testcase's system-out.
 */
final class JunitFormat {

  private JunitFormat() {}

  private record Case(String name, String classname, String body, boolean failure, boolean error) {}

  static String render(CheckReport report) {
    Map<String, List<Case>> suites = new LinkedHashMap<>();
    for (Source source : report.sources()) {
      suites.put(source.display(), new ArrayList<>());
    }
    for (ObjectResult r : report.results()) {
      StringBuilder body = new StringBuilder();
      List<Issue> denials =
          r.issues().stream().filter(i -> i.severity() == Issue.Severity.DENY).toList();
      if (!denials.isEmpty()) {
        body.append("<failure type=\"")
            .append(attr(denials.get(0).rule().name()))
            .append("\" message=\"")
            .append(attr(denials.get(0).describe()))
            .append("\">")
            .append(text(lines(r, denials)))
            .append("</failure>");
      }
      List<Issue> others =
          r.issues().stream().filter(i -> i.severity() != Issue.Severity.DENY).toList();
      if (!others.isEmpty()) {
        body.append("<system-out>").append(text(lines(r, others))).append("</system-out>");
      }
      suites
          .computeIfAbsent(r.object().source().display(), k -> new ArrayList<>())
          .add(
              new Case(
                  name(r.object()),
                  classname(r.object()),
                  body.toString(),
                  !denials.isEmpty(),
                  false));
    }
    for (ManifestObject s : report.skipped()) {
      suites
          .computeIfAbsent(s.source().display(), k -> new ArrayList<>())
          .add(
              new Case(
                  name(s),
                  classname(s),
                  "<skipped message=\""
                      + attr(s.kind() + " is not a kind rollout-guard checks")
                      + "\"/>",
                  false,
                  false));
    }
    for (ManifestReader.InputError e : report.errors()) {
      suites
          .computeIfAbsent(e.display(), k -> new ArrayList<>())
          .add(
              new Case(
                  e.line() > 0 ? "line " + e.line() : "input",
                  e.display(),
                  "<error type=\"input\" message=\"" + attr(e.message()) + "\"/>",
                  false,
                  true));
    }
    int tests = 0;
    int failures = 0;
    int errors = 0;
    StringBuilder body = new StringBuilder();
    for (var suite : suites.entrySet()) {
      List<Case> cases = suite.getValue();
      int f = (int) cases.stream().filter(Case::failure).count();
      int e = (int) cases.stream().filter(Case::error).count();
      int skipped = (int) cases.stream().filter(c -> c.body().startsWith("<skipped")).count();
      tests += cases.size();
      failures += f;
      errors += e;
      body.append("  <testsuite name=\"")
          .append(attr(suite.getKey()))
          .append("\" tests=\"")
          .append(cases.size())
          .append("\" failures=\"")
          .append(f)
          .append("\" errors=\"")
          .append(e)
          .append("\" skipped=\"")
          .append(skipped)
          .append("\">\n");
      for (Case c : cases) {
        body.append("    <testcase name=\"")
            .append(attr(c.name()))
            .append("\" classname=\"")
            .append(attr(c.classname()))
            .append("\">")
            .append(c.body())
            .append("</testcase>\n");
      }
      body.append("  </testsuite>\n");
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<testsuites name=\"rollout-guard check\" tests=\""
        + tests
        + "\" failures=\""
        + failures
        + "\" errors=\""
        + errors
        + "\">\n"
        + body
        + "</testsuites>\n";
  }

  private static String name(ManifestObject o) {
    return o.kind() + " " + o.namespace() + "/" + o.name();
  }

  /** The file and document, so that CI groups the cases the way the files are laid out. */
  private static String classname(ManifestObject o) {
    return o.source().display()
        + "#"
        + o.document().index()
        + (o.item() >= 0 ? "/items/" + o.item() : "");
  }

  private static String lines(ObjectResult r, List<Issue> issues) {
    StringBuilder s = new StringBuilder();
    for (Issue i : issues.stream().sorted(Comparator.comparingInt(Issue::line)).toList()) {
      s.append(r.object().source().display())
          .append(':')
          .append(i.line())
          .append(": ")
          .append(i.describe())
          .append(" (")
          .append(i.severity().label())
          .append(")\n");
    }
    return s.toString();
  }

  private static String attr(String value) {
    return text(value).replace("\"", "&quot;").replace("\n", "&#10;");
  }

  /** Escaped, and without the characters XML 1.0 cannot carry at all. */
  private static String text(String value) {
    StringBuilder s = new StringBuilder(value.length());
    value
        .codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                default -> {
                  if (c == 0x9
                      || c == 0xA
                      || c == 0xD
                      || (c >= 0x20 && c <= 0xD7FF)
                      || (c >= 0xE000 && c <= 0xFFFD)
                      || c >= 0x10000) {
                    s.appendCodePoint(c);
                  }
                }
              }
            });
    return s.toString();
  }
}
