package io.ottu.access;

/**
 * What a {@link Principal} may be allowed to do. Each permission stands alone: none implies
 * another, so an {@link AccessPolicy} lists every grant explicitly.
 */
public enum Permission {
  /** Create payments (authorize, purchase). */
  PAYMENT_CREATE,
  /** Capture authorized payments. */
  PAYMENT_CAPTURE,
  /** Refund captured payments. */
  PAYMENT_REFUND,
  /** Cancel (void) payments. */
  PAYMENT_CANCEL,
  /** Turn a vault token back into the card number. The most sensitive permission. */
  VAULT_DETOKENIZE,
  /** Erase vault tokens (crypto-shredding), one by one or per customer. */
  VAULT_DELETE,
  /** Administer the vault's keys: rotate key-encryption keys and retire old versions. */
  VAULT_ADMIN,
  /** Administer the client: routing, gateways, configuration changes at run time. */
  ADMIN
}
