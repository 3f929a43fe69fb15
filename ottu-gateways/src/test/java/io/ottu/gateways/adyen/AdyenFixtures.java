package io.ottu.gateways.adyen;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.ottu.Money;

/**
 * Adyen-shaped response bodies for the tests, with the fields, nesting and example values of the
 * Checkout API v71 specification (Adyen/adyen-openapi {@code json/CheckoutService-v71.json}: {@code
 * PaymentResponse}, {@code PaymentDetailsResponse}, {@code PaymentCaptureResponse}, {@code
 * PaymentCancelResponse}, {@code PaymentRefundResponse}, {@code StandalonePaymentCancelResponse},
 * {@code ServiceError}, and the examples {@code post-payments-card-direct-200}, {@code
 * post-payments-card-3d-secure-redirect-200}, {@code post-payments-card-3d-secure-2-web-200},
 * {@code generic-401}, {@code generic-403}, {@code generic-422}, {@code generic-500}).
 */
public final class AdyenFixtures {
  /** A made-up key in the shape of an Adyen API key (never valid anywhere). */
  public static final String API_KEY =
      "AQEyhmfxK4zJbBZDw0m/n3Q5qf3VaY9UCJ14XWZE03G/k2NFikzVGEiYj+4vtOW5rnuK3JkQwV1bDb7kfNy1WIxIIk"
          + "xgBw==-Q2mL8tHcW0bXr5nZpF3aYkD7uVeJ1sGo4iN6xTqRw9E=-Ottu7Kit.Test5Key";

  /** The test merchant account. */
  static final String MERCHANT = "OttuTestECOM";

  /** A payment's pspReference (from the spec's card-direct example). */
  static final String PSP = "993617895204576J";

  /** A modification's pspReference (from the spec's capture example). */
  static final String MODIFICATION_PSP = "993617894906488A";

  static final ObjectMapper JSON = new ObjectMapper();

  private AdyenFixtures() {}

  /** An {@code Authorised} answer, as for a card paid without 3-D Secure. */
  static ObjectNode authorised(String psp, Money amount, String reference) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode additional = body.putObject("additionalData");
    additional.put("cvcResult", "1 Matches");
    additional.put("authCode", "044925");
    additional.put("avsResult", "4 AVS not supported for this card type");
    additional.put("avsResultRaw", "4");
    additional.put("cvcResultRaw", "M");
    additional.put("refusalReasonRaw", "AUTHORISED");
    additional.put("acquirerCode", "TestPmmAcquirer");
    additional.put("acquirerReference", "8PQMP9VEP3H");
    body.set("amount", amount(amount));
    body.put("merchantReference", reference);
    body.put("pspReference", psp);
    body.put("resultCode", "Authorised");
    return body;
  }

  /** A {@code Refused} (or {@code Error}, {@code Cancelled}) answer with a refusal reason. */
  static ObjectNode refused(
      String resultCode, String code, String reason, Money amount, String reference) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode additional = body.putObject("additionalData");
    additional.put(
        "refusalReasonRaw",
        reason == null ? "DECLINED" : reason.toUpperCase(java.util.Locale.ROOT));
    additional.put("acquirerCode", "TestPmmAcquirer");
    if (amount != null) {
      body.set("amount", amount(amount));
    }
    body.put("merchantReference", reference);
    body.put("pspReference", "JDJ4ZVLM9BTNK282");
    if (reason != null) {
      body.put("refusalReason", reason);
    }
    if (code != null) {
      body.put("refusalReasonCode", code);
    }
    body.put("resultCode", resultCode);
    return body;
  }

  /** A {@code RedirectShopper} answer with a GET redirect (the spec's 3-D Secure example). */
  static ObjectNode redirectShopper(String psp, String reference) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode additional = body.putObject("additionalData");
    additional.put("cardSummary", "1111");
    additional.put("threeds2.cardEnrolled", "true");
    additional.put("paymentMethod", "visa");
    additional.put("merchantReference", reference);
    body.put("pspReference", psp);
    body.put("resultCode", "RedirectShopper");
    ObjectNode action = body.putObject("action");
    action.put("paymentMethodType", "scheme");
    action.put(
        "url",
        "https://checkoutshopper-test.adyen.com/checkoutshopper/threeDS/redirect?MD=M2RmMjYz"
            + "NDctMGMzNC00NmFjLWJlMGMtYzE0ZWRhNGFmY2Fm");
    action.put("method", "GET");
    action.put("type", "redirect");
    return body;
  }

  /** A {@code RedirectShopper} answer whose redirect must be posted as a form. */
  static ObjectNode redirectShopperPost(String psp) {
    ObjectNode body = JSON.createObjectNode();
    body.put("pspReference", psp);
    body.put("resultCode", "RedirectShopper");
    ObjectNode action = body.putObject("action");
    action.put("paymentMethodType", "scheme");
    action.put("url", "https://test.adyen.com/hpp/3d/validate.shtml");
    action.put("method", "POST");
    action.put("type", "redirect");
    ObjectNode data = action.putObject("data");
    data.put("MD", "OEVudmZVMUlkWjd0MDNwUWs2bmhSdz09...");
    data.put("PaReq", "BQABAgCW5sxB4e/==...");
    data.put("TermUrl", "https://shop.example/return?order=1001");
    return body;
  }

  /**
   * An {@code IdentifyShopper} answer with a {@code threeDS2} action and no pspReference (the
   * spec's 3-D Secure 2 web example).
   */
  static ObjectNode identifyShopper() {
    ObjectNode body = JSON.createObjectNode();
    body.put("resultCode", "IdentifyShopper");
    ObjectNode action = body.putObject("action");
    action.put("paymentData", "Ab02b4c0!BQABAgCuZFJrQOjSsl/zt+...");
    action.put("paymentMethodType", "scheme");
    action.put("authorisationToken", "Ab02b4c0!BQABAgAvrX03p...");
    action.put("subtype", "fingerprint");
    action.put("token", "eyJ0aHJlZURTTWV0aG9kTm90aWZpY...");
    action.put("type", "threeDS2");
    return body;
  }

  /** A {@code ChallengeShopper} answer (after the fingerprint) with a {@code threeDS2} action. */
  static ObjectNode challengeShopper(String psp) {
    ObjectNode body = JSON.createObjectNode();
    body.put("pspReference", psp);
    body.put("resultCode", "ChallengeShopper");
    ObjectNode action = body.putObject("action");
    action.put("paymentData", "Ab02b4c0!BQABAgCW5sxB4e/==...");
    action.put("paymentMethodType", "scheme");
    action.put("authorisationToken", "Ab02b4c0!BQABAgBZyZ1I...");
    action.put("subtype", "challenge");
    action.put("token", "eyJhY3NSZWZlcmVuY2VOdW1iZXIiOiJB...");
    action.put("type", "threeDS2");
    return body;
  }

  /** The {@code /payments/details} answer after a redirect (the spec's example, plus amount). */
  static ObjectNode detailsAuthorised(String psp, Money amount, String reference) {
    ObjectNode body = JSON.createObjectNode();
    if (amount != null) {
      body.set("amount", amount(amount));
    }
    if (reference != null) {
      body.put("merchantReference", reference);
    }
    body.put("pspReference", psp);
    body.put("resultCode", "Authorised");
    return body;
  }

  /** A capture's or refund's acknowledgement (201). */
  static ObjectNode received(String paymentPsp, String reference, Money amount) {
    ObjectNode body = JSON.createObjectNode();
    body.put("merchantAccount", MERCHANT);
    body.put("paymentPspReference", paymentPsp);
    if (reference != null) {
      body.put("reference", reference);
    }
    body.put("pspReference", MODIFICATION_PSP);
    body.put("status", "received");
    if (amount != null) {
      body.set("amount", amount(amount));
    }
    return body;
  }

  /** A cancel-by-merchant-reference acknowledgement (201). */
  static ObjectNode standaloneCancelReceived(String paymentReference) {
    ObjectNode body = JSON.createObjectNode();
    body.put("merchantAccount", MERCHANT);
    body.put("paymentReference", paymentReference);
    body.put("reference", paymentReference);
    body.put("pspReference", MODIFICATION_PSP);
    body.put("status", "received");
    return body;
  }

  /** A {@code ServiceError} response. */
  static ResponseDefinitionBuilder serviceError(
      int status, String errorCode, String message, String errorType, String psp) {
    ObjectNode body = JSON.createObjectNode();
    body.put("status", status);
    if (errorCode != null) {
      body.put("errorCode", errorCode);
    }
    body.put("message", message);
    if (errorType != null) {
      body.put("errorType", errorType);
    }
    if (psp != null) {
      body.put("pspReference", psp);
    }
    return json(status, body.toString());
  }

  /** {@code {currency, value}} in Adyen's minor units. */
  static ObjectNode amount(Money money) {
    ObjectNode amount = JSON.createObjectNode();
    amount.put("currency", money.currencyCode());
    amount.put("value", AdyenGateway.AMOUNTS.toMinorUnits(money));
    return amount;
  }

  /** A JSON response. */
  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json;charset=UTF-8")
        .withBody(body);
  }
}
