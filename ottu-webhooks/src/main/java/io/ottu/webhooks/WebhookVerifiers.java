package io.ottu.webhooks;

import io.ottu.webhooks.internal.AdyenVerifier;
import io.ottu.webhooks.internal.BodyHmacVerifier;
import io.ottu.webhooks.internal.SharedSecretVerifier;
import io.ottu.webhooks.internal.StandardWebhooksVerifier;
import io.ottu.webhooks.internal.StripeVerifier;
import io.ottu.webhooks.internal.TapVerifier;

/**
 * The built-in {@link WebhookVerifier}s, one per gateway scheme. Each verifies the raw body bytes
 * with the JDK's HMAC-SHA256 and compares in constant time ({@link
 * java.security.MessageDigest#isEqual}). Verifiers are immutable and thread-safe; build one per
 * secret at start-up and share it.
 *
 * <pre>{@code
 * WebhookVerifier stripe = WebhookVerifiers.stripe("whsec_...");
 * stripe.verify(WebhookRequest.of(headers, rawBody));   // throws WebhookVerificationException
 * }</pre>
 *
 * <p>Every factory fails with {@link NullPointerException} for a null secret and {@link
 * IllegalArgumentException} naming the parameter (never showing it) for an unusable one.
 */
public final class WebhookVerifiers {
  private WebhookVerifiers() {}

  /**
   * Stripe: {@code Stripe-Signature: t=...,v1=...}, hex HMAC-SHA256 of {@code "{t}.{body}"} under
   * the endpoint secret. Any {@code v1} may match (Stripe signs with both secrets while one is
   * rolled). The timestamp must be within 5 minutes of now, in either direction, unless changed
   * with {@link TimestampedWebhookVerifier#withTolerance}.
   *
   * @param endpointSecret the endpoint's signing secret, {@code whsec_...}, used as is
   */
  public static TimestampedWebhookVerifier stripe(String endpointSecret) {
    return new StripeVerifier(endpointSecret);
  }

  /**
   * Adyen: every notification item's {@code additionalData.hmacSignature}, Base64 HMAC-SHA256 under
   * the hex-decoded key of {@code
   * pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success}.
   * One item that fails makes the whole batch untrusted. Adyen signs fields, not the body; the
   * Adyen parser reads only signed fields for decisions about money.
   *
   * @param hmacKeyHex the HMAC key from the Customer Area, in hex
   */
  public static WebhookVerifier adyen(String hmacKeyHex) {
    return new AdyenVerifier(hmacKeyHex);
  }

  /**
   * Checkout.com: {@code Cko-Signature}, hex HMAC-SHA256 of the raw body under the signature key
   * set on the webhook (not the API secret key).
   *
   * @param signatureKey the webhook's signature key
   */
  public static WebhookVerifier checkoutCom(String signatureKey) {
    return new BodyHmacVerifier("checkout.com", "Cko-Signature", "signatureKey", signatureKey);
  }

  /**
   * Tap: {@code hashstring}, hex HMAC-SHA256 keyed with the secret API key over {@code
   * x_id..x_amount..x_currency..x_gateway_reference..x_payment_reference..x_status..x_created..},
   * the amount written with the currency's decimals.
   *
   * @param secretKey Tap's secret API key ({@code sk_...})
   */
  public static WebhookVerifier tap(String secretKey) {
    return new TapVerifier(secretKey);
  }

  /**
   * Mastercard Gateway (MPGS): {@code X-Notification-Secret} must equal the notification secret
   * (compared in constant time, length included). MPGS does not sign the body: serve the endpoint
   * over HTTPS only.
   *
   * @param notificationSecret the secret from the merchant administration portal
   */
  public static WebhookVerifier mpgs(String notificationSecret) {
    return new SharedSecretVerifier(
        "mpgs", "X-Notification-Secret", "notificationSecret", notificationSecret);
  }

  /**
   * Standard Webhooks (standardwebhooks.com), which Ottu's own {@link WebhookPublisher} sends:
   * {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature: v1,<base64> ...}. Any
   * listed signature may match. The timestamp must be within 5 minutes of now unless changed.
   *
   * @param secret {@code whsec_<base64>} (the prefix is optional)
   */
  public static TimestampedWebhookVerifier standard(String secret) {
    return new StandardWebhooksVerifier(secret);
  }

  /**
   * PayPal, through its {@code verify-webhook-signature} API; see {@link PayPalWebhookVerifier}.
   *
   * <pre>{@code
   * WebhookVerifier paypal = WebhookVerifiers.paypal()
   *     .webhookId("WH-...")
   *     .clientCredentials(clientId, clientSecret)
   *     .build();
   * }</pre>
   */
  public static PayPalWebhookVerifier.Builder paypal() {
    return PayPalWebhookVerifier.builder();
  }
}
