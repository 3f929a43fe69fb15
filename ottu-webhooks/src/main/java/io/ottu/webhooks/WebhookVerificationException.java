package io.ottu.webhooks;

import io.ottu.OttuException;
import java.util.Objects;

/**
 * A webhook could not be verified, and so must not be trusted. The message says what failed (a
 * missing or malformed header, a timestamp outside the tolerance, no matching signature), never the
 * secret, the expected signature or the values of secret headers. {@link #reason()} lets a host
 * tell "refuse" (4xx) from "could not check right now" ({@link Reason#VERIFIER_UNAVAILABLE}, worth
 * a 5xx so the gateway retries).
 */
public class WebhookVerificationException extends OttuException {
  private static final long serialVersionUID = 1L;

  /** What failed. */
  public enum Reason {
    /** A header the scheme needs is absent. */
    MISSING_HEADER,
    /** A header is present but cannot be read (no timestamp, not a number, bad encoding). */
    MALFORMED_HEADER,
    /** The signed timestamp is further from now than the tolerance: a replay, or a skewed clock. */
    TIMESTAMP_OUT_OF_TOLERANCE,
    /** No signature in the request matches the body under the configured secret. */
    NO_MATCHING_SIGNATURE,
    /** The scheme signs fields inside the body, and the body cannot be read. */
    MALFORMED_BODY,
    /** The body is longer than the configured limit; it was not read further. */
    BODY_TOO_LARGE,
    /**
     * The verification itself could not run (the gateway's verification API failed or timed out).
     * The webhook is not trusted, but the sender should retry.
     */
    VERIFIER_UNAVAILABLE
  }

  private final String scheme;
  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param scheme the verification scheme ({@code stripe}, {@code adyen}, ...)
   * @param reason what failed
   * @param message the details; must not contain secrets
   */
  public WebhookVerificationException(String scheme, Reason reason, String message) {
    super(Objects.requireNonNull(scheme, "scheme") + ": " + message);
    this.scheme = scheme;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** As {@link #WebhookVerificationException(String, Reason, String)}, with the cause. */
  public WebhookVerificationException(
      String scheme, Reason reason, String message, Throwable cause) {
    super(Objects.requireNonNull(scheme, "scheme") + ": " + message, cause);
    this.scheme = scheme;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The scheme that failed, such as {@code stripe}. */
  public String scheme() {
    return scheme;
  }

  /** What failed. */
  public Reason reason() {
    return reason;
  }
}
