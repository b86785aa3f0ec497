package io.rolloutguard.check;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.rolloutguard.policy.JsonReadLimits;

/**
 * The ObjectMapper the webhook gets from Quarkus, without Quarkus: the same defaults and limits.
 */
final class Mappers {

  private Mappers() {}

  static ObjectMapper quarkusLike() {
    return JsonReadLimits.apply(
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build());
  }
}
