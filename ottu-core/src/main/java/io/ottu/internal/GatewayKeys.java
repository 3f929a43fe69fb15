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
    if (sequence < 0 || attempt < 0 || !ascii(paymentId) || !ascii(gatewayId)) {
      return "ot_" + Digests.sha256Hex(material(paymentId, op, sequence, gatewayId, attempt), 20);
    }
    // The same bytes as the UTF-8 of material(...), written straight into a buffer: every payment
    // derives a key, and this skips the text, its encoding and two concatenations.
    int length =
        paymentId.length()
            + op.length()
            + gatewayId.length()
            + digits(sequence)
            + digits(attempt)
            + 4;
    byte[] m = new byte[length];
    int at = put(m, 0, paymentId);
    m[at++] = '\n';
    at = put(m, at, op);
    m[at++] = '\n';
    at = put(m, at, sequence);
    m[at++] = '\n';
    at = put(m, at, gatewayId);
    m[at++] = '\n';
    put(m, at, attempt);
    byte[] digest = Digests.sha256(m, 0, length);
    byte[] key = new byte[3 + 2 * KEY_BYTES];
    key[0] = 'o';
    key[1] = 't';
    key[2] = '_';
    for (int i = 0; i < KEY_BYTES; i++) {
      key[3 + 2 * i] = HEX[(digest[i] >> 4) & 0xf];
      key[4 + 2 * i] = HEX[digest[i] & 0xf];
    }
    return new String(key, StandardCharsets.ISO_8859_1);
  }

  private static final int KEY_BYTES = 20;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.ISO_8859_1);

  /** What the key is the hash of (as UTF-8): the parts, one per line. */
  static String material(
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
