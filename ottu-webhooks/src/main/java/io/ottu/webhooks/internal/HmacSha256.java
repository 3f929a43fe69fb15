package io.ottu.webhooks.internal;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, through the JDK's {@link Mac}. An initialized prototype is cloned for
 * each computation: cheaper than {@code Mac.getInstance} plus {@code init}, and safe to share
 * across threads because the prototype itself is never updated. {@link #toString()} never shows the
 * key.
 */
public final class HmacSha256 {
  private static final String ALGORITHM = "HmacSHA256";

  private final Mac prototype;
  private final boolean cloneable;
  private final SecretKeySpec key;

  /**
   * A signer under {@code key}.
   *
   * @throws IllegalArgumentException if the key is empty
   */
  public HmacSha256(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length == 0) {
      throw new IllegalArgumentException("key: must not be empty");
    }
    this.key = new SecretKeySpec(key, ALGORITHM);
    this.prototype = newMac(this.key);
    boolean ok;
    try {
      prototype.clone();
      ok = true;
    } catch (CloneNotSupportedException e) {
      ok = false;
    }
    this.cloneable = ok;
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("the JDK cannot compute " + ALGORITHM, e);
    }
  }

  /** A fresh, initialized {@link Mac} for one computation (not thread-safe itself). */
  public Mac mac() {
    if (cloneable) {
      try {
        return (Mac) prototype.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException(e);
      }
    }
    return newMac(key);
  }

  /** The HMAC of {@code data}. */
  public byte[] sign(byte[] data) {
    return mac().doFinal(data);
  }

  /** Whether {@code a} equals {@code b}, in time independent of where they differ. */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    return a != null && b != null && MessageDigest.isEqual(a, b);
  }

  @Override
  public String toString() {
    return "HmacSha256[key=***]";
  }
}
