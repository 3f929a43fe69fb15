package io.ottu.vault.internal;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Card fingerprints: HMAC-SHA256 of the card number under a key that belongs to one vault, URL-safe
 * Base64 without padding (43 characters). The same card always gives the same fingerprint in the
 * same vault, so duplicates, velocity and blocklists can be checked without decrypting anything;
 * without the key a fingerprint reveals nothing and cannot be brute-forced from the small space of
 * card numbers, as an unkeyed hash could. Thread-safe: one {@link Mac} per thread.
 */
public final class Fingerprints {
  private static final byte[] DOMAIN =
      "ottu-vault/fingerprint/v1".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> mac;

  /**
   * Creates the fingerprinter with a 256-bit key, which it copies.
   *
   * @throws IllegalArgumentException unless the key has 32 bytes
   */
  public Fingerprints(byte[] key) {
    if (key == null || key.length != 32) {
      throw new IllegalArgumentException("the fingerprint key has 32 bytes");
    }
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.mac = ThreadLocal.withInitial(this::newMac);
  }

  /**
   * The fingerprint of a card number.
   *
   * @param pan the number as ASCII digits; not kept
   */
  public String of(byte[] pan) {
    Mac m = mac.get();
    m.update(DOMAIN);
    m.update((byte) 0);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(m.doFinal(pan));
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      return m;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }
}
