package io.ottu.gateway;

/**
 * How a gateway call failed, which decides what the engine may safely do next. This is the table
 * that prevents double charges (DESIGN §2): only a failure known not to have charged may move to
 * another gateway.
 */
public enum FailureClass {
  /**
   * The request never reached the gateway (connection refused, DNS failure, TLS handshake). The
   * gateway has no record of it: retrying or failing over is safe.
   */
  NOT_SENT(true),
  /**
   * The gateway answered that it did not process the request (503, 429 with Retry-After, Stripe's
   * {@code Stripe-Should-Retry: true}). Retry after a delay, then fail over.
   */
  UNAVAILABLE(true),
  /**
   * The request was sent and no trustworthy answer came (read timeout, connection reset after
   * sending, a 5xx without a guarantee, an unparsable body). The gateway may have charged: retry
   * the same gateway with the same idempotency key, then look it up; never fail over.
   */
  UNKNOWN_OUTCOME(false),
  /**
   * The gateway refused our request as invalid (4xx) or our credentials as wrong. Retrying will not
   * help; the error must be fixed.
   */
  REJECTED(false);

  private final boolean knownNotProcessed;

  FailureClass(boolean knownNotProcessed) {
    this.knownNotProcessed = knownNotProcessed;
  }

  /**
   * Whether the gateway is known not to have processed the request, so failover cannot double
   * charge.
   */
  public boolean knownNotProcessed() {
    return knownNotProcessed;
  }
}
