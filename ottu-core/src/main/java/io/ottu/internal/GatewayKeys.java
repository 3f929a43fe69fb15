package io.ottu.internal;

import io.ottu.gateway.GatewayOperation;

/**
 * Derives the idempotency keys sent to gateways. A key depends only on the payment, the operation,
 * its sequence number on the payment, the gateway and the attempt, so a retry after an unknown
 * outcome sends the very same key and a gateway that honours keys cannot charge twice (DESIGN §2).
 * 43 characters, within every supported gateway's limit (Adyen's 64 is the lowest).
 */
public final class GatewayKeys {
  private GatewayKeys() {}

  /**
   * The key for one operation on one gateway.
   *
   * @param paymentId our payment id
   * @param operation the operation
   * @param sequence the operation's number on the payment (first capture 1, second capture 2)
   * @param gatewayId the gateway
   * @param attempt a new attempt number only where a fresh key is safe (after a definite decline)
   */
  public static String derive(
      String paymentId, GatewayOperation operation, int sequence, String gatewayId, int attempt) {
    return "ot_"
        + Digests.sha256Hex(material(paymentId, operation, sequence, gatewayId, attempt), 20);
  }

  /** What the key is the hash of (as UTF-8): the parts, one per line. */
  private static String material(
      String paymentId, GatewayOperation operation, int sequence, String gatewayId, int attempt) {
    return paymentId + '\n' + operation + '\n' + sequence + '\n' + gatewayId + '\n' + attempt;
  }
}
