package io.rolloutguard.check;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** One in-process run of {@code check}, with its own environment and system properties. */
record CheckRun(int exit, String out, String err) {

  static CheckRun run(
      Path cwd, String stdin, Map<String, String> env, Properties system, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        CheckCommand.run(
            List.of(args),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            cwd,
            env,
            system);
    return new CheckRun(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static CheckRun run(Path cwd, String... args) {
    return run(cwd, "", Map.of(), new Properties(), args);
  }

  List<String> errLines() {
    return err.lines().toList();
  }
}
