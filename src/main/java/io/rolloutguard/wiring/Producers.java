package io.rolloutguard.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.rolloutguard.admission.AdmissionMetrics;
import io.rolloutguard.admission.AdmissionService;
import io.rolloutguard.admission.InputLimits;
import io.rolloutguard.admission.WarmUpCredentials;
import io.rolloutguard.config.PolicyConfigFactory;
import io.rolloutguard.config.RolloutGuardConfig;
import io.rolloutguard.policy.ClusterFacts;
import io.rolloutguard.policy.PolicyConfig;
import io.rolloutguard.policy.PolicyEngine;
import io.rolloutguard.tls.ClientCertificates;
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
  PolicyEngine policyEngine(PolicyConfig config) {
    return PolicyEngine.standard(config);
  }

  @Produces
  @Singleton
  InputLimits inputLimits(RolloutGuardConfig config) {
    RolloutGuardConfig.Limits l = config.limits();
    return new InputLimits(
        l.containers(), l.envPerContainer(), l.ownerReferences(), l.selectorTerms());
  }

  /** The warm-up presents the in-memory client certificate when the webhook port requires one. */
  @Produces
  @Singleton
  WarmUpCredentials warmUpCredentials(ClientCertificates certificates) {
    return new WarmUpCredentials(certificates.warmUpCertificatePem(), certificates.warmUpKeyPem());
  }

  @Produces
  @Singleton
  AdmissionMetrics admissionMetrics(MeterRegistry registry) {
    return new AdmissionMetrics(registry);
  }

  @Produces
  @Singleton
  AdmissionService admissionService(
      PolicyEngine engine,
      RolloutGuardConfig settings,
      ClusterFacts cluster,
      AdmissionMetrics metrics,
      ObjectMapper mapper) {
    // With the CEL policies in the API server, admission keeps only the rules that need state;
    // the background audit still evaluates every rule with the standard engine.
    PolicyEngine admission =
        settings.cel().enabled() ? PolicyEngine.stateful(engine.config()) : engine;
    return new AdmissionService(admission, cluster, metrics, mapper);
  }
}
