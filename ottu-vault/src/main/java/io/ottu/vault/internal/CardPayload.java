package io.ottu.vault.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The plaintext that is encrypted for each card: the number, the expiry and the holder's name.
 * Never the CVC. Layout (format 1): one format byte, one length byte, the number as ASCII digits,
 * the expiry month (one byte) and year (two bytes, big-endian), then the holder's name in UTF-8
 * (possibly empty). Callers wipe both the encoded bytes and the decoded number after use.
 */
public final class CardPayload {
  private static final byte FORMAT = 1;

  private CardPayload() {}

  /**
   * Encodes a card.
   *
   * @param pan the number as ASCII digits; not kept
   * @param expiryMonth 1 to 12
   * @param expiryYear four digits
   * @param holderName the name, or {@code null}
   * @return the payload; the caller wipes it
   */
  public static byte[] encode(byte[] pan, int expiryMonth, int expiryYear, String holderName) {
    byte[] name = holderName == null ? new byte[0] : holderName.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[2 + pan.length + 3 + name.length];
    out[0] = FORMAT;
    out[1] = (byte) pan.length;
    System.arraycopy(pan, 0, out, 2, pan.length);
    int p = 2 + pan.length;
    out[p] = (byte) expiryMonth;
    out[p + 1] = (byte) (expiryYear >>> 8);
    out[p + 2] = (byte) expiryYear;
    System.arraycopy(name, 0, out, p + 3, name.length);
    return out;
  }

  /**
   * Decodes a payload.
   *
   * @throws IllegalArgumentException if the payload is malformed
   */
  public static Decoded decode(byte[] payload) {
    if (payload.length < 5 || payload[0] != FORMAT) {
      throw new IllegalArgumentException("unknown card payload format");
    }
    int n = payload[1] & 0xFF;
    if (n < 12 || n > 19 || payload.length < 2 + n + 3) {
      throw new IllegalArgumentException("malformed card payload");
    }
    char[] pan = new char[n];
    for (int i = 0; i < n; i++) {
      byte b = payload[2 + i];
      if (b < '0' || b > '9') {
        Arrays.fill(pan, '\0');
        throw new IllegalArgumentException("malformed card payload");
      }
      pan[i] = (char) b;
    }
    int p = 2 + n;
    int month = payload[p] & 0xFF;
    int year = ((payload[p + 1] & 0xFF) << 8) | (payload[p + 2] & 0xFF);
    String name =
        payload.length == p + 3
            ? null
            : new String(payload, p + 3, payload.length - p - 3, StandardCharsets.UTF_8);
    return new Decoded(pan, month, year, name);
  }

  /**
   * A decoded card. {@link #wipe()} overwrites the number.
   *
   * @param pan the number's digits
   * @param expiryMonth 1 to 12
   * @param expiryYear four digits
   * @param holderName the name, or {@code null}
   */
  public record Decoded(char[] pan, int expiryMonth, int expiryYear, String holderName) {
    /** Overwrites the number. */
    public void wipe() {
      Arrays.fill(pan, '\0');
    }

    @Override
    public String toString() {
      return "CardPayload.Decoded[****]";
    }
  }
}
