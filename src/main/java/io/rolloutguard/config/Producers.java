package io.rolloutguard.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.rolloutguard.admission.AdmissionMetrics;
import io.rolloutguard.admission.AdmissionService;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.PolicyEngine;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Wires the plain classes of the core into CDI, so the core itself has no Quarkus in it. */
public class Producers {

  @Produces
  @Singleton
  PolicyConfig policyConfig(RolloutGuardConfig config) {
    return PolicyConfigFactory.from(config);
  }

  @Produces
  @Singleton
  PolicyEngine policyEngine(PolicyConfig config, RolloutGuardConfig settings) {
    return settings.cel().enabled() ? PolicyEngine.stateful(config) : PolicyEngine.standard(config);
  }

  @Produces
  @Singleton
  AdmissionMetrics admissionMetrics(MeterRegistry registry) {
    return new AdmissionMetrics(registry);
  }

  @Produces
  @Singleton
  AdmissionService admissionService(
      PolicyEngine engine, ClusterFacts cluster, AdmissionMetrics metrics, ObjectMapper mapper) {
    return new AdmissionService(engine, cluster, metrics, mapper);
  }
}
