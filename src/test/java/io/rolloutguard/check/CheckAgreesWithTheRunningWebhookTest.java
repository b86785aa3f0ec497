package io.rolloutguard.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.rolloutguard.admission.AdmissionService;
import io.rolloutguard.policy.PolicyConfig;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same comparison against the webhook as Quarkus wires it (its ObjectMapper, its ClusterFacts
 * without a cluster), and the proof that {@code check} builds the same configuration from the same
 * properties without Quarkus.
 */
@QuarkusTest
class CheckAgreesWithTheRunningWebhookTest {

  @Inject AdmissionService webhook;
  @Inject PolicyConfig config;

  @Test
  void checkReadsTheWebhooksConfiguration() {
    assertEquals(
        config, CheckConfiguration.load(null, Path.of("target"), Map.of(), new Properties()));
  }

  static Stream<Arguments> fixtures() throws IOException {
    return WebhookComparison.fixtures();
  }

  @ParameterizedTest(name = "{0} yaml={1}")
  @MethodSource("fixtures")
  void checkAgreesWithTheWebhookOnCreate(String fixture, boolean yaml) throws IOException {
    new WebhookComparison(webhook, config).assertSameVerdict(fixture, yaml);
  }
}
