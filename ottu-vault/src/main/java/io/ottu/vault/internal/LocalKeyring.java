package io.ottu.vault.internal;

import io.ottu.vault.KeyUnavailableException;
import io.ottu.vault.VaultException;
import io.ottu.vault.VaultIntegrityException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.crypto.AEADBadTagException;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * The key-handling core shared by the providers that hold their keys in the JVM (in memory and
 * PKCS#12): a map of KEK versions to AES-256 keys and one HMAC-SHA256 master secret.
 *
 * <p>A wrapped data key is {@code 0x01 || nonce (12) || AES-256-GCM(KEK, nonce, aad, dataKey) (32 +
 * 16)}, 61 bytes, through the JDK provider ({@link AesGcm}). Each wrap draws a random nonce; NIST
 * SP 800-38D limits one key to 2^32 random-nonce encryptions, so a KEK version should be rotated
 * well before four billion wraps (rotation itself re-wraps every record once). Derived secrets are
 * HMAC-SHA256(master, "ottu-vault/derive/v1" || 0 || purpose). Thread-safe: lookups read a
 * concurrent map, and the version set changes only through {@link #add} and {@link #remove}, which
 * the owning provider serializes.
 */
public final class LocalKeyring {
  /** Format byte that starts every wrapped key. */
  public static final byte FORMAT = 1;

  /** Length of a wrapped key. */
  public static final int WRAPPED_LENGTH = 1 + AesGcm.NONCE_LENGTH + 32 + AesGcm.TAG_LENGTH;

  private static final byte[] DERIVE_DOMAIN =
      "ottu-vault/derive/v1".getBytes(StandardCharsets.US_ASCII);

  // Copy-on-write: index = version. Reads (every wrap and unwrap) take one volatile load.
  private volatile SecretKey[] keks;
  private final SecretKey master;

  /**
   * Creates a keyring.
   *
   * @param keks the KEK versions, at least one
   * @param master the HMAC master secret
   */
  public LocalKeyring(Map<Integer, SecretKey> keks, SecretKey master) {
    if (keks.isEmpty()) {
      throw new IllegalArgumentException("a keyring needs at least one key version");
    }
    int max = 0;
    for (int version : keks.keySet()) {
      if (version < 1) {
        throw new IllegalArgumentException("key versions start at 1");
      }
      max = Math.max(max, version);
    }
    SecretKey[] byVersion = new SecretKey[max + 1];
    keks.forEach((version, key) -> byVersion[version] = key);
    this.keks = byVersion;
    this.master = master;
  }

  /** The highest version. */
  public int currentVersion() {
    SecretKey[] current = keks;
    for (int v = current.length - 1; v > 0; v--) {
      if (current[v] != null) {
        return v;
      }
    }
    throw new IllegalStateException("a keyring has at least one key version");
  }

  /** The versions, ascending. */
  public SortedSet<Integer> versions() {
    SecretKey[] current = keks;
    TreeSet<Integer> versions = new TreeSet<>();
    for (int v = 1; v < current.length; v++) {
      if (current[v] != null) {
        versions.add(v);
      }
    }
    return Collections.unmodifiableSortedSet(versions);
  }

  /** Wraps a data key under {@code version}. */
  public byte[] wrap(int version, byte[] dataKey, byte[] aad) {
    SecretKey kek = kek(version);
    if (dataKey.length != DataKey.LENGTH) {
      throw new IllegalArgumentException("a data key has " + DataKey.LENGTH + " bytes");
    }
    byte[] nonce = new byte[AesGcm.NONCE_LENGTH];
    Randomness.current().nextBytes(nonce);
    byte[] sealed = AesGcm.KEKS.seal(kek, nonce, aad, dataKey);
    byte[] out = new byte[WRAPPED_LENGTH];
    out[0] = FORMAT;
    System.arraycopy(nonce, 0, out, 1, nonce.length);
    System.arraycopy(sealed, 0, out, 1 + nonce.length, sealed.length);
    return out;
  }

  /** Unwraps a data key wrapped under {@code version}. */
  public byte[] unwrap(int version, byte[] wrapped, byte[] aad) {
    SecretKey kek = kek(version);
    if (wrapped == null || wrapped.length != WRAPPED_LENGTH || wrapped[0] != FORMAT) {
      throw new VaultIntegrityException(
          "wrapped data key is malformed (expected " + WRAPPED_LENGTH + " bytes, format 1)");
    }
    int sealedOffset = 1 + AesGcm.NONCE_LENGTH;
    try {
      return AesGcm.KEKS.open(kek, wrapped, 1, sealedOffset, wrapped.length - sealedOffset, aad);
    } catch (AEADBadTagException e) {
      throw new VaultIntegrityException(
          "wrapped data key failed authentication under key version " + version, e);
    }
  }

  /** Adds a version. The owning provider serializes calls to this and {@link #remove}. */
  public synchronized void add(int version, SecretKey kek) {
    SecretKey[] current = keks;
    if (version < current.length && current[version] != null) {
      throw new VaultException("key version " + version + " already exists");
    }
    SecretKey[] next = Arrays.copyOf(current, Math.max(current.length, version + 1));
    next[version] = kek;
    keks = next;
  }

  /** Removes a version, which must not be the current one. */
  public synchronized void remove(int version) {
    SecretKey[] current = keks;
    if (version < 1 || version >= current.length || current[version] == null) {
      throw new KeyUnavailableException(version);
    }
    if (version == currentVersion()) {
      throw new VaultException("key version " + version + " is current and cannot be retired");
    }
    SecretKey[] next = current.clone();
    next[version] = null;
    keks = next;
  }

  /** HMAC-SHA256 of the purpose under the master secret. */
  public byte[] derive(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(master);
      mac.update(DERIVE_DOMAIN);
      mac.update((byte) 0);
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new VaultException("cannot derive a secret with HmacSHA256", e);
    }
  }

  private SecretKey kek(int version) {
    SecretKey[] current = keks;
    SecretKey kek = version > 0 && version < current.length ? current[version] : null;
    if (kek == null) {
      throw new KeyUnavailableException(version);
    }
    return kek;
  }
}
