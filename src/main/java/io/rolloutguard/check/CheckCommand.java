package io.rolloutguard.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.PolicyEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code rollout-guard check}: what admission would do with manifest files, without a cluster and
 * without booting Quarkus. Exit 0 when clean (warnings and mutations allowed), 1 when admission
 * would deny an object, 2 on bad input or usage.
 */
public final class CheckCommand {

  static final String HELP =
      CheckArguments.USAGE
          + "\n\n"
          + "Evaluates what rollout-guard's admission webhooks would do on CREATE of each object:\n"
          + "the mutation (a diff, or written back with --fix) and the denials and warnings.\n\n"
          + "  PATH              a file, a directory (*.yaml, *.yml, *.json, recursively) or - for stdin\n"
          + "  -o, --output FMT  text (default), json, sarif or junit, on standard output\n"
          + "  --fix             write the mutations back into the files\n"
          + "  --config FILE     rolloutguard.* properties, over every other configuration source\n\n"
          + "Exit status: 0 clean (warnings allowed), 1 a denial, 2 bad input or usage.\n"
          + "Offline, "
          + CheckReport.NOT_EVALUATED
          + ".";

  private CheckCommand() {}

  /** With the process' environment and system properties, as the webhook reads them. */
  public static int run(
      List<String> args, InputStream stdin, PrintStream out, PrintStream err, Path workingDir) {
    return run(args, stdin, out, err, workingDir, System.getenv(), System.getProperties());
  }

  static int run(
      List<String> args,
      InputStream stdin,
      PrintStream out,
      PrintStream err,
      Path workingDir,
      Map<String, String> env,
      Properties system) {
    CheckArguments arguments;
    try {
      arguments = CheckArguments.parse(args);
    } catch (CheckException e) {
      err.println("rollout-guard check: " + e.getMessage());
      err.println(CheckArguments.USAGE);
      return CheckReport.BAD_INPUT;
    }
    if (arguments.help()) {
      out.println(HELP);
      return CheckReport.CLEAN;
    }
    try {
      Path configFile = arguments.config().map(workingDir::resolve).orElse(null);
      PolicyConfig config = CheckConfiguration.load(configFile, workingDir, env, system);
      CheckReport report = check(arguments, config, stdin, workingDir);
      report.errors().forEach(err::println);
      out.print(render(report, arguments.output()));
      out.flush();
      return report.exitCode();
    } catch (CheckException e) {
      err.println("rollout-guard check: " + e.getMessage());
      return CheckReport.BAD_INPUT;
    }
  }

  static CheckReport check(
      CheckArguments arguments, PolicyConfig config, InputStream stdin, Path workingDir) {
    ObjectMapper mapper = Mappers.quarkusLike();
    ManifestReader.Input input = ManifestReader.read(arguments.paths(), stdin, workingDir);
    Evaluator evaluator = new Evaluator(PolicyEngine.standard(config), mapper);
    List<ManifestReader.InputError> errors = new ArrayList<>(input.errors());
    List<ObjectResult> results = new ArrayList<>();
    for (ManifestObject object : input.objects()) {
      try {
        results.add(evaluator.evaluate(object));
      } catch (CheckException e) {
        errors.add(
            new ManifestReader.InputError(
                object.source().display(), object.line(), e.getMessage()));
      }
    }
    FixPlanner planner = new FixPlanner(mapper);
    Map<Source, FixPlanner.Plan> fixes = new LinkedHashMap<>();
    for (Source source : input.sources()) {
      List<ObjectResult> mine =
          results.stream().filter(r -> r.object().source() == source && r.mutated()).toList();
      if (!mine.isEmpty()) {
        fixes.put(source, planner.plan(source, mine));
      }
    }
    if (arguments.fix()) {
      // A file with an input error is left alone: part of it was never understood.
      Set<String> broken =
          errors.stream().map(ManifestReader.InputError::display).collect(Collectors.toSet());
      for (FixPlanner.Plan plan : fixes.values()) {
        Source source = plan.source();
        if (!plan.changed() || broken.contains(source.display())) {
          continue;
        }
        try {
          Files.writeString(source.file(), plan.text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          errors.add(
              new ManifestReader.InputError(
                  source.display(), 0, "cannot write the fix: " + e.getMessage()));
        }
      }
    }
    return new CheckReport(
        input.sources(), results, input.skipped(), errors, fixes, arguments.fix());
  }

  static String render(CheckReport report, OutputFormat format) {
    ObjectMapper mapper = Mappers.quarkusLike();
    return switch (format) {
      case TEXT -> TextFormat.render(report);
      case JSON -> JsonFormat.render(report, mapper);
      case SARIF -> SarifFormat.render(report, mapper);
      case JUNIT -> JunitFormat.render(report);
    };
  }
}
