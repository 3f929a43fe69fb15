package io.ottu.vault.keys;

/** Public gateway test numbers used by the key provider tests (scanned for by the log scan). */
final class VaultCards {
  static final String VISA = "4242424242424242";
  static final String MASTERCARD = "5555555555554444";
  static final String AMEX = "378282246310005";
  static final String CVC = "737";

  private VaultCards() {}
}
