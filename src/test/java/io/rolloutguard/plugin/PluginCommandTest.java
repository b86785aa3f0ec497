package io.rolloutguard.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.rolloutguard.api.RolloutPolicy;
import io.rolloutguard.policy.KnownBadRevisionRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against fabric8's mock API server (CRUD mode), through a kubeconfig file as users
 * give one: what each writes, and each error as one line with its exit status.
 */
@EnableKubernetesMockClient(crud = true)
class PluginCommandTest {

  KubernetesMockServer server;
  KubernetesClient client;

  @TempDir Path dir;
  Path kubeconfig;

  private record Result(int exit, String out, String err) {}

  @BeforeEach
  void kubeconfig() throws IOException {
    kubeconfig = writeKubeconfig(client.getMasterUrl().toString(), "kubia");
  }

  @Test
  void promoteSetsTheAnnotationWhenPausedAtAStep() {
    create("paused-at-step-1");
    Result r = run("promote", "kubia");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "rolloutpolicy \"kubia\" promote requested at step 1/2 (the controller removes"
            + " rolloutguard.io/promote when it acts)\n",
        r.out());
    assertEquals("true", annotations("kubia", "kubia").get(RolloutPolicy.PROMOTE_ANNOTATION));
  }

  @Test
  void abortSetsTheAnnotationDuringARollout() {
    create("paused-at-step-1");
    Result r = run("abort", "kubia", "-n", "kubia");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("revision 7456b87bcf rolls back to 6db8988f9b"), r.out());
    assertEquals("true", annotations("kubia", "kubia").get(RolloutPolicy.ABORT_ANNOTATION));
  }

  @Test
  void nothingToPromoteOrAbortAfterARollback() {
    create("rolled-back");
    Result promote = run("promote", "kubia");
    assertEquals(2, promote.exit());
    assertEquals(
        "kubectl rollout-guard: nothing to promote: rolloutpolicy \"kubia\" is RolledBack, not"
            + " paused at a step\n",
        promote.err());
    Result abort = run("abort", "kubia");
    assertEquals(2, abort.exit());
    assertEquals(
        "kubectl rollout-guard: nothing to abort: rolloutpolicy \"kubia\" is RolledBack\n",
        abort.err());
    assertTrue(annotations("kubia", "kubia").isEmpty());
  }

  @Test
  void retryAppliesTheRolledBackTemplateWithANewlyAddedRetryAnnotation() {
    create("rolled-back");
    // Left by an earlier retry: only a newly added annotation lets RG005 through.
    client
        .apps()
        .deployments()
        .inNamespace("kubia")
        .withName("kubia")
        .edit(
            d -> {
              d.getMetadata().setAnnotations(Map.of(KnownBadRevisionRule.RETRY_ANNOTATION, "true"));
              return d;
            });
    String before = resourceVersion();

    Result r = run("retry", "kubia");

    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("set back to revision 7b6bdb8946"), r.out());
    Deployment d = client.apps().deployments().inNamespace("kubia").withName("kubia").get();
    assertEquals(
        "luksa/kubia:v3", d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    assertFalse(
        d.getSpec().getTemplate().getMetadata().getLabels().containsKey("pod-template-hash"),
        "the Deployment controller adds its own hash label");
    assertEquals(
        "true", d.getMetadata().getAnnotations().get(KnownBadRevisionRule.RETRY_ANNOTATION));
    assertTrue(
        Long.parseLong(d.getMetadata().getResourceVersion()) >= Long.parseLong(before) + 2,
        "the stale annotation was removed in a write of its own first");
  }

  @Test
  void retryNeedsARollback() {
    create("paused-at-step-1");
    Result r = run("retry", "kubia");
    assertEquals(2, r.exit());
    assertTrue(
        r.err()
            .startsWith(
                "kubectl rollout-guard: nothing to retry: rolloutpolicy \"kubia\" is Paused"),
        r.err());
  }

  @Test
  void getPrintsTheViewWithoutColourOffATerminal() {
    create("paused-at-step-1");
    Result r = run("get", "kubia");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Phase:          ॥ Paused\n"), r.out());
    assertTrue(r.out().contains("▶ 1. canary 1 pod, pause 30s  ← paused here"), r.out());
    assertTrue(r.out().contains("□ kubia-7456b87bcf-xk2lq  Pod         ✔ Ready"), r.out());
    assertFalse(r.out().contains("\u001b["), "no colour on a pipe");
  }

  @Test
  void listUsesTheContextNamespaceOrAll() {
    create("paused-at-step-1");
    create("manual-pause-crashloop");
    Result here = run("list");
    assertEquals(0, here.exit(), here.err());
    assertEquals(2, here.out().lines().count(), here.out());
    assertTrue(here.out().lines().skip(1).findFirst().orElseThrow().startsWith("kubia "));
    Result all = run("list", "-A");
    assertEquals(3, all.out().lines().count(), all.out());
    assertTrue(all.out().contains("\nshop "), all.out());
    Result empty = run("list", "-n", "nothing");
    assertEquals(0, empty.exit());
    assertEquals("No RolloutPolicies found in nothing namespace.\n", empty.err());
  }

  @Test
  void anUnknownPolicyIsOneLineAndExitsTwo() {
    create("paused-at-step-1");
    Result r = run("get", "nope");
    assertEquals(2, r.exit());
    assertEquals(
        "kubectl rollout-guard: rolloutpolicy \"nope\" not found in namespace \"kubia\"\n",
        r.err());
  }

  @Test
  void anUnreachableClusterIsOneLineAndExitsTwo() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    kubeconfig = writeKubeconfig("https://127.0.0.1:" + port, "kubia");
    Result r = run("get", "kubia");
    assertEquals(2, r.exit());
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(
        r.err()
            .startsWith(
                "kubectl rollout-guard: cannot reach the cluster at https://127.0.0.1:" + port),
        r.err());
  }

  @Test
  void kubeconfigAndContextErrors() {
    Result missing =
        runWith(List.of("get", "kubia", "--kubeconfig", dir.resolve("none").toString()));
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains(": no such file"), missing.err());
    Result context = run("get", "kubia", "--context", "prod");
    assertEquals(2, context.exit());
    assertEquals(
        "kubectl rollout-guard: context \"prod\" not found in the kubeconfig\n", context.err());
  }

  @Test
  void aRefusalByTheApiServerExitsOne() {
    create("paused-at-step-1");
    server
        .expect()
        .patch()
        .withPath("/apis/rolloutguard.io/v1alpha1/namespaces/kubia/rolloutpolicies/kubia")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "rolloutpolicies.rolloutguard.io \"kubia\" is forbidden: User \"dev\" cannot"
                        + " patch resource")
                .build())
        .once();
    Result r = run("promote", "kubia");
    assertEquals(1, r.exit());
    assertEquals(
        "kubectl rollout-guard: rolloutpolicies.rolloutguard.io \"kubia\" is forbidden: User"
            + " \"dev\" cannot patch resource\n",
        r.err());
  }

  @Test
  void watchRedrawsOnATerminalAndAppendsFramesElsewhere() throws Exception {
    create("paused-at-step-1");
    for (boolean terminal : new boolean[] {true, false}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
      PluginArguments args =
          PluginArguments.parse(
              List.of("get", "kubia", "--watch", "--kubeconfig", kubeconfig.toString()));
      Thread watching =
          new Thread(
              () -> {
                try (KubeAccess k = KubeAccess.connect(args)) {
                  Watcher.run(
                      k,
                      "kubia",
                      print,
                      terminal,
                      Style.PLAIN,
                      Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      watching.start();
      try {
        org.awaitility.Awaitility.await("the first frame")
            .atMost(java.time.Duration.ofSeconds(30))
            .until(() -> out.toString(StandardCharsets.UTF_8).contains("← paused here"));
        client
            .resources(RolloutPolicy.class)
            .inNamespace("kubia")
            .withName("kubia")
            .editStatus(
                p -> {
                  p.getStatus().setPhase(io.rolloutguard.api.Phase.Succeeded);
                  return p;
                });
        org.awaitility.Awaitility.await("a frame after the change")
            .atMost(java.time.Duration.ofSeconds(30))
            .until(() -> out.toString(StandardCharsets.UTF_8).contains("✔ Succeeded"));
      } finally {
        watching.interrupt();
        watching.join(10_000);
      }
      String frames = out.toString(StandardCharsets.UTF_8);
      if (terminal) {
        assertTrue(frames.startsWith(Watcher.CLEAR), "a terminal is redrawn");
        assertFalse(frames.contains("\n--- "));
      } else {
        assertFalse(frames.contains("\u001b["), "no escape codes off a terminal");
        assertTrue(frames.startsWith("--- 2026-11-28T12:00:00Z\nName:           kubia\n"), frames);
        assertTrue(frames.contains("\n\n--- 2026-11-28T12:00:00Z\n"), "frames follow each other");
      }
      client
          .resources(RolloutPolicy.class)
          .inNamespace("kubia")
          .withName("kubia")
          .editStatus(
              p -> {
                p.getStatus().setPhase(io.rolloutguard.api.Phase.Paused);
                return p;
              });
    }
  }

  @Test
  void usageErrorsPrintTheUsage() {
    Result r = runWith(List.of("frob"));
    assertEquals(2, r.exit());
    assertEquals(2, r.err().lines().count(), r.err());
    assertTrue(r.err().lines().skip(1).findFirst().orElseThrow().startsWith("usage: "));
  }

  /** Creates owners first and points owner references at the UIDs the mock server assigned. */
  private void create(String fixture) {
    Map<String, String> uids = new java.util.HashMap<>();
    for (var o : Fixtures.objects(fixture)) {
      String uid = o.getMetadata().getUid();
      var refs = o.getMetadata().getOwnerReferences();
      if (refs != null) {
        refs.forEach(r -> r.setUid(uids.getOrDefault(r.getUid(), r.getUid())));
      }
      var created = client.resource(o).create();
      if (uid != null) {
        uids.put(uid, created.getMetadata().getUid());
      }
    }
  }

  private Map<String, String> annotations(String ns, String name) {
    var a =
        client
            .resources(RolloutPolicy.class)
            .inNamespace(ns)
            .withName(name)
            .get()
            .getMetadata()
            .getAnnotations();
    return a == null ? Map.of() : a;
  }

  private String resourceVersion() {
    return client
        .apps()
        .deployments()
        .inNamespace("kubia")
        .withName("kubia")
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  private Result run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kubeconfig", kubeconfig.toString()));
    return runWith(all);
  }

  private Result runWith(List<String> args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        PluginCommand.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            Map.of(),
            Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
    return new Result(
        exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path writeKubeconfig(String server, String namespace) throws IOException {
    return Files.writeString(
        dir.resolve("kubeconfig-" + System.nanoTime()),
        "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster:\n    server: "
            + server
            + "\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\n"
            + "contexts:\n- name: mock\n  context: {cluster: mock, user: u, namespace: "
            + namespace
            + "}\ncurrent-context: mock\n");
  }
}
