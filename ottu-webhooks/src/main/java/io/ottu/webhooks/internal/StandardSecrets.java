package io.ottu.webhooks.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** {@code whsec_<base64>} secrets, as Standard Webhooks writes them. */
public final class StandardSecrets {
  /** The prefix. */
  public static final String PREFIX = "whsec_";

  private static final int MIN_KEY_BYTES = 16;
  private static final int MAX_KEY_BYTES = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private StandardSecrets() {}

  /**
   * The key bytes of a secret; the {@code whsec_} prefix is optional, as in the reference
   * libraries.
   *
   * @throws IllegalArgumentException naming {@code secret} (without showing it) if it is not base64
   *     of 16 to 64 bytes
   */
  public static byte[] decode(String secret) {
    Objects.requireNonNull(secret, "secret");
    String b64 = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(b64.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("secret: not base64 after the whsec_ prefix");
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "secret: the key must be " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES + " bytes");
    }
    return key;
  }

  /** A new random secret of 32 bytes. */
  public static String generate() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }
}
