package io.rolloutguard.plugin;

import java.util.List;
import java.util.Set;

/**
 * The plugin's command line, parsed the way kubectl (pflag) reads it: flags anywhere, {@code --flag
 * value}, {@code --flag=value}, {@code -n value}, {@code -nvalue} and {@code -n=value}.
 */
record PluginArguments(
    String command,
    String name,
    String kubeconfig,
    String context,
    String namespace,
    boolean allNamespaces,
    boolean watch,
    boolean help) {

  static final String USAGE =
      "usage: kubectl rollout-guard get NAME [-w] | list [-A] | promote NAME | abort NAME | retry"
          + " NAME  [-n NAMESPACE] [--context NAME] [--kubeconfig FILE]";

  static final Set<String> COMMANDS = Set.of("get", "list", "promote", "abort", "retry", "help");
  private static final Set<String> NAMED = Set.of("get", "promote", "abort", "retry");

  static PluginArguments parse(List<String> args) {
    String command = null;
    String name = null;
    String kubeconfig = null;
    String context = null;
    String namespace = null;
    boolean all = false;
    boolean watch = false;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg;
      String value = null;
      if (arg.startsWith("--") && arg.contains("=")) {
        flag = arg.substring(0, arg.indexOf('='));
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (arg.startsWith("-n") && !arg.startsWith("--") && arg.length() > 2) {
        flag = "-n";
        value = arg.substring(arg.charAt(2) == '=' ? 3 : 2);
      }
      switch (flag) {
        case "--kubeconfig", "--context", "-n", "--namespace" -> {
          if (value == null) {
            if (i + 1 >= args.size()) {
              throw new PluginException("flag needs an argument: " + flag);
            }
            value = args.get(++i);
          }
          if (value.isEmpty()) {
            throw new PluginException("flag needs a non-empty argument: " + flag);
          }
          switch (flag) {
            case "--kubeconfig" -> kubeconfig = value;
            case "--context" -> context = value;
            default -> namespace = value;
          }
        }
        case "-A", "--all-namespaces" -> all = true;
        case "-w", "--watch" -> watch = true;
        case "-h", "--help" -> help = true;
        default -> {
          if (arg.startsWith("-") && !arg.equals("-")) {
            throw new PluginException("unknown flag: " + arg);
          }
          if (command == null) {
            command = arg;
          } else if (name == null) {
            name = arg;
          } else {
            throw new PluginException("too many arguments: " + arg);
          }
        }
      }
    }
    if (help || command == null || command.equals("help")) {
      return new PluginArguments("help", null, null, null, null, false, false, true);
    }
    if (!COMMANDS.contains(command)) {
      throw new PluginException(
          "unknown command \"" + command + "\": use get, list, promote, abort or retry");
    }
    if (NAMED.contains(command) && name == null) {
      throw new PluginException(command + " needs the name of a RolloutPolicy");
    }
    if (!NAMED.contains(command) && name != null) {
      throw new PluginException(command + " takes no NAME: " + name);
    }
    if (all && !command.equals("list")) {
      throw new PluginException("-A/--all-namespaces is for list only");
    }
    if (all && namespace != null) {
      throw new PluginException("use either -A or -n, not both");
    }
    if (watch && !command.equals("get")) {
      throw new PluginException("-w/--watch is for get only");
    }
    return new PluginArguments(command, name, kubeconfig, context, namespace, all, watch, false);
  }
}
