package io.ottu.webhooks;

import io.ottu.NotificationResult;
import io.ottu.gateway.GatewayNotification;
import java.util.List;
import java.util.Objects;

/**
 * What {@link InboundWebhooks#handle} did with one incoming webhook, and the HTTP response to send
 * back: {@link #httpStatus()}, {@link #responseBody()} and {@link #contentType()}. Gateways retry
 * on anything but 2xx, so a webhook is acknowledged (200) once it was applied or found harmless,
 * and refused with a 4xx when it must not be trusted; a 5xx asks the gateway to retry later.
 * Immutable.
 *
 * @param status what happened, in one word
 * @param httpStatus the status code to answer
 * @param responseBody the body to answer (Adyen wants {@code [accepted]})
 * @param contentType the body's media type
 * @param items each notification the webhook carried and what applying it did
 * @param detail why, in words (never secrets or card data)
 */
public record InboundResult(
    Status status,
    int httpStatus,
    String responseBody,
    String contentType,
    List<Item> items,
    String detail) {

  /** The outcome of a whole webhook. */
  public enum Status {
    /** Verified and parsed; every notification was applied, found already applied, or ignored. */
    PROCESSED,
    /** Verification failed: nothing in it was trusted (a lookup may have been started). 401. */
    UNVERIFIED,
    /** Longer than the configured limit: refused before verification or parsing. 413. */
    TOO_LARGE,
    /** Verified, but not in the gateway's format: nothing was applied. 400. */
    MALFORMED,
    /** No gateway with this id is configured. 404. */
    UNKNOWN_GATEWAY,
    /** The verification could not run (the gateway's verification API failed). 503: retry. */
    VERIFIER_UNAVAILABLE,
    /** Applying failed (the store was unavailable); not recorded as processed. 500: retry. */
    FAILED
  }

  /**
   * One notification of the webhook.
   *
   * @param notification the normalized notification
   * @param duplicate whether it was already processed before (then {@code result} is null)
   * @param result what applying it did, or null for a duplicate
   */
  public record Item(
      GatewayNotification notification, boolean duplicate, NotificationResult result) {
    /** Validates. */
    public Item {
      Objects.requireNonNull(notification, "notification");
    }
  }

  /** Validates and copies. */
  public InboundResult {
    Objects.requireNonNull(status, "status");
    responseBody = responseBody == null ? "" : responseBody;
    contentType = contentType == null ? "text/plain; charset=utf-8" : contentType;
    items = items == null ? List.of() : List.copyOf(items);
    detail = detail == null ? "" : detail;
  }

  /** Whether the webhook was acknowledged (a 2xx answer). */
  public boolean acknowledged() {
    return httpStatus >= 200 && httpStatus < 300;
  }
}
