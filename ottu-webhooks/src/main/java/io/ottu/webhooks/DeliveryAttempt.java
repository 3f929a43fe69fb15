package io.ottu.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to deliver a message. Immutable.
 *
 * @param number the attempt's number within its round, from 1 (a redelivery starts a new round)
 * @param startedAt when it started
 * @param duration how long it took
 * @param httpStatus the response status, or 0 when no response came
 * @param error what went wrong without a response (timeout, refused connection, blocked address),
 *     or empty
 * @param responseSnippet the start of the response body (capped), for debugging
 */
public record DeliveryAttempt(
    int number,
    Instant startedAt,
    Duration duration,
    int httpStatus,
    String error,
    String responseSnippet) {

  /** Validates. */
  public DeliveryAttempt {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    error = error == null ? "" : error;
    responseSnippet = responseSnippet == null ? "" : responseSnippet;
  }

  /** Whether the endpoint answered 2xx. */
  public boolean succeeded() {
    return httpStatus >= 200 && httpStatus < 300;
  }

  /** A one-line description: {@code HTTP 503} or the error. */
  public String describe() {
    return httpStatus > 0 ? "HTTP " + httpStatus : error;
  }
}
