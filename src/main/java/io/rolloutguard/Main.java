package io.rolloutguard;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.rolloutguard.check.CheckCommand;
import io.rolloutguard.plugin.PluginCommand;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One artifact, three modes: {@code check ...} runs the offline check and {@code kubectl ...} the
 * kubectl plugin, each exiting without booting Quarkus (no HTTP server, no cluster detection, no
 * operator, no informers of the app's), so they start fast; anything else starts the webhook and
 * controller as before.
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
    if (args.length > 0 && args[0].equals("kubectl")) {
      // bin/kubectl-rollout_guard: the kubectl plugin, a plain fabric8 client, no Quarkus either.
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
      System.exit(PluginCommand.run(Arrays.asList(args).subList(1, args.length), out, err));
    }
    Quarkus.run(args);
  }
}
