package io.ottu.gateways.internal;

import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The generic meaning of an HTTP error status for a payment call (DESIGN §2), applied by adapters
 * after they have handled their gateway's own shapes (declines carried in 402 or 200 bodies,
 * idempotency conflicts, retry headers such as {@code Stripe-Should-Retry}):
 *
 * <table>
 *   <caption>Status to failure class</caption>
 *   <tr><th>status</th><th>class</th><th>why</th></tr>
 *   <tr><td>401, 403</td><td>REJECTED, credentials problem</td><td>an operator must fix the key</td></tr>
 *   <tr><td>429</td><td>UNAVAILABLE, with Retry-After</td><td>rate limits run before processing</td></tr>
 *   <tr><td>503</td><td>UNAVAILABLE, with Retry-After</td><td>the service refused the work</td></tr>
 *   <tr><td>other 5xx, 408</td><td>UNKNOWN_OUTCOME</td><td>the gateway may have acted before failing</td></tr>
 *   <tr><td>3xx</td><td>REJECTED</td><td>a payment API does not redirect: the base URL is wrong</td></tr>
 *   <tr><td>other 4xx</td><td>REJECTED, with the gateway's code</td><td>our request is invalid</td></tr>
 * </table>
 */
public final class HttpFailures {
  private HttpFailures() {}

  /**
   * The generic classification of a non-2xx reply.
   *
   * @param reply the reply
   * @param gatewayCode the gateway's error code from the body, or null
   * @param gatewayMessage the gateway's error message from the body (never card data), or null
   * @return the exception to throw, carrying the request id
   */
  public static GatewayException classify(
      HttpReply reply, String gatewayCode, String gatewayMessage) {
    int status = reply.status();
    String message =
        reply.prefix(
            "HTTP "
                + status
                + (gatewayCode == null ? "" : " " + gatewayCode)
                + (gatewayMessage == null || gatewayMessage.isBlank()
                    ? ""
                    : ": " + gatewayMessage));
    String gatewayId = reply.gatewayId();
    GatewayException e;
    if (status == 401 || status == 403) {
      e = GatewayException.credentialsRejected(gatewayId, message, status);
    } else if (status == 429 || status == 503) {
      e = GatewayException.unavailable(gatewayId, message, status, reply.retryAfter().orElse(null));
    } else if (status >= 500 || status == 408) {
      e = GatewayException.unknownOutcome(gatewayId, message, status, null);
    } else if (status >= 300 && status < 400) {
      e =
          GatewayException.rejected(
              gatewayId, message + " (a redirect: check the base URL)", status, gatewayCode);
    } else {
      e = GatewayException.rejected(gatewayId, message, status, gatewayCode);
    }
    return reply.withRequestId(e);
  }

  /**
   * An exception of any class with every detail, for adapters whose gateway says more than the
   * factories take (for example an unknown outcome that still carries a retry delay).
   */
  public static GatewayException of(
      FailureClass failureClass,
      HttpReply reply,
      String message,
      String gatewayCode,
      Duration retryAfter) {
    return reply.withRequestId(
        new GatewayException(
            failureClass,
            reply.gatewayId(),
            reply.prefix(message),
            reply.status(),
            gatewayCode,
            null,
            retryAfter,
            false,
            null));
  }

  /**
   * Parses a {@code Retry-After} value: delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
   *
   * @param value the header value, or null
   * @param clock the clock an HTTP-date is measured against
   * @return the delay (zero for a date in the past), or null when absent or invalid
   */
  public static Duration parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    if (v.chars().allMatch(Character::isDigit)) {
      if (v.length() > 9) {
        return null;
      }
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
