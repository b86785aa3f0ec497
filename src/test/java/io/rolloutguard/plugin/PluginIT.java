package io.rolloutguard.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged fast-jar's plugin mode, {@code java -jar quarkus-run.jar kubectl ...}, which the
 * script runs on a plain class path instead: the same Main, no Quarkus boot either way. PluginE2E
 * drives the script against a cluster.
 */
class PluginIT {

  private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-jar", JAR.toString(), "kubectl"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command finished");
    return new Result(p.exitValue(), out, err);
  }

  @Test
  void helpWithoutStartingTheServer() throws Exception {
    Result r = run("help");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().startsWith("kubectl rollout-guard: rollouts guarded by rollout-guard"));
    assertTrue(!r.out().contains("Listening on") && r.err().isEmpty(), r.err());
  }

  @Test
  void usageErrorsExitTwo() throws Exception {
    Result r = run("get");
    assertEquals(2, r.exit());
    assertEquals(
        "kubectl rollout-guard: get needs the name of a RolloutPolicy\n"
            + PluginArguments.USAGE
            + "\n",
        r.err());
  }
}
