package io.ottu.internal;

import io.ottu.gateway.GatewayOperation;
import java.nio.charset.StandardCharsets;

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
    String op = operation.toString();
    return "ot_"
        + Digests.sha256Hex(materialBytes(paymentId, op, sequence, gatewayId, attempt), KEY_BYTES);
  }

  private static final int KEY_BYTES = 20;

  /**
   * The UTF-8 of {@link #material}. Every payment derives a key, so ASCII parts (the usual case)
   * are written straight into the bytes, without the text, its encoding and the concatenations.
   */
  private static byte[] materialBytes(
      String paymentId, String op, int sequence, String gatewayId, int attempt) {
    if (sequence < 0 || attempt < 0 || !ascii(paymentId) || !ascii(gatewayId)) {
      return material(paymentId, op, sequence, gatewayId, attempt).getBytes(StandardCharsets.UTF_8);
    }
    int length =
        paymentId.length() + op.length() + gatewayId.length() + digits(sequence) + digits(attempt);
    byte[] m = new byte[length + 4];
    int at = put(m, 0, paymentId);
    m[at++] = '\n';
    at = put(m, at, op);
    m[at++] = '\n';
    at = put(m, at, sequence);
    m[at++] = '\n';
    at = put(m, at, gatewayId);
    m[at++] = '\n';
    put(m, at, attempt);
    return m;
  }

  /** What the key is the hash of (as UTF-8): the parts, one per line. */
  private static String material(
      String paymentId, String operation, int sequence, String gatewayId, int attempt) {
    return paymentId + '\n' + operation + '\n' + sequence + '\n' + gatewayId + '\n' + attempt;
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static int digits(int n) {
    int d = 1;
    while (n >= 10) {
      n /= 10;
      d++;
    }
    return d;
  }

  private static int put(byte[] to, int at, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      to[at + i] = (byte) ascii.charAt(i);
    }
    return at + ascii.length();
  }

  private static int put(byte[] to, int at, int n) {
    int end = at + digits(n);
    int i = end;
    do {
      to[--i] = (byte) ('0' + n % 10);
      n /= 10;
    } while (n > 0);
    return end;
  }
}
