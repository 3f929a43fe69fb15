package io.ottu.vault;

/**
 * A stored record failed authentication: its wrapped data key or card ciphertext does not verify
 * under AES-GCM with the associated data it must have, or the decrypted card does not match the
 * stored summary. The record was altered, moved to another token, labelled with the wrong
 * key-encryption-key version, or the key provider holds different keys than the ones that sealed
 * it. No card data is returned when this is thrown; investigate the store before retrying.
 */
public class VaultIntegrityException extends VaultException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public VaultIntegrityException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public VaultIntegrityException(String message, Throwable cause) {
    super(message, cause);
  }
}
