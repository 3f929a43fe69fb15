package io.ottu.vault;

/**
 * The key provider has no key-encryption key of the requested version: it was retired, never
 * created, or the provider was opened on a different keystore or HSM token than the records were
 * sealed with.
 */
public class KeyUnavailableException extends VaultException {
  private static final long serialVersionUID = 1L;

  private final int keyVersion;

  /**
   * Creates the exception.
   *
   * @param keyVersion the missing version
   */
  public KeyUnavailableException(int keyVersion) {
    super(
        "key-encryption key version "
            + keyVersion
            + " is not available (retired, never created, or a different keystore or HSM token)");
    this.keyVersion = keyVersion;
  }

  /** The version that was asked for. */
  public int keyVersion() {
    return keyVersion;
  }
}
