package io.ottu.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests for fingerprints and derived keys. Hashing, not encryption. Each thread reuses
 * one {@link MessageDigest}: looking the algorithm up through the providers costs more than hashing
 * the few dozen bytes of a key.
 */
public final class Digests {
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(Digests::newSha256);

  private Digests() {}

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** The SHA-256 of the UTF-8 bytes of {@code text}. */
  public static byte[] sha256(String text) {
    // digest(byte[]) hashes the input and resets the instance in one step: nothing carries over.
    return SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The SHA-256 of the UTF-8 bytes of {@code text}, in lower-case hex. */
  public static String sha256Hex(String text) {
    return HEX.formatHex(sha256(text));
  }

  /** The first {@code bytes} bytes of the SHA-256 of {@code text}, in lower-case hex. */
  public static String sha256Hex(String text, int bytes) {
    return HEX.formatHex(sha256(text), 0, bytes);
  }
}
