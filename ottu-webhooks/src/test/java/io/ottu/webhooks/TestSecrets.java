package io.ottu.webhooks;

/** Secrets the suite uses; {@link LogHygieneTest} checks that none reached a log. */
final class TestSecrets {
  private TestSecrets() {}

  /** A Stripe endpoint secret. */
  static final String STRIPE = "whsec_test_stripe_5f2b7c9d1e3a4b6c8d0e";

  /** The Standard Webhooks specification's published test secret. */
  static final String STANDARD_VECTOR = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  /** An outbound endpoint secret. */
  static final String ENDPOINT = "whsec_dGhpcy1pcy1hLXRlc3Qtc2VjcmV0LWZvci1vdHR1IQ==";

  /** Adyen's published sample HMAC key. */
  static final String ADYEN_HEX =
      "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

  /** A Checkout.com signature key. */
  static final String CHECKOUT = "cko_sig_key_0b8f4d2e6a1c";

  /** A Tap secret API key. */
  static final String TAP = "sk_test_XKokBfNWv6FIYuTMg5sLPjhJ";

  /** An MPGS notification secret. */
  static final String MPGS = "mpgs-notification-secret-3A7F0C";

  /** PayPal client credentials. */
  static final String PAYPAL_SECRET = "paypal-client-secret-EH7Yk2";

  /** Every secret above. */
  static final String[] ALL = {
    STRIPE, STANDARD_VECTOR, ENDPOINT, ADYEN_HEX, CHECKOUT, TAP, MPGS, PAYPAL_SECRET
  };
}
