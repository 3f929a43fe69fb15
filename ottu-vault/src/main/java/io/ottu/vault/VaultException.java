package io.ottu.vault;

import io.ottu.OttuException;

/**
 * The vault could not do what was asked for a reason other than the caller's input: a key provider
 * or store failed, a key version cannot be retired yet, no unique token could be allocated.
 * Subtypes narrow it down ({@link VaultIntegrityException}, {@link KeyUnavailableException}).
 * Messages name tokens and key versions, never card data or key material.
 */
public class VaultException extends OttuException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public VaultException(String message) {
    super(message);
  }

  /** Creates the exception with its cause. */
  public VaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
