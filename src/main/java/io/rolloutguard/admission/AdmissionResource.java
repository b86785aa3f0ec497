package io.rolloutguard.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;

/** The two webhook endpoints. Policy runs in memory, so they answer on the event loop. */
@Path("/")
@Consumes(MediaType.WILDCARD)
@Produces(MediaType.APPLICATION_JSON)
public class AdmissionResource {

  private static final Logger LOG = Logger.getLogger(AdmissionResource.class);

  private final AdmissionService service;
  private final AdmissionMetrics metrics;
  private final ObjectMapper mapper;

  public AdmissionResource(
      AdmissionService service, AdmissionMetrics metrics, ObjectMapper mapper) {
    this.service = service;
    this.metrics = metrics;
    this.mapper = mapper;
  }

  @POST
  @Path("mutate")
  @NonBlocking
  public Response mutate(byte[] body) {
    return answer("mutate", body, service::mutate);
  }

  @POST
  @Path("validate")
  @NonBlocking
  public Response validate(byte[] body) {
    return answer("validate", body, service::validate);
  }

  private Response answer(
      String endpoint, byte[] body, Function<ReviewRequest, AdmissionResponse> handler) {
    long start = System.nanoTime();
    try {
      ReviewRequest request = service.read(body);
      AdmissionReview review = new AdmissionReview();
      review.setApiVersion(ReviewReader.API_VERSION);
      review.setKind("AdmissionReview");
      review.setResponse(handler.apply(request));
      if (!WarmUp.isWarmUp(request)) {
        metrics.duration(
            endpoint,
            request.operation(),
            request.kind(),
            Duration.ofNanos(System.nanoTime() - start));
      }
      return Response.ok(mapper.writeValueAsBytes(review)).build();
    } catch (BadReviewException e) {
      LOG.debugf("bad AdmissionReview on /%s: %s", endpoint, e.getMessage());
      return error(e.status(), e.getMessage());
    } catch (Exception e) {
      LOG.errorf(e, "failed to answer an AdmissionReview on /%s", endpoint);
      return error(500, "internal error: " + e.getClass().getSimpleName());
    }
  }

  static Response error(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", message))
        .build();
  }
}
