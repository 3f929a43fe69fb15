package io.ottu.vault.internal;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-GCM through the JDK's own provider (SunJCE): {@code Cipher.getInstance("AES/GCM/NoPadding")}
 * with a 96-bit nonce and a 128-bit tag. The JDK provider is used rather than Bouncy Castle's
 * because it is always present, is FIPS-configurable by the host, and runs AES and GHASH on the
 * CPU's AES-NI and carry-less-multiply instructions through HotSpot intrinsics, several times
 * faster than a pure-Java engine. No cipher code is written here: this class only caches {@link
 * Cipher}s per thread (creating one costs more than sealing a card) and maps errors.
 *
 * <p>Two instances keep separate per-thread ciphers: {@link #DATA_KEYS} for the per-record data
 * keys and {@link #KEKS} for key-encryption keys. The JDK cipher keeps the expanded AES key
 * schedule of the last key it was initialised with, so a cipher that only ever sees the (few) KEKs
 * skips the key expansion on every wrap and unwrap.
 */
public final class AesGcm {
  /** Ciphers for data keys: a new key on every use. */
  public static final AesGcm DATA_KEYS = new AesGcm();

  /** Ciphers for key-encryption keys: the same few keys over and over. */
  public static final AesGcm KEKS = new AesGcm();

  /** Nonce length in bytes (96 bits, the length GCM is designed for). */
  public static final int NONCE_LENGTH = 12;

  /** Authentication tag length in bytes. */
  public static final int TAG_LENGTH = 16;

  private final ThreadLocal<Cipher> cipher = ThreadLocal.withInitial(AesGcm::newCipher);

  private AesGcm() {}

  /**
   * Encrypts and authenticates.
   *
   * @param key an AES key
   * @param nonce 12 bytes, never reused with this key
   * @param aad associated data, authenticated but not encrypted
   * @param plaintext the data
   * @return ciphertext followed by the 16-byte tag
   */
  public byte[] seal(Key key, byte[] nonce, byte[] aad, byte[] plaintext) {
    Cipher cipher = this.cipher.get();
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed: " + e.getClass().getName(), e);
    }
  }

  /**
   * Checks the tag and decrypts.
   *
   * @return the plaintext
   * @throws AEADBadTagException if the ciphertext, nonce, associated data or key do not match
   */
  public byte[] open(Key key, byte[] nonce, byte[] aad, byte[] ciphertext)
      throws AEADBadTagException {
    Cipher cipher = this.cipher.get();
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(ciphertext);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed: " + e.getClass().getName(), e);
    }
  }

  /**
   * As {@link #open(Key, byte[], byte[], byte[])}, reading the nonce and the ciphertext from
   * regions of one array (no copies).
   */
  public byte[] open(
      Key key,
      byte[] input,
      int nonceOffset,
      int ciphertextOffset,
      int ciphertextLength,
      byte[] aad)
      throws AEADBadTagException {
    Cipher cipher = this.cipher.get();
    try {
      cipher.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(TAG_LENGTH * 8, input, nonceOffset, NONCE_LENGTH));
      cipher.updateAAD(aad);
      return cipher.doFinal(input, ciphertextOffset, ciphertextLength);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed: " + e.getClass().getName(), e);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new IllegalStateException("AES/GCM/NoPadding is required of every Java platform", e);
    }
  }
}
