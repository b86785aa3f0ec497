package io.rolloutguard.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.rolloutguard.policy.JsonReadLimits;
import jakarta.inject.Singleton;

/** The read limits on the ObjectMapper Quarkus gives the webhook endpoints. */
@Singleton
public class JacksonReadLimits implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    JsonReadLimits.apply(mapper);
  }
}
