package io.rolloutguard.admission;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same cases against the packaged fast-jar, over HTTPS, with no cluster. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = SelfSignedTls.class, restrictToAnnotatedClass = true)
@ExtendWith(HttpsOnly.class)
class MutateEndpointIT extends MutateEndpointTest {}
