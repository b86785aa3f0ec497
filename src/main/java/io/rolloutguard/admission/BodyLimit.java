package io.rolloutguard.admission;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

/**
 * Answers an oversized AdmissionReview with 413 and a one-line JSON error before its body is read.
 * quarkus.http.limits.max-body-size still guards bodies sent without a Content-Length.
 */
public class BodyLimit {

  static final long MAX_BYTES = 3L * 1024 * 1024;

  void install(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .handler(
            ctx -> {
              String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
              if (length != null && tooLong(length)) {
                ctx.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end("{\"error\":\"request body is over the 3 MiB limit\"}");
              } else {
                ctx.next();
              }
            });
  }

  private static boolean tooLong(String length) {
    try {
      return Long.parseLong(length.trim()) > MAX_BYTES;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
