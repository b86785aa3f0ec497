package io.rolloutguard.plugin;

import io.rolloutguard.plugin.RolloutInfo.State;
import io.rolloutguard.plugin.Style.Tone;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The columns of {@code get}'s tree and of {@code list}: each padded to its widest cell (widths
 * counted without colour, once, when printed), the last one never padded. A tree's bare lines
 * ({@link #line}) stand outside the columns and widen none.
 */
final class Table {

  static final String DONE = "✔";

  /** Text and the tone to paint it in; a null tone stays plain. */
  record Cell(String text, Tone tone) {
    static Cell plain(String text) {
      return new Cell(text, null);
    }

    /** A symbol and a word, coloured together, as Argo Rollouts' CLI shows health. */
    static Cell of(State state) {
      return switch (state.health()) {
        case HEALTHY -> new Cell(DONE + " " + state.word(), Tone.GOOD);
        case PROGRESSING -> new Cell("◌ " + state.word(), Tone.PENDING);
        case DEGRADED -> new Cell("✖ " + state.word(), Tone.BAD);
        case PAUSED -> new Cell("॥ " + state.word(), Tone.PAUSED);
        case SCALED_DOWN -> new Cell("• " + state.word(), Tone.QUIET);
      };
    }

    String paint(Style style) {
      return tone == null ? text : style.paint(tone, text);
    }
  }

  /** A row of cells, or a bare line when {@code cells} is null. */
  private record Row(String line, List<Cell> cells) {}

  private final String gap;
  private final List<Row> rows = new ArrayList<>();

  Table(int gap, String... header) {
    this.gap = " ".repeat(gap);
    rows.add(new Row(null, Arrays.stream(header).map(Cell::plain).toList()));
  }

  Table row(Cell... cells) {
    rows.add(new Row(null, List.of(cells)));
    return this;
  }

  Table line(String line) {
    rows.add(new Row(line, null));
    return this;
  }

  List<String> lines(Style style) {
    int[] widths = widths();
    List<String> out = new ArrayList<>();
    for (Row row : rows) {
      if (row.cells() == null) {
        out.add(row.line());
        continue;
      }
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.cells().size(); c++) {
        Cell cell = row.cells().get(c);
        line.append(cell.paint(style));
        if (c < row.cells().size() - 1) {
          line.append(" ".repeat(widths[c] - cell.text().length())).append(gap);
        }
      }
      out.add(line.toString().stripTrailing());
    }
    return out;
  }

  private int[] widths() {
    int[] widths = new int[rows.get(0).cells().size()];
    for (Row row : rows) {
      for (int c = 0; row.cells() != null && c < row.cells().size(); c++) {
        widths[c] = Math.max(widths[c], row.cells().get(c).text().length());
      }
    }
    return widths;
  }

  /** A tree's branch to a child: the last child closes it. */
  static String branch(boolean last) {
    return last ? "└──" : "├──";
  }

  /** What stands under a branch for the child's own children. */
  static String stem(boolean last) {
    return last ? "   " : "│  ";
  }

  static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }
}
