package io.rolloutguard.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The real control plane from e2e/cluster: etcd, kube-apiserver and kube-controller-manager built
 * from Go modules. Started once per test JVM by up.sh and stopped by down.sh at exit.
 */
public final class RealCluster {

  static final Path DIR = Path.of(System.getProperty("e2e.dir", "target/e2e")).toAbsolutePath();
  static final Path KUBECONFIG = DIR.resolve("kubeconfig");
  static final Path CRD = Path.of("manifests/base/crd.yaml");
  static final String APP_NAMESPACE = "rollout-guard";

  private static RealCluster instance;

  private final KubernetesClient client;

  private RealCluster() {
    run("e2e/cluster/up.sh");
    Runtime.getRuntime().addShutdownHook(new Thread(() -> run("e2e/cluster/down.sh")));
    client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(KUBECONFIG))).build();
    ensureNamespace(APP_NAMESPACE);
    installCrd();
  }

  public static synchronized RealCluster get() {
    if (instance == null) {
      instance = new RealCluster();
    }
    return instance;
  }

  public KubernetesClient client() {
    return client;
  }

  /** Runs the kubectl built with the cluster against it; fails on a non-zero exit. */
  public static String kubectl(String... args) {
    try {
      java.util.List<String> command = new java.util.ArrayList<>();
      command.add(Path.of(Files.readString(DIR.resolve("bin")).trim(), "kubectl").toString());
      command.addAll(java.util.List.of("--kubeconfig", KUBECONFIG.toString()));
      command.addAll(java.util.List.of(args));
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A kubeconfig for the app's own ServiceAccount under the manifests' RBAC, so the tests prove
   * that the least-privilege RBAC is enough. The harness runs one process with both roles
   * (rolloutguard.role=all), so the ServiceAccount rollout-guard gets the admission rights of
   * rbac.yaml and, bound here as well, the controller's and self-managed TLS's of
   * rbac-controller.yaml and rbac-tls.yaml. What each role alone may do is RbacByRoleTest's and the
   * node E2E's, which install the two Deployments.
   */
  public Path serviceAccountKubeconfig() {
    for (String file : List.of("rbac.yaml", "rbac-controller.yaml", "rbac-tls.yaml")) {
      kubectl("apply", "-f", "manifests/base/" + file);
    }
    try {
      Path both = Files.writeString(DIR.resolve("both-roles-rbac.yaml"), BOTH_ROLES);
      kubectl("apply", "-f", both.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return serviceAccountKubeconfig(APP_NAMESPACE, "rollout-guard");
  }

  /**
   * The controller role's roles, bound to the admission ServiceAccount too (test only); also the
   * CEL overlay's, which binds only the controller's ServiceAccount (CelPolicySyncE2E applies it).
   */
  private static final String BOTH_ROLES =
      String.join(
          "---\n",
          binding("ClusterRoleBinding", "ClusterRole", "rollout-guard-cel"),
          binding("ClusterRoleBinding", "ClusterRole", "rollout-guard-controller"),
          binding("ClusterRoleBinding", "ClusterRole", "rollout-guard-controller-tls"),
          binding("RoleBinding", "Role", "rollout-guard-controller"),
          binding("RoleBinding", "Role", "rollout-guard-controller-tls"));

  private static String binding(String kind, String roleKind, String role) {
    return "apiVersion: rbac.authorization.k8s.io/v1\nkind: "
        + kind
        + "\nmetadata:\n  name: e2e-all-roles-"
        + role
        + (kind.equals("RoleBinding") ? "\n  namespace: " + APP_NAMESPACE : "")
        + "\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: "
        + roleKind
        + "\n  name: "
        + role
        + "\nsubjects:\n  - kind: ServiceAccount\n    name: rollout-guard\n    namespace: "
        + APP_NAMESPACE
        + "\n";
  }

  /** A kubeconfig that authenticates as the ServiceAccount, with a token of its own. */
  public Path serviceAccountKubeconfig(String namespace, String serviceAccount) {
    String token =
        client
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(serviceAccount)
            .tokenRequest(
                new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(7200L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    String admin = read(KUBECONFIG);
    String server =
        admin.lines().filter(l -> l.trim().startsWith("server:")).findFirst().orElseThrow().trim();
    String ca =
        admin
            .lines()
            .filter(l -> l.trim().startsWith("certificate-authority:"))
            .findFirst()
            .orElseThrow()
            .trim();
    String config =
        "apiVersion: v1\nkind: Config\nclusters:\n- name: e2e\n  cluster:\n    "
            + server
            + "\n    "
            + ca
            + "\nusers:\n- name: "
            + serviceAccount
            + "\n  user:\n    token: "
            + token
            + "\ncontexts:\n- name: e2e\n  context: {cluster: e2e, user: "
            + serviceAccount
            + ", namespace: "
            + namespace
            + "}\ncurrent-context: e2e\n";
    try {
      return Files.writeString(
          DIR.resolve(namespace + "-" + serviceAccount + ".kubeconfig"), config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Restarts the controller-manager as its own user ({@code own}) or per-controller ({@code sa}).
   */
  public static void controllerManagerMode(String mode) {
    runScript("e2e/cluster/kcm.sh", DIR, mode);
  }

  /** A namespace whose default ServiceAccount exists, so pods can be created in it at once. */
  public void ensureNamespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .serverSideApply();
    Awaitility.await("default ServiceAccount in " + name)
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
  }

  private void installCrd() {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().load(CRD.toFile()).item();
    client.resource(crd).forceConflicts().serverSideApply();
    Awaitility.await("RolloutPolicy CRD established")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                client
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crd.getMetadata().getName())
                    .get()
                    .getStatus()
                    .getConditions()
                    .stream()
                    .anyMatch(
                        c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));
  }

  private static void run(String script) {
    runScript(script, DIR);
  }

  /** Runs a harness script with {@code E2E_DIR}; fails on a non-zero exit. */
  public static void runScript(String script, Path e2eDir, String... args) {
    try {
      java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("bash", script));
      command.addAll(java.util.List.of(args));
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .inheritIO()
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().put("E2E_DIR", e2eDir.toString());
      Process p = builder.start();
      if (!p.waitFor(50, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(script + " failed; see " + e2eDir + "/**/*.log");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
