package io.rolloutguard.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.rolloutguard.api.CanaryStep;
import io.rolloutguard.api.Pause;
import io.rolloutguard.api.Phase;
import io.rolloutguard.api.RolloutPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The kubectl plugin, the real bin/kubectl-rollout_guard process (and through kubectl's own plugin
 * lookup), against the kubia scenario on the real control plane with the packaged app as
 * controller: get shows the pause, promote promotes, abort rolls back, retry applies the
 * rolled-back revision again, list -A shows it. A get --watch runs along and its output is kept in
 * target/plugin-watch.txt for the README.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = E2EApp.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginE2E {

  static final String NS = "plugin";
  static final Path SCRIPT = Path.of("bin/kubectl-rollout_guard").toAbsolutePath();
  static final Path CDS = Path.of("target/plugin-cds").toAbsolutePath();
  static final Path WATCH = Path.of("target/plugin-watch.txt").toAbsolutePath();

  static KubernetesClient k;
  static FakeKubelet kubelet;
  static Kubia kubia;
  static Process watch;

  record Result(int exit, String out, String err) {}

  @BeforeAll
  static void kubiaV1() throws IOException {
    RealCluster cluster = RealCluster.get();
    k = cluster.client();
    cluster.ensureNamespace(NS);
    Webhooks.register(k, E2EApp.port, E2EApp.caPem());
    Webhooks.awaitActive(k, NS);
    kubelet = new FakeKubelet(k, NS);
    kubia = new Kubia(k, NS);
    deleteRecursively(CDS);
    k.resource(policy()).create();
    k.resource(E2EWorkloads.kubia(NS, "kubia", "luksa/kubia:v1", null, 3)).create();
    await("v1 available and stable")
        .until(() -> kubia.available() == 3 && status().getStableRevision() != null);
  }

  @AfterAll
  static void cleanUp() {
    if (watch != null) {
      watch.destroy();
    }
    kubelet.close();
    Webhooks.unregister(k);
  }

  /** Step 1 waits for a manual promote; step 2 holds 10 s, so the watch shows its timer. */
  static RolloutPolicy policy() {
    return E2EWorkloads.kubiaPolicy(
        NS,
        new CanaryStep(new IntOrString(1), new Pause()),
        new CanaryStep(new IntOrString("50%"), new Pause("10s")));
  }

  @Test
  @Order(1)
  void getShowsThePauseAndPromotePromotes() throws IOException {
    Result stable = plugin("get", "kubia", "-n", NS);
    assertEquals(0, stable.exit(), stable.err());
    assertTrue(stable.out().contains("Phase:          ✔ Idle"), stable.out());
    assertEquals("", stable.err(), "nothing but the view: no log lines, no CDS warnings");
    assertTrue(
        Files.list(CDS).anyMatch(f -> f.toString().endsWith(".jsa")),
        "the first run left an AppCDS archive for the next");

    ProcessBuilder watching =
        new ProcessBuilder(
                command(
                    "get",
                    "kubia",
                    "-n",
                    NS,
                    "--watch",
                    "--kubeconfig",
                    RealCluster.KUBECONFIG.toString()))
            .redirectOutput(WATCH.toFile())
            .redirectError(WATCH.resolveSibling("plugin-watch.err").toFile());
    watching.environment().put("JAVA_HOME", System.getProperty("java.home"));
    watching.environment().put("ROLLOUT_GUARD_CACHE", CDS.toString());
    watch = watching.start();
    await("the watch drew its first frame").until(() -> Files.size(WATCH) > 0 || !watch.isAlive());
    assertTrue(watch.isAlive(), "the watch runs until stopped");
    kubia.setImage("v2");
    await("paused at step 1").until(() -> phase() == Phase.Paused && step() == 0);

    Result paused = plugin("get", "kubia", "-n", NS);
    assertEquals(0, paused.exit(), paused.err());
    System.out.println("$ kubectl rollout-guard get kubia -n plugin\n" + paused.out());
    assertTrue(paused.out().contains("Phase:          ॥ Paused"), paused.out());
    assertTrue(
        paused.out().contains("▶ 1. canary 1 pod, pause until promoted  ← paused here"),
        paused.out());
    assertTrue(paused.out().contains("Target:         deployment/kubia (paused by rollout-guard)"));
    assertTrue(paused.out().contains("(1/1 ready)") || paused.out().contains("(0/1 ready)"));
    assertTrue(
        paused.out().lines().anyMatch(l -> l.contains("ReplicaSet") && l.endsWith("canary")));

    Result promote = plugin("promote", "kubia", "-n", NS);
    assertEquals(0, promote.exit(), promote.err());
    System.out.println("$ kubectl rollout-guard promote kubia -n plugin\n" + promote.out());
    await("promoted past step 1").until(() -> step() >= 1);
    await("v2 succeeded after step 2's timer").until(() -> phase() == Phase.Succeeded);
    await("the watch saw the success")
        .until(
            () ->
                Files.readString(WATCH)
                    .contains("Phase:          ✔ Succeeded\nMessage:        revision"));
    String frames = Files.readString(WATCH);
    assertTrue(frames.contains("  ← paused here"), frames);
    assertTrue(frames.contains(" left of 10s"), "the watch showed step 2's timer: " + frames);
    assertFalse(frames.contains("\u001b["), "no colour and no screen clearing off a terminal");
  }

  @Test
  @Order(2)
  void abortRollsBackAndRetryAppliesTheRevisionAgain() {
    kubia.setImage("v3");
    await("v3 paused at step 1").until(() -> phase() == Phase.Paused && step() == 0);

    Result abort = plugin("abort", "kubia", "-n", NS);
    assertEquals(0, abort.exit(), abort.err());
    System.out.println("$ kubectl rollout-guard abort kubia -n plugin\n" + abort.out());
    await("rolled back to v2").until(() -> phase() == Phase.RolledBack);
    assertEquals("luksa/kubia:v2", kubia.image());
    await("v2 fully available").until(() -> kubia.available() == 3);

    Result rolledBack = plugin("get", "kubia", "-n", NS);
    System.out.println("$ kubectl rollout-guard get kubia -n plugin\n" + rolledBack.out());
    assertTrue(rolledBack.out().contains("Phase:          ✖ RolledBack"), rolledBack.out());
    assertTrue(rolledBack.out().contains("Last rollback:  "), rolledBack.out());
    assertTrue(rolledBack.out().contains("(Aborted)"), rolledBack.out());
    assertTrue(rolledBack.out().contains("rolled back"), "the tree marks the known-bad RS");

    Result promote = plugin("promote", "kubia", "-n", NS);
    assertEquals(2, promote.exit());
    assertEquals(
        "kubectl rollout-guard: nothing to promote: rolloutpolicy \"kubia\" is RolledBack, not"
            + " paused at a step\n",
        promote.err());

    Result retry = plugin("retry", "kubia", "-n", NS);
    assertEquals(0, retry.exit(), retry.err());
    System.out.println("$ kubectl rollout-guard retry kubia -n plugin\n" + retry.out());
    assertEquals("luksa/kubia:v3", kubia.image(), "RG005 let the retried template through");
    await("the retried v3 paused at step 1").until(() -> phase() == Phase.Paused && step() == 0);
  }

  @Test
  @Order(3)
  void listAcrossNamespacesThroughKubectlsPluginLookup() throws IOException {
    Path bin = Path.of(RealCluster.read(RealCluster.DIR.resolve("bin")).trim());
    Result list =
        run(
            List.of(bin.resolve("kubectl").toString(), "rollout-guard", "list", "-A"),
            Map.of(
                "PATH",
                SCRIPT.getParent() + ":" + System.getenv("PATH"),
                "KUBECONFIG",
                RealCluster.KUBECONFIG.toString()));
    assertEquals(0, list.exit(), list.err());
    System.out.println("$ kubectl rollout-guard list -A\n" + list.out());
    assertTrue(list.out().startsWith("NAMESPACE "), list.out());
    assertTrue(
        list.out().lines().anyMatch(l -> l.startsWith("plugin ") && l.contains("॥ Paused")),
        list.out());
  }

  @Test
  @Order(4)
  void badInputIsOneLineAndExitsTwo() throws IOException {
    Result unknown = plugin("get", "nope", "-n", NS);
    assertEquals(2, unknown.exit());
    assertEquals(
        "kubectl rollout-guard: rolloutpolicy \"nope\" not found in namespace \"plugin\"\n",
        unknown.err());

    Result usage = plugin("frob");
    assertEquals(2, usage.exit());
    assertTrue(usage.err().startsWith("kubectl rollout-guard: unknown command \"frob\""));

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path closed =
        Files.writeString(
            RealCluster.DIR.resolve("closed.kubeconfig"),
            RealCluster.read(RealCluster.KUBECONFIG)
                .replaceAll("server: \\S+", "server: https://127.0.0.1:" + port));
    Result unreachable =
        run(command("get", "kubia", "-n", NS, "--kubeconfig", closed.toString()), Map.of());
    assertEquals(2, unreachable.exit());
    assertEquals(1, unreachable.err().lines().count(), unreachable.err());
    assertTrue(unreachable.err().contains("cannot reach the cluster at https://127.0.0.1:" + port));
  }

  private static Result plugin(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kubeconfig", RealCluster.KUBECONFIG.toString()));
    return run(command(all.toArray(String[]::new)), Map.of());
  }

  private static List<String> command(String... args) {
    List<String> command = new ArrayList<>();
    command.add(SCRIPT.toString());
    command.addAll(List.of(args));
    return command;
  }

  private static Result run(List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      builder.environment().put("ROLLOUT_GUARD_CACHE", CDS.toString());
      builder.environment().putAll(env);
      Path out = Files.createTempFile("plugin", ".out");
      Path err = Files.createTempFile("plugin", ".err");
      Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("timed out: " + command);
      }
      return new Result(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static io.rolloutguard.api.RolloutPolicyStatus status() {
    return kubia.status();
  }

  private static Phase phase() {
    return status().getPhase();
  }

  private static int step() {
    return Objects.requireNonNullElse(status().getCurrentStep(), -1);
  }

  private static ConditionFactory await(String what) {
    return Kubia.await(what);
  }
}
