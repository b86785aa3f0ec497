package io.rolloutguard.policy;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jackson's read limits for every mapper that reads what a tenant wrote (reviews, manifests,
 * objects listed from the API server). Kubernetes objects are shallow (a Deployment is about 15
 * levels deep), so 200 levels refuse a body of 100,000 '[' at parse time, long before the recursive
 * readers and the model binding run out of a 256 KiB thread stack.
 */
public final class JsonReadLimits {

  public static final int DEPTH_MAX = 200;

  /** Above the 3 MiB body limit, so that one string can fill a body but nothing more. */
  public static final int STRING_LENGTH_MAX = 4 << 20;

  /** An int64 has 19 digits and quantities are strings; Jackson's default is 1,000. */
  public static final int NUMBER_LENGTH_MAX = 64;

  public static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder()
          .maxNestingDepth(DEPTH_MAX)
          .maxStringLength(STRING_LENGTH_MAX)
          .maxNumberLength(NUMBER_LENGTH_MAX)
          .build();

  private JsonReadLimits() {}

  public static <M extends ObjectMapper> M apply(M mapper) {
    mapper.getFactory().setStreamReadConstraints(CONSTRAINTS);
    return mapper;
  }
}
