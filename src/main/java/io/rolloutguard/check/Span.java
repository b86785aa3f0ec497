package io.rolloutguard.check;

/**
 * Where one value of a document sits in its file's text.
 *
 * @param line 1-based line of the value, or of its key when it has one
 * @param start char offset of the value's first character
 * @param end char offset just past the value
 * @param flow true for JSON and YAML flow collections ({@code {}} and {@code []})
 * @param keyColumn for a block mapping, the 0-based column of its keys
 * @param lastEnd where the value's own text ends: its closing bracket for JSON and flow
 *     collections, the end of its last scalar for a YAML block collection (whose node runs on to
 *     the next token); a new block key goes after that line
 */
record Span(int line, int start, int end, boolean flow, int keyColumn, int lastEnd) {

  static Span scalar(int line, int start, int end) {
    return new Span(line, start, end, false, -1, end);
  }
}
