package io.ottu.vault;

import java.util.SortedSet;

/**
 * Versioned key-encryption keys (KEKs) and the vault's derived secrets. An SPI with three built-in
 * implementations in {@code io.ottu.vault.keys}: in memory (tests, demos), a PKCS#12 keystore file,
 * and a PKCS#11 hardware security module through the JDK's SunPKCS11, where the KEK never leaves
 * the HSM.
 *
 * <p>The vault gives the provider each record's fresh 256-bit data key to {@link #wrap wrap} and
 * takes it back with {@link #unwrap unwrap}; it never sees a KEK. The wrap must be authenticated
 * encryption that binds the associated data it is given (the built-in providers use AES-256-GCM),
 * so that a wrapped key moved to another token or relabelled with another version fails to unwrap.
 * Versions are positive integers; the highest live one is current and wraps new records. {@link
 * #rotate()} adds a version; {@link #retire(int)} destroys one (the vault calls it only when no
 * record uses it).
 *
 * <p>{@link #deriveSecret(String)} gives stable 256-bit secrets for purposes other than wrapping
 * (the card-fingerprint HMAC key, the FF1 tokenization key). They must be the same for the life of
 * the keystore, across KEK rotations and restarts, or fingerprints and tokens would change.
 *
 * <p>Implementations must be thread-safe. Errors: {@link KeyUnavailableException} for a version
 * that does not exist (any more), {@link VaultIntegrityException} when an unwrap fails
 * authentication, {@link VaultException} for anything else. Closing releases what the provider
 * opened (sessions, password copies); the vault never closes a provider it was given.
 */
public interface KeyProvider extends AutoCloseable {

  /** The version that wraps new data keys: the highest live version. */
  int currentVersion();

  /** The live versions, ascending. Never empty. */
  SortedSet<Integer> versions();

  /**
   * Encrypts a data key under a KEK version.
   *
   * @param version a live version
   * @param dataKey the 32-byte data key; not kept and not modified
   * @param associatedData bound to the result; the same bytes are needed to unwrap
   * @return the wrapped key, in the provider's own format
   * @throws KeyUnavailableException if the version is not live
   */
  byte[] wrap(int version, byte[] dataKey, byte[] associatedData);

  /**
   * Decrypts a data key wrapped by {@link #wrap}.
   *
   * @param version the version that wrapped it
   * @param wrappedKey the wrapped key
   * @param associatedData the associated data given to {@code wrap}
   * @return the 32-byte data key; the caller wipes it
   * @throws KeyUnavailableException if the version is not live
   * @throws VaultIntegrityException if the wrapped key, associated data or version do not match
   */
  byte[] unwrap(int version, byte[] wrappedKey, byte[] associatedData);

  /**
   * Creates a new KEK version, which becomes current. Existing versions stay live.
   *
   * @return the new version
   */
  int rotate();

  /**
   * Destroys a KEK version. Anything still wrapped under it becomes unrecoverable.
   *
   * @param version a live version other than the current one
   * @throws KeyUnavailableException if it is not live
   * @throws VaultException if it is the current version
   */
  void retire(int version);

  /**
   * A 32-byte secret for {@code purpose}, stable for the life of the keystore. The caller wipes the
   * returned copy when done with it.
   *
   * @param purpose a label such as {@code card-fingerprint/v1}
   * @return the secret
   */
  byte[] deriveSecret(String purpose);

  /** Releases what the provider opened. The default does nothing. */
  @Override
  default void close() {}
}
