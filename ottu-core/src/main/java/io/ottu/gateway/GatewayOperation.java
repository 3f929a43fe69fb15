package io.ottu.gateway;

/** The operations a gateway may support, as declared in its {@link GatewayCapabilities}. */
public enum GatewayOperation {
  /** Reserve funds without capturing them. */
  AUTHORIZE,
  /** Authorize and capture in one call (a sale). */
  PURCHASE,
  /** Capture an authorization, in full or in part. */
  CAPTURE,
  /** Release (void) an authorization before capture. */
  CANCEL,
  /** Return captured funds, in full or in part. */
  REFUND,
  /** Look a payment up by our reference or the gateway's. */
  LOOKUP,
  /** Finish a payment after the shopper's action (3-D Secure, redirect). */
  COMPLETE_ACTION
}
