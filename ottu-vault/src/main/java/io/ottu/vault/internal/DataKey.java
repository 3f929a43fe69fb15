package io.ottu.vault.internal;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A 256-bit AES data key that owns its only copy of the key bytes and overwrites them on {@link
 * #destroy()}. Unlike {@link javax.crypto.spec.SecretKeySpec}, which keeps a copy nobody can wipe,
 * this lets the vault erase each data key as soon as a record is sealed or opened. The JDK cipher
 * reads the key through {@link #getEncoded()} (a fresh copy) when it is initialised. Not
 * serializable. Not thread-safe: one operation owns one instance.
 */
public final class DataKey implements SecretKey {
  private static final long serialVersionUID = 1L;

  /** Length of a data key in bytes. */
  public static final int LENGTH = 32;

  private final byte[] bytes;
  private boolean destroyed;

  /**
   * Takes ownership of {@code bytes} (no copy is made; the caller must not keep using the array).
   *
   * @throws IllegalArgumentException unless the array holds 32 bytes
   */
  public DataKey(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException("a data key has " + LENGTH + " bytes");
    }
    this.bytes = bytes;
  }

  /** The key bytes themselves, for the key provider to wrap. Do not modify or keep them. */
  public byte[] bytes() {
    checkLive();
    return bytes;
  }

  @Override
  public String getAlgorithm() {
    return "AES";
  }

  @Override
  public String getFormat() {
    return "RAW";
  }

  @Override
  public byte[] getEncoded() {
    checkLive();
    return bytes.clone();
  }

  @Override
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return destroyed ? "DataKey[destroyed]" : "DataKey[AES-256]";
  }

  private void checkLive() {
    if (destroyed) {
      throw new IllegalStateException("data key was destroyed");
    }
  }

  private void writeObject(ObjectOutputStream out) throws NotSerializableException {
    throw new NotSerializableException("data keys are never serialized");
  }
}
