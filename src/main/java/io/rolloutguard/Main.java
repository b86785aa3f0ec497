package io.rolloutguard;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.rolloutguard.check.CheckCommand;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One artifact, two modes: {@code check ...} runs the offline check and exits without booting
 * Quarkus (no HTTP server, no cluster detection, no operator), so it starts fast and never contacts
 * a cluster; anything else starts the webhook and controller as before.
 */
@QuarkusMain
public class Main {

  public static void main(String... args) {
    if (args.length > 0 && args[0].equals("check")) {
      PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
      PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
      int code =
          CheckCommand.run(
              Arrays.asList(args).subList(1, args.length), System.in, out, err, Path.of(""));
      out.flush();
      System.exit(code);
    }
    Quarkus.run(args);
  }
}
