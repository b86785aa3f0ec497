package io.rolloutguard.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.rolloutguard.config.RolloutGuardConfig;
import io.rolloutguard.policy.Messages;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
  private final InputLimits limits;
  private final boolean admits;

  public AdmissionResource(
      AdmissionService service,
      AdmissionMetrics metrics,
      ObjectMapper mapper,
      InputLimits limits,
      RolloutGuardConfig config) {
    this.service = service;
    this.metrics = metrics;
    this.mapper = mapper;
    this.limits = limits;
    this.admits = config.role().admits();
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
    if (!admits) {
      // A controller-only process holds the write rights: it answers no review, even where a
      // port was opened by mistake.
      return error(404, "rolloutguard.role=controller serves no webhook");
    }
    long start = System.nanoTime();
    try {
      ReviewRequest request = service.read(body);
      AdmissionReview review = new AdmissionReview();
      review.setApiVersion(ReviewReader.API_VERSION);
      review.setKind("AdmissionReview");
      Optional<String> exceeded = limits.exceeded(request);
      review.setResponse(
          exceeded.isPresent()
              ? overLimit(endpoint, request, exceeded.get())
              : handler.apply(request));
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
    } catch (OutOfMemoryError | InternalError | UnknownError e) {
      throw e; // the JVM is not fit to go on: -XX:+ExitOnOutOfMemoryError restarts the pod
    } catch (Throwable e) {
      // StackOverflowError too: the stack has unwound by now. One line: an attacker's input must
      // not write a thousand frames to the log per request.
      LOG.errorf("failed to answer an AdmissionReview on /%s: %s", endpoint, oneLine(e));
      return error(500, "internal error: " + e.getClass().getSimpleName());
    }
  }

  /**
   * Over an input cap the mutating webhook allows without a patch (the validating one decides), and
   * the validating webhook denies naming the limit.
   */
  private static AdmissionResponse overLimit(
      String endpoint, ReviewRequest request, String message) {
    LOG.infof(
        "admission over an input limit on /%s uid=%s kind=%s namespace=%s: %s",
        endpoint, request.uid(), request.gvk(), request.namespace(), message);
    AdmissionResponseBuilder response =
        new AdmissionResponseBuilder()
            .withUid(request.uid())
            .withAllowed(endpoint.equals("mutate"));
    if (endpoint.equals("mutate")) {
      return response.withWarnings("rollout-guard did not mutate: " + message).build();
    }
    return response
        .withStatus(
            new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage("rollout-guard denied " + request.kind() + ": " + message)
                .build())
        .build();
  }

  private static String oneLine(Throwable e) {
    StackTraceElement[] stack = e.getStackTrace();
    String message = e instanceof Exception x ? Messages.firstLine(x) : e.getMessage();
    return e.getClass().getName()
        + (message == null ? "" : ": " + message)
        + (stack.length == 0 ? "" : " at " + stack[0]);
  }

  static Response error(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("error", message))
        .build();
  }
}
