package io.rolloutguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestReaderTest {

  @TempDir Path dir;

  /**
   * Found by ManifestReaderFuzzTest: binary standard input threw CheckException out of the reader,
   * so `check - good.yaml` reported nothing about good.yaml. Like a binary file, it is one input
   * error and reading goes on.
   */
  @Test
  void binaryStandardInputIsAnInputErrorAndReadingGoesOn() throws IOException {
    Files.writeString(dir.resolve("good.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n");
    ManifestReader.Input input =
        ManifestReader.read(
            List.of("-", "good.yaml"),
            new ByteArrayInputStream(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}),
            dir);
    assertEquals(
        List.of("<stdin>: not UTF-8 text"), input.errors().stream().map(String::valueOf).toList());
    assertEquals(1, input.objects().size());
  }
}
