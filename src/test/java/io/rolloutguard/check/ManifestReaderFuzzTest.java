package io.rolloutguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of {@code check}'s reader: {@link ManifestReader} on standard input, and
 * {@link YamlDocuments} and {@link JsonDocuments} on the same text. A plain {@code mvn test}
 * replays the inputs in {@code ManifestReaderFuzzTestInputs/}; {@code bench/run-fuzz.sh} fuzzes it.
 *
 * <p>Properties: the reader never throws (every problem is an {@code InputError} line); the two
 * parsers throw nothing but {@link CheckException}; every span they record lies within the text,
 * with a line of at least 1, and every document has a root span; a single JSON document reads as
 * Jackson reads it.
 */
class ManifestReaderFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest
  void read(byte[] input) throws Exception {
    ManifestReader.Input read =
        ManifestReader.read(
            List.of(CheckArguments.STDIN), new ByteArrayInputStream(input), Path.of("."));
    assertNotNull(read);
    for (ManifestReader.InputError error : read.errors()) {
      assertTrue(error.message() != null && !error.message().isBlank(), "an error says why");
    }
    for (ManifestObject object : read.objects()) {
      assertTrue(object.object().isObject(), "an object to check is an object");
    }

    String text = new String(input, StandardCharsets.UTF_8);
    List<Document> yaml = parsed(() -> YamlDocuments.parse(text));
    spansWithin(text, yaml);
    List<Document> json = parsed(() -> JsonDocuments.parse(text));
    spansWithin(text, json);
    if (json != null && json.size() == 1) {
      assertEquals(JSON.readTree(text), json.get(0).root(), "reads as Jackson reads it");
    }
  }

  private interface Parse {
    List<Document> run();
  }

  private static List<Document> parsed(Parse parse) {
    try {
      return parse.run();
    } catch (CheckException e) {
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message says why");
      return null;
    }
  }

  private static void spansWithin(String text, List<Document> documents) {
    if (documents == null) {
      return;
    }
    for (Document document : documents) {
      assertNotNull(document.rootSpan(), "every document has a root span");
      for (Map.Entry<String, Span> e : document.spans().entrySet()) {
        Span s = e.getValue();
        String where = e.getKey() + " " + s;
        assertTrue(s.line() >= 1, where);
        assertTrue(0 <= s.start() && s.start() <= s.end() && s.end() <= text.length(), where);
        assertTrue(s.lastEnd() <= text.length(), where);
        assertTrue(document.lineOf(e.getKey()) >= 1, where);
      }
    }
  }
}
