package io.rolloutguard.e2e.node;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rolloutguard.e2e.RealCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * A control plane and one real node (e2e/node/up.sh: containerd, runc, a CNI bridge, kubelet,
 * scheduler) in a directory of their own, so that they never meet the control-plane tests' cluster,
 * and rollout-guard installed on it as a user would: {@code kubectl apply -k} of
 * e2e/node/manifests, the base manifests with our image. Started once per test JVM; down.sh and the
 * cluster's down.sh run at exit.
 */
final class RealNode {

  static final Path DIR =
      Path.of(System.getProperty("e2e.node.dir", "target/e2e-node")).toAbsolutePath();
  static final String APP_NAMESPACE = "rollout-guard";
  static final String NODE_NAME = "rg-e2e-node";

  private static RealNode instance;

  private final KubernetesClient client;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private RealNode() {
    if (!isRootOnLinux()) {
      throw new IllegalStateException(
          "the *NodeE2E tests start a kubelet and need root on Linux (e2e/node/up.sh);"
              + " run as root, or leave them out with -DskipNodeE2E");
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // The node first: its down.sh asks the API server to stop the pods.
                  run("e2e/node/down.sh");
                  run("e2e/cluster/down.sh");
                }));
    run("e2e/node/up.sh");
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(read(DIR.resolve("kubeconfig"))))
            .build();
  }

  static synchronized RealNode get() {
    if (instance == null) {
      instance = new RealNode();
    }
    return instance;
  }

  KubernetesClient client() {
    return client;
  }

  static final String CONTROLLER = "rollout-guard-controller";

  /**
   * rollout-guard installed from the manifests and rolled out: 3 Ready admission replicas and 2
   * Ready controller replicas. The controller first: it creates the TLS Secret that the admission
   * pods wait for. Idempotent, so each test class can ask for it.
   */
  synchronized RealNode installed() {
    kubectl("apply", "-k", "e2e/node/manifests");
    kubectl("-n", APP_NAMESPACE, "rollout", "status", "deployment/" + CONTROLLER, "--timeout=300s");
    kubectl("-n", APP_NAMESPACE, "rollout", "status", "deployment/rollout-guard", "--timeout=300s");
    return this;
  }

  /** The admission Deployment, which serves the webhooks. */
  Deployment rolloutGuard() {
    return client.apps().deployments().inNamespace(APP_NAMESPACE).withName("rollout-guard").get();
  }

  /** The controller Deployment, which reconciles and holds the write rights. */
  Deployment controller() {
    return client.apps().deployments().inNamespace(APP_NAMESPACE).withName(CONTROLLER).get();
  }

  /**
   * The admission pods (the controller's carry app.kubernetes.io/name: rollout-guard-controller).
   */
  List<Pod> rolloutGuardPods() {
    return pods("rollout-guard");
  }

  List<Pod> controllerPods() {
    return pods(CONTROLLER);
  }

  private List<Pod> pods(String name) {
    return client
        .pods()
        .inNamespace(APP_NAMESPACE)
        .withLabel("app.kubernetes.io/name", name)
        .list()
        .getItems();
  }

  /** A namespace whose default ServiceAccount exists, so pods can be created in it at once. */
  void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
    await("default ServiceAccount in " + name)
        .until(() -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
  }

  /** GET http://{pod IP}:8080{path} from the host, over the node's bridge. */
  HttpResponse<String> podGet(Pod pod, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://" + pod.getStatus().getPodIP() + ":8080" + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** host:port of the distribution registry that up.sh runs on loopback for containerd. */
  String registry() {
    return read(DIR.resolve("node/registry.address")).trim();
  }

  /**
   * Pushes one of images.sh's tarballs to the registry as {@code ref}, from a containerd namespace
   * of its own: the node's images (namespace k8s.io) stay as they are, as on a node that pulled the
   * tag earlier.
   */
  void push(String tarball, String localName, String ref) {
    Path tar = Path.of(read(DIR.resolve("node/images.dir")).trim(), tarball);
    ctr("-n", "e2e-push", "images", "import", tar.toString());
    ctr("-n", "e2e-push", "images", "tag", "--force", localName, ref);
    ctr("-n", "e2e-push", "images", "push", "--plain-http", ref);
  }

  String ctr(String... args) {
    List<String> command = new ArrayList<>();
    command.addAll(List.of("ctr", "--address", DIR.resolve("node/containerd.sock").toString()));
    command.addAll(List.of(args));
    return exec(command);
  }

  /** The kubectl built with the cluster, against it; fails on a non-zero exit. */
  String kubectl(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(read(DIR.resolve("bin")).trim(), "kubectl").toString());
    command.addAll(List.of("--kubeconfig", DIR.resolve("kubeconfig").toString()));
    command.addAll(List.of(args));
    return exec(command);
  }

  private static String exec(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(6, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static ConditionFactory await(String what) {
    return Awaitility.await(what)
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions();
  }

  static boolean ready(Pod p) {
    return p.getMetadata().getDeletionTimestamp() == null
        && p.getStatus() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  static String image(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  static int available(Deployment d) {
    return d.getStatus() == null
        ? 0
        : Objects.requireNonNullElse(d.getStatus().getAvailableReplicas(), 0);
  }

  private static boolean isRootOnLinux() {
    return System.getProperty("os.name").startsWith("Linux")
        && "root".equals(System.getProperty("user.name"));
  }

  private static void run(String script) {
    RealCluster.runScript(script, DIR);
  }

  private static String read(Path path) {
    return RealCluster.read(path);
  }
}
