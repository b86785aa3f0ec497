package io.rolloutguard.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line after {@code check}.
 *
 * @param paths files, directories, or {@code -} for standard input, in the order given
 */
public record CheckArguments(
    OutputFormat output, boolean fix, Optional<Path> config, List<String> paths, boolean help) {

  static final String USAGE =
      "usage: rollout-guard check [--output text|json|sarif|junit] [--fix] [--config FILE] PATH...";

  static final String STDIN = "-";

  public static CheckArguments parse(List<String> args) {
    OutputFormat output = OutputFormat.TEXT;
    boolean fix = false;
    Path config = null;
    List<String> paths = new ArrayList<>();
    boolean options = true;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!options || arg.equals(STDIN) || !arg.startsWith("-")) {
        paths.add(arg);
        continue;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (name) {
        case "--" -> options = false;
        case "-h", "--help" -> {
          return new CheckArguments(output, fix, Optional.ofNullable(config), paths, true);
        }
        case "--fix" -> {
          if (value != null) {
            throw new CheckException("--fix takes no value");
          }
          fix = true;
        }
        case "-o", "--output" -> {
          if (value == null) {
            value = next(args, ++i, name);
          }
          output = OutputFormat.parse(value);
        }
        case "--config" -> {
          if (value == null) {
            value = next(args, ++i, name);
          }
          config = Path.of(value);
        }
        default -> throw new CheckException("unknown option " + name);
      }
    }
    if (paths.isEmpty()) {
      throw new CheckException("no PATH given; use - to read standard input");
    }
    if (fix && paths.contains(STDIN)) {
      throw new CheckException("--fix cannot write back to standard input");
    }
    return new CheckArguments(output, fix, Optional.ofNullable(config), List.copyOf(paths), false);
  }

  private static String next(List<String> args, int i, String option) {
    if (i >= args.size() || args.get(i).isEmpty()) {
      throw new CheckException(option + " needs a value");
    }
    return args.get(i);
  }
}
