package io.rolloutguard.plugin;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl rollout-guard}, the kubectl plugin, in the app's command mode (no Quarkus boot):
 * get [--watch], list, promote, abort and retry over a plain fabric8 client. Exit 0 on success, 1
 * when the API server refuses (RBAC, a webhook), 2 on bad usage or input: an unknown command or
 * flag, a missing NAME, an unknown policy or context, nothing to act on, an unreachable cluster.
 */
public final class PluginCommand {

  public static final int OK = 0;
  public static final int REFUSED = 1;
  public static final int BAD_INPUT = 2;

  static final String PREFIX = "kubectl rollout-guard: ";

  static final String HELP =
      """
      kubectl rollout-guard: rollouts guarded by rollout-guard, at a glance

        get NAME [-w]     the RolloutPolicy: its steps (the current one marked), pause timer, last
                          rollback, and the Deployment's revisions, ReplicaSets and pods;
                          -w/--watch redraws on every change until Ctrl-C
        list [-A]         the RolloutPolicies in the namespace, or in all (-A/--all-namespaces)
        promote NAME      end the current pause now (rolloutguard.io/promote)
        abort NAME        roll the current rollout back now (rolloutguard.io/abort)
        retry NAME        apply the rolled-back revision again, once (rolloutguard.io/retry)

      Flags, as kubectl's: --kubeconfig FILE (else KUBECONFIG, else ~/.kube/config), --context
      NAME, -n/--namespace NS (else the context's namespace, else default).
      Colour on a terminal only, never with NO_COLOR set.
      Exit status: 0 done, 1 the API server refused, 2 bad usage or input (unknown command or
      policy, nothing to act on, cluster unreachable).""";

  private PluginCommand() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    return run(args, out, err, Terminals.stdoutIsTerminal(), System.getenv(), Clock.systemUTC());
  }

  static int run(
      List<String> args,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      Map<String, String> env,
      Clock clock) {
    PluginArguments arguments;
    try {
      arguments = PluginArguments.parse(args);
    } catch (PluginException e) {
      err.println(PREFIX + e.getMessage());
      err.println(PluginArguments.USAGE);
      return e.exitCode();
    }
    if (arguments.help()) {
      out.println(HELP);
      return OK;
    }
    Style style = Style.detect(terminal, env);
    KubeAccess k = null;
    try {
      k = KubeAccess.connect(arguments);
      switch (arguments.command()) {
        case "get" -> {
          if (arguments.watch()) {
            ClusterReader.policy(k, arguments.name());
            Watcher.run(k, arguments.name(), out, terminal, style, clock);
          } else {
            var view = ClusterReader.view(k, ClusterReader.policy(k, arguments.name()));
            GetView.render(view, clock.instant(), style).forEach(out::println);
          }
        }
        case "list" -> {
          var policies = ClusterReader.list(k, arguments.allNamespaces());
          if (policies.isEmpty()) {
            err.println(
                arguments.allNamespaces()
                    ? "No RolloutPolicies found."
                    : "No RolloutPolicies found in " + k.namespace() + " namespace.");
          } else {
            ListView.render(policies, arguments.allNamespaces(), clock.instant(), style)
                .forEach(out::println);
          }
        }
        case "promote" -> out.println(Actions.promote(k, arguments.name()));
        case "abort" -> out.println(Actions.abort(k, arguments.name()));
        case "retry" -> out.println(Actions.retry(k, arguments.name()));
        default -> throw new IllegalStateException(arguments.command());
      }
      out.flush();
      return OK;
    } catch (PluginException e) {
      err.println(PREFIX + e.getMessage());
      return e.exitCode();
    } catch (KubernetesClientException e) {
      PluginException p = Errors.from(e, k == null ? "?" : k.server());
      err.println(PREFIX + p.getMessage());
      return p.exitCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OK;
    } finally {
      if (k != null) {
        k.close();
      }
    }
  }
}
