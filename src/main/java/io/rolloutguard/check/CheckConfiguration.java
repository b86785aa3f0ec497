package io.rolloutguard.check;

import io.rolloutguard.config.PolicyConfigFactory;
import io.rolloutguard.config.RolloutGuardConfig;
import io.rolloutguard.policy.PolicyConfig;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Properties;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The webhook's {@code rolloutguard.*} configuration, built by SmallRye Config without booting
 * Quarkus, from the same sources in the same order (Quarkus' ordinals), plus {@code --config}.
 */
public final class CheckConfiguration {

  /** Quarkus' ordinals: application.properties in the jar, then config/ in the working dir. */
  static final int JAR_ORDINAL = 250;

  static final int WORKING_DIR_ORDINAL = 260;
  static final int ENV_ORDINAL = 300;
  static final int SYSTEM_ORDINAL = 400;

  /** Above -D and the environment: a file named on the command line is the most explicit. */
  static final int CONFIG_FILE_ORDINAL = 500;

  private CheckConfiguration() {}

  /** From the real process environment and system properties. */
  public static PolicyConfig load(Path configFile, Path workingDir) {
    return load(configFile, workingDir, System.getenv(), System.getProperties());
  }

  static PolicyConfig load(
      Path configFile, Path workingDir, Map<String, String> env, Properties system) {
    List<ConfigSource> sources = new ArrayList<>();
    try {
      for (URL url :
          Collections.list(
              CheckConfiguration.class.getClassLoader().getResources("application.properties"))) {
        sources.add(new PropertiesConfigSource(url, JAR_ORDINAL));
      }
    } catch (IOException e) {
      throw new CheckException("cannot read application.properties from the jar: " + e);
    }
    Path local = workingDir.resolve("config").resolve("application.properties");
    if (Files.isRegularFile(local)) {
      sources.add(properties(local, WORKING_DIR_ORDINAL));
    }
    sources.add(new EnvConfigSource(env, ENV_ORDINAL));
    sources.add(new PropertiesConfigSource(system, "system properties", SYSTEM_ORDINAL));
    if (configFile != null) {
      if (!Files.isRegularFile(configFile)) {
        throw new CheckException("--config " + configFile + ": no such file");
      }
      sources.add(properties(configFile, CONFIG_FILE_ORDINAL));
    }
    RolloutGuardConfig mapped;
    try {
      SmallRyeConfig config =
          new SmallRyeConfigBuilder()
              .withProfile("prod")
              .addDefaultInterceptors()
              .withSources(sources)
              .withMapping(RolloutGuardConfig.class)
              // quarkus.* and unknown keys are the webhook's business; Quarkus only warns on them.
              .withValidateUnknown(false)
              .build();
      mapped = config.getConfigMapping(RolloutGuardConfig.class);
    } catch (ConfigValidationException e) {
      throw new CheckException("invalid configuration: " + problems(e));
    } catch (IllegalArgumentException | NoSuchElementException e) {
      throw new CheckException("invalid configuration: " + firstLine(e.getMessage()));
    }
    try {
      return PolicyConfigFactory.from(mapped);
    } catch (IllegalArgumentException e) {
      throw new CheckException("invalid configuration: " + firstLine(e.getMessage()));
    }
  }

  private static ConfigSource properties(Path file, int ordinal) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new CheckException("cannot read configuration " + file + ": " + e.getMessage());
    }
    return new PropertiesConfigSource(properties, file.toString(), ordinal);
  }

  private static String problems(ConfigValidationException e) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < e.getProblemCount(); i++) {
      lines.add(firstLine(e.getProblem(i).getMessage()));
    }
    return String.join("; ", lines);
  }

  /** Without the exception class names SmallRye puts in front of its own messages. */
  private static String firstLine(String message) {
    String line = message == null ? "" : message.lines().findFirst().orElse("").strip();
    return line.replaceAll("^([\\w.$]+(Exception|Error): )+", "");
  }
}
