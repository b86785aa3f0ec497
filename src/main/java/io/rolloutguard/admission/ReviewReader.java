package io.rolloutguard.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolloutguard.policy.Messages;
import java.io.IOException;

/** Parses an AdmissionReview body and checks the envelope before any rule sees it. */
final class ReviewReader {

  static final String API_VERSION = "admission.k8s.io/v1";

  private final ObjectMapper mapper;

  ReviewReader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ReviewRequest read(byte[] body) {
    JsonNode review;
    try {
      review = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadReviewException(400, "malformed JSON: " + Messages.firstLine(e));
    } catch (IOException e) {
      throw new BadReviewException(400, "unreadable body: " + Messages.firstLine(e));
    }
    if (review == null || !review.isObject()) {
      throw new BadReviewException(400, "body must be a JSON object (an AdmissionReview)");
    }
    String apiVersion = review.path("apiVersion").asText("");
    if (!API_VERSION.equals(apiVersion)) {
      throw new BadReviewException(
          400, "apiVersion must be " + API_VERSION + ", got \"" + apiVersion + "\"");
    }
    if (!"AdmissionReview".equals(review.path("kind").asText(""))) {
      throw new BadReviewException(400, "kind must be AdmissionReview");
    }
    JsonNode request = review.get("request");
    if (request == null || !request.isObject()) {
      throw new BadReviewException(400, "AdmissionReview has no request object");
    }
    String uid = text(request, "uid");
    if (uid == null || uid.isEmpty()) {
      throw new BadReviewException(400, "request.uid is missing");
    }
    JsonNode kind = request.path("kind");
    if (!kind.isObject() || text(kind, "kind") == null || text(kind, "version") == null) {
      throw new BadReviewException(400, "request.kind must have version and kind");
    }
    String operation = text(request, "operation");
    if (operation == null) {
      throw new BadReviewException(400, "request.operation is missing");
    }
    return new ReviewRequest(
        uid,
        text(kind, "group"),
        text(kind, "version"),
        text(kind, "kind"),
        text(request, "subResource"),
        operation,
        text(request, "namespace"),
        text(request, "name"),
        request.path("dryRun").asBoolean(false),
        objectOrNull(request, "object"),
        objectOrNull(request, "oldObject"),
        username(request));
  }

  private static String username(JsonNode request) {
    JsonNode userInfo = request.get("userInfo");
    if (userInfo == null || userInfo.isNull()) {
      return null;
    }
    if (!userInfo.isObject()) {
      throw new BadReviewException(400, "request.userInfo must be a JSON object");
    }
    return text(userInfo, "username");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadReviewException(400, "request field \"" + field + "\" must be a string");
    }
    return value.asText();
  }

  private static JsonNode objectOrNull(JsonNode request, String field) {
    JsonNode value = request.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw new BadReviewException(400, "request." + field + " must be a JSON object");
    }
    return value;
  }
}
