package io.rolloutguard.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Replacements in a file's text, and the unified diff they make. The diff is built from the edits
 * themselves, so it costs nothing on large rendered manifests and shows exactly what was written.
 */
final class TextEdits {

  private static final int CONTEXT = 3;

  /** Replace {@code [start, end)} with {@code replacement}; an insertion has start == end. */
  record Edit(int start, int end, String replacement) {}

  private record Region(int from, int to, List<String> added) {}

  private TextEdits() {}

  static List<Edit> sorted(List<Edit> edits) {
    List<Edit> sorted = new ArrayList<>(edits);
    sorted.sort(Comparator.comparingInt(Edit::start).thenComparingInt(Edit::end));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).start() < sorted.get(i - 1).end()) {
        throw new IllegalArgumentException("overlapping edits");
      }
    }
    return sorted;
  }

  static String apply(String text, List<Edit> edits) {
    StringBuilder out = new StringBuilder(text.length() + 64);
    int at = 0;
    for (Edit e : sorted(edits)) {
      out.append(text, at, e.start()).append(e.replacement());
      at = e.end();
    }
    return out.append(text, at, text.length()).toString();
  }

  /** A unified diff with three lines of context; empty when the edits change nothing. */
  static String unifiedDiff(String oldName, String newName, String text, List<Edit> edits) {
    int[] lineStarts = lineStarts(text);
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (text.endsWith("\n")) {
      lines.remove(lines.size() - 1);
    }
    // Group edits by the lines they touch, then replace each group's lines at once.
    List<int[]> spans = new ArrayList<>();
    List<List<Edit>> groups = new ArrayList<>();
    for (Edit e : sorted(edits)) {
      int from = lineOf(lineStarts, e.start());
      int to = lineOf(lineStarts, Math.max(e.start(), e.end())) + 1;
      if (!spans.isEmpty() && from < spans.get(spans.size() - 1)[1]) {
        int[] last = spans.get(spans.size() - 1);
        last[1] = Math.max(last[1], to);
        groups.get(groups.size() - 1).add(e);
      } else {
        spans.add(new int[] {from, to});
        groups.add(new ArrayList<>(List.of(e)));
      }
    }
    List<Region> regions = new ArrayList<>();
    for (int g = 0; g < spans.size(); g++) {
      int from = spans.get(g)[0];
      int to = spans.get(g)[1];
      int start = lineStarts[from];
      int end = to < lineStarts.length ? lineStarts[to] - 1 : text.length();
      List<Edit> local =
          groups.get(g).stream()
              .map(e -> new Edit(e.start() - start, e.end() - start, e.replacement()))
              .toList();
      String replaced = apply(text.substring(start, end), local);
      regions.add(trim(new Region(from, to, List.of(replaced.split("\n", -1))), lines));
    }
    regions.removeIf(r -> r.from() == r.to() && r.added().isEmpty());
    if (regions.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append("--- ").append(oldName).append('\n').append("+++ ").append(newName).append('\n');
    int delta = 0;
    int i = 0;
    while (i < regions.size()) {
      int j = i;
      while (j + 1 < regions.size()
          && regions.get(j + 1).from() - regions.get(j).to() <= 2 * CONTEXT) {
        j++;
      }
      int oldStart = Math.max(0, regions.get(i).from() - CONTEXT);
      int oldEnd = Math.min(lines.size(), regions.get(j).to() + CONTEXT);
      StringBuilder body = new StringBuilder();
      int newCount = 0;
      int at = oldStart;
      int groupDelta = 0;
      for (int k = i; k <= j; k++) {
        Region r = regions.get(k);
        for (; at < r.from(); at++, newCount++) {
          body.append(' ').append(lines.get(at)).append('\n');
        }
        for (; at < r.to(); at++) {
          body.append('-').append(lines.get(at)).append('\n');
        }
        for (String added : r.added()) {
          body.append('+').append(added).append('\n');
          newCount++;
        }
        groupDelta += r.added().size() - (r.to() - r.from());
      }
      for (; at < oldEnd; at++, newCount++) {
        body.append(' ').append(lines.get(at)).append('\n');
      }
      out.append("@@ -")
          .append(range(oldStart, oldEnd - oldStart))
          .append(" +")
          .append(range(oldStart + delta, newCount))
          .append(" @@\n")
          .append(body);
      delta += groupDelta;
      i = j + 1;
    }
    return out.toString();
  }

  /** Drops lines an edit left as they were, so an inserted line shows as one added line. */
  private static Region trim(Region r, List<String> lines) {
    int from = r.from();
    int to = r.to();
    List<String> added = new ArrayList<>(r.added());
    while (from < to && !added.isEmpty() && lines.get(from).equals(added.get(0))) {
      from++;
      added.remove(0);
    }
    while (from < to && !added.isEmpty() && lines.get(to - 1).equals(added.get(added.size() - 1))) {
      to--;
      added.remove(added.size() - 1);
    }
    return new Region(from, to, added);
  }

  private static String range(int start, int count) {
    // Unified diff numbers lines from 1; an empty range names the line before it.
    return (count == 0 ? start : start + 1) + "," + count;
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int lineOf(int[] lineStarts, int offset) {
    int i = Arrays.binarySearch(lineStarts, offset);
    return i >= 0 ? i : -i - 2;
  }
}
