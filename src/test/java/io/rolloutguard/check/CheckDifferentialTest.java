package io.rolloutguard.check;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rolloutguard.admission.AdmissionMetrics;
import io.rolloutguard.admission.AdmissionService;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.PolicyEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code check} and the webhook's AdmissionService, without Quarkus, agree on every admission
 * fixture. {@link CheckAgreesWithTheRunningWebhookTest} does the same against the CDI-wired one.
 */
class CheckDifferentialTest {

  private static final PolicyConfig CONFIG =
      CheckConfiguration.load(null, Path.of("target"), Map.of(), new Properties());
  private static final WebhookComparison COMPARISON =
      new WebhookComparison(
          new AdmissionService(
              PolicyEngine.standard(CONFIG),
              ClusterFacts.NONE,
              new AdmissionMetrics(new SimpleMeterRegistry()),
              Mappers.quarkusLike()),
          CONFIG);

  static Stream<Arguments> fixtures() throws IOException {
    return WebhookComparison.fixtures();
  }

  @ParameterizedTest(name = "{0} yaml={1}")
  @MethodSource("fixtures")
  void checkAgreesWithTheWebhookOnCreate(String fixture, boolean yaml) throws IOException {
    COMPARISON.assertSameVerdict(fixture, yaml);
  }
}
