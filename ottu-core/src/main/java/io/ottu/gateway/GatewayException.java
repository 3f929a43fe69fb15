package io.ottu.gateway;

import io.ottu.OttuException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A gateway call failed in a classified way. Adapters throw it (through the static factories) for
 * every failure that is not an answer about the payment; declines are results, not exceptions. The
 * engine reads {@link #failureClass()} to decide whether to retry, fail over, look up or stop.
 *
 * <p>The message and the accessors never contain card data or secrets: adapters pass the gateway's
 * error code and request id, not the request body.
 */
public class GatewayException extends OttuException {
  private static final long serialVersionUID = 1L;

  private final FailureClass failureClass;
  private final String gatewayId;
  private final int httpStatus;
  private final String gatewayCode;
  private final String requestId;
  private final Duration retryAfter;
  private final boolean credentialsProblem;

  /**
   * Creates a classified gateway failure. Adapters usually call one of the static factories.
   *
   * @param failureClass how the call failed
   * @param gatewayId the gateway's id
   * @param message what happened, without card data or secrets
   * @param httpStatus the HTTP status, or 0 when there was no response
   * @param gatewayCode the gateway's error code, or null
   * @param requestId the gateway's request or debug id, or null
   * @param retryAfter how long the gateway asked us to wait, or null
   * @param credentialsProblem whether the gateway rejected our credentials (alert an operator)
   * @param cause the underlying exception, or null
   */
  public GatewayException(
      FailureClass failureClass,
      String gatewayId,
      String message,
      int httpStatus,
      String gatewayCode,
      String requestId,
      Duration retryAfter,
      boolean credentialsProblem,
      Throwable cause) {
    super(message, cause);
    this.failureClass = Objects.requireNonNull(failureClass, "failureClass");
    this.gatewayId = gatewayId == null ? "" : gatewayId;
    this.httpStatus = httpStatus;
    this.gatewayCode = gatewayCode;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
    this.credentialsProblem = credentialsProblem;
  }

  /** The request never reached the gateway. */
  public static GatewayException notSent(String gatewayId, String message, Throwable cause) {
    return new GatewayException(
        FailureClass.NOT_SENT, gatewayId, message, 0, null, null, null, false, cause);
  }

  /** The gateway said it did not process the request; {@code retryAfter} may be null. */
  public static GatewayException unavailable(
      String gatewayId, String message, int httpStatus, Duration retryAfter) {
    return new GatewayException(
        FailureClass.UNAVAILABLE,
        gatewayId,
        message,
        httpStatus,
        null,
        null,
        retryAfter,
        false,
        null);
  }

  /** The request was sent and no trustworthy answer came back. */
  public static GatewayException unknownOutcome(
      String gatewayId, String message, int httpStatus, Throwable cause) {
    return new GatewayException(
        FailureClass.UNKNOWN_OUTCOME,
        gatewayId,
        message,
        httpStatus,
        null,
        null,
        null,
        false,
        cause);
  }

  /** The gateway rejected the request as invalid. */
  public static GatewayException rejected(
      String gatewayId, String message, int httpStatus, String gatewayCode) {
    return new GatewayException(
        FailureClass.REJECTED,
        gatewayId,
        message,
        httpStatus,
        gatewayCode,
        null,
        null,
        false,
        null);
  }

  /** The gateway rejected our credentials. */
  public static GatewayException credentialsRejected(
      String gatewayId, String message, int httpStatus) {
    return new GatewayException(
        FailureClass.REJECTED, gatewayId, message, httpStatus, null, null, null, true, null);
  }

  /** How the call failed. */
  public FailureClass failureClass() {
    return failureClass;
  }

  /** The gateway's id. */
  public String gatewayId() {
    return gatewayId;
  }

  /** The HTTP status of the response, or 0 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The gateway's own error code. */
  public Optional<String> gatewayCode() {
    return Optional.ofNullable(gatewayCode);
  }

  /** The gateway's request or debug id, to quote to its support. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** How long the gateway asked us to wait before retrying. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** Whether the gateway rejected our credentials, which needs an operator. */
  public boolean credentialsProblem() {
    return credentialsProblem;
  }

  /** A copy of this exception carrying the gateway's request id. */
  public GatewayException withRequestId(String requestId) {
    GatewayException copy =
        new GatewayException(
            failureClass,
            gatewayId,
            getMessage(),
            httpStatus,
            gatewayCode,
            requestId,
            retryAfter,
            credentialsProblem,
            getCause());
    copy.setStackTrace(getStackTrace());
    return copy;
  }
}
