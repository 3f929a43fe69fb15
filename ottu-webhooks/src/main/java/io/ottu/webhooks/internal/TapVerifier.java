package io.ottu.webhooks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.webhooks.WebhookRequest;
import io.ottu.webhooks.WebhookVerificationException;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import io.ottu.webhooks.WebhookVerifier;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Tap's {@code hashstring} header: hex HMAC-SHA256, keyed with the secret API key, over {@code
 * x_id{id}x_amount{amount}x_currency{currency}x_gateway_reference{reference.gateway}x_payment_reference{reference.payment}x_status{status}x_created{transaction.created}},
 * with the amount written with the currency's decimals (KWD, BHD, OMR: 3). Tap signs these fields,
 * not the whole body: the parser reads nothing else for a decision. Immutable and thread-safe.
 */
public final class TapVerifier implements WebhookVerifier {
  /** The header Tap signs with. */
  public static final String HEADER = "hashstring";

  private static final String SCHEME = "tap";

  private final HmacSha256 hmac;

  /**
   * A verifier for Tap's secret API key ({@code sk_...}).
   *
   * @throws IllegalArgumentException if the key is blank
   */
  public TapVerifier(String secretKey) {
    Objects.requireNonNull(secretKey, "secretKey");
    if (secretKey.isBlank()) {
      throw new IllegalArgumentException("secretKey: must not be blank");
    }
    this.hmac = new HmacSha256(secretKey.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void verify(WebhookRequest request) {
    Objects.requireNonNull(request, "request");
    String given =
        request
            .header(HEADER)
            .orElseThrow(
                () ->
                    new WebhookVerificationException(
                        SCHEME, Reason.MISSING_HEADER, "the " + HEADER + " header is missing"));
    byte[] sig = BodyHmacVerifier.hex(given.strip().toLowerCase(java.util.Locale.ROOT));
    if (sig == null) {
      throw new WebhookVerificationException(
          SCHEME,
          Reason.MALFORMED_HEADER,
          "the " + HEADER + " header is not a hex HMAC-SHA256 (64 hex digits)");
    }
    JsonNode charge;
    try {
      charge = Json.parse(BodyAccess.raw(request));
    } catch (IOException e) {
      throw new WebhookVerificationException(
          SCHEME, Reason.MALFORMED_BODY, "the body is not JSON, so its fields cannot be checked");
    }
    String signed;
    try {
      signed = dataToSign(charge);
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException(
          SCHEME, Reason.MALFORMED_BODY, "the body's amount is not a number");
    }
    byte[] expected = hmac.sign(signed.getBytes(StandardCharsets.UTF_8));
    if (!HmacSha256.constantTimeEquals(expected, sig)) {
      throw new WebhookVerificationException(
          SCHEME,
          Reason.NO_MATCHING_SIGNATURE,
          "the " + HEADER + " header does not match the signed fields under the secret key");
    }
  }

  /**
   * The string Tap signs for a charge, authorize or refund object.
   *
   * @throws NumberFormatException if the amount is present and not a number
   */
  public static String dataToSign(JsonNode object) {
    String currency = Json.textOrEmpty(object, "currency");
    BigDecimal amount = Json.decimal(object, "amount");
    String amountText =
        amount == null
            ? ""
            : amount
                .setScale(
                    Amounts.isoDecimals(currency.isEmpty() ? "XXX" : currency),
                    RoundingMode.HALF_UP)
                .toPlainString();
    String created = Json.text(object, "transaction", "created");
    if (created == null) {
      created = Json.textOrEmpty(object, "created");
    }
    return "x_id"
        + Json.textOrEmpty(object, "id")
        + "x_amount"
        + amountText
        + "x_currency"
        + currency
        + "x_gateway_reference"
        + Json.textOrEmpty(object, "reference", "gateway")
        + "x_payment_reference"
        + Json.textOrEmpty(object, "reference", "payment")
        + "x_status"
        + Json.textOrEmpty(object, "status")
        + "x_created"
        + created;
  }

  @Override
  public String scheme() {
    return SCHEME;
  }

  @Override
  public String toString() {
    return "WebhookVerifier[tap, secretKey=***]";
  }
}
