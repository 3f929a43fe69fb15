package io.ottu.gateways.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.ottu.gateway.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.Request;

/**
 * One HTTP response from a gateway, fully read: status, headers, body text and the gateway's
 * request id. Produced by {@link GatewayTransport#execute(okhttp3.Request)} for every status; what
 * a status means is the adapter's and {@link HttpFailures}'s business. Immutable.
 */
public final class HttpReply {
  private final String gatewayId;
  private final Request request;
  private final int status;
  private final Headers headers;
  private final String body;
  private final String requestId;
  private final Clock clock;

  HttpReply(
      String gatewayId,
      Request request,
      int status,
      Headers headers,
      String body,
      String requestId,
      Clock clock) {
    this.gatewayId = gatewayId;
    this.request = request;
    this.status = status;
    this.headers = Objects.requireNonNull(headers, "headers");
    this.body = body == null ? "" : body;
    this.requestId = requestId;
    this.clock = clock;
  }

  /** The gateway's id. */
  public String gatewayId() {
    return gatewayId;
  }

  /** What was called, as {@code METHOD /path}, for messages. */
  public String operation() {
    return operation(request);
  }

  /** {@code request} as {@code METHOD /path}, for messages. */
  static String operation(Request request) {
    return request.method() + " " + request.url().encodedPath();
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** Whether the status is 2xx. */
  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }

  /** A response header, or null. */
  public String header(String name) {
    return headers.get(name);
  }

  /** The response headers. */
  public Headers headers() {
    return headers;
  }

  /** The body text (empty when there was none). May hold payment data: never log it raw. */
  public String body() {
    return body;
  }

  /** The gateway's request id (from the adapter's request-id header), if any. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** The {@code Retry-After} header as a duration (seconds or HTTP-date), if present and valid. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(HttpFailures.parseRetryAfter(header("Retry-After"), clock));
  }

  /**
   * The body of a successful response as JSON: the gateway's answer about the payment.
   *
   * @throws GatewayException {@code UNKNOWN_OUTCOME} if the body is empty or not JSON: the gateway
   *     may have acted on the request, and we cannot tell how
   */
  public JsonNode json() {
    return json(null);
  }

  /**
   * The body of a successful response as JSON, keeping of a top-level object only {@code fields}
   * (see {@link Json#parse(String, Set)}): for answers whose objects carry many fields the adapter
   * never reads. With null, the whole body.
   *
   * @throws GatewayException {@code UNKNOWN_OUTCOME} if the body is empty or not JSON: the gateway
   *     may have acted on the request, and we cannot tell how
   */
  public JsonNode json(Set<String> fields) {
    try {
      return fields == null ? Json.parse(body) : Json.parse(body, fields);
    } catch (JsonProcessingException e) {
      throw unknownOutcome(
          (body.isBlank() ? "empty" : "unparsable")
              + " response body with HTTP "
              + status
              + "; the gateway may have processed the request");
    }
  }

  /** The body as JSON, or a missing node when it is empty or not JSON (for error responses). */
  public JsonNode jsonOrMissing() {
    try {
      return Json.parse(body);
    } catch (JsonProcessingException e) {
      return MissingNode.getInstance();
    }
  }

  /**
   * A {@code UNKNOWN_OUTCOME} exception about this response (for example a 2xx body the adapter
   * cannot interpret), carrying the request id.
   */
  public GatewayException unknownOutcome(String message) {
    return withRequestId(GatewayException.unknownOutcome(gatewayId, prefix(message), status, null));
  }

  /** {@code e} carrying this response's request id, if there is one. */
  public GatewayException withRequestId(GatewayException e) {
    return requestId == null ? e : e.withRequestId(requestId);
  }

  /** {@code message} prefixed with the operation, for exception messages. */
  public String prefix(String message) {
    return operation() + ": " + message;
  }

  @Override
  public String toString() {
    return "HttpReply["
        + operation()
        + " "
        + status
        + (requestId == null ? "" : " " + requestId)
        + "]";
  }
}
