package io.ottu.gateways.checkout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.ottu.Money;
import io.ottu.gateway.AuthorizeRequest;

/**
 * Checkout.com-shaped bodies for the tests, with the fields and nesting of the API reference
 * (checkout/checkout-api-reference {@code nas_spec}): {@code PaymentResponse} (201), {@code
 * PaymentAcceptedResponse} (202), {@code PaymentDetails} (GET), payment actions, the 202 of
 * captures, voids and refunds, the payments list, and the {@code ValidationError} error shape.
 */
final class CheckoutComFixtures {
  /** A sandbox secret key of the current platform's documented shape (not a real key). */
  static final String SECRET_KEY = "sk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e";

  /** A production key of the same shape (not a real key). */
  static final String PRODUCTION_KEY = "sk_m73dzbpy7cf3gfd46xr4yj5xo4e";

  /** A previous-platform key (not a real key): sent without {@code Bearer}. */
  static final String PREVIOUS_PLATFORM_KEY = "sk_test_fde517a8-3f01-41ef-b4bd-4282ce6e2ab9";

  static final String PAYMENT_ID = "pay_mbabizu24mvu3mela5njyhpit4";
  static final String ACTION_ID = "act_mbabizu24mvu3mela5njyhpit4";
  static final String SESSION_ID = "sid_ubfj2q76miwundwlk72vxt2i7q";
  static final String REQUEST_ID = "0HL80RJLS76I7";
  static final String REDIRECT = "https://api.sandbox.checkout.com/3ds/" + PAYMENT_ID;

  static final ObjectMapper JSON = new ObjectMapper();

  private CheckoutComFixtures() {}

  /** The 201 {@code PaymentResponse} for {@code request}. */
  static ObjectNode paymentResponse(
      AuthorizeRequest request, String status, String responseCode, String summary) {
    return paymentResponse(
        PAYMENT_ID,
        CheckoutComGateway.AMOUNTS.toMinorUnits(request.amount()),
        request.amount().currencyCode(),
        request.reference(),
        status,
        responseCode,
        summary);
  }

  /** A 201 {@code PaymentResponse}. */
  static ObjectNode paymentResponse(
      String id,
      long amount,
      String currency,
      String reference,
      String status,
      String responseCode,
      String summary) {
    boolean approved = !status.equals("Declined");
    ObjectNode p = JSON.createObjectNode();
    p.put("id", id);
    p.put("action_id", ACTION_ID);
    p.put("amount", amount);
    p.put("currency", currency);
    p.put("approved", approved);
    p.put("status", status);
    if (approved) {
      p.put("auth_code", "770687");
    }
    p.put("response_code", responseCode);
    p.put("response_summary", summary);
    ObjectNode threeDs = p.putObject("3ds");
    threeDs.put("downgraded", false);
    threeDs.put("enrolled", "Y");
    p.putObject("risk").put("flagged", false);
    p.set("source", cardSource());
    p.put("processed_on", "2025-06-01T12:00:00Z");
    p.put("reference", reference);
    ObjectNode processing = p.putObject("processing");
    processing.put("retrieval_reference_number", "909913440644");
    processing.put("acquirer_transaction_id", "440644309099499894406");
    p.put("eci", "05");
    p.put("scheme_id", "489341065491658");
    ObjectNode links = p.putObject("_links");
    links.putObject("self").put("href", "https://api.sandbox.checkout.com/payments/" + id);
    links
        .putObject("actions")
        .put("href", "https://api.sandbox.checkout.com/payments/" + id + "/actions");
    if (status.equals("Authorized")) {
      links
          .putObject("capture")
          .put("href", "https://api.sandbox.checkout.com/payments/" + id + "/captures");
      links
          .putObject("void")
          .put("href", "https://api.sandbox.checkout.com/payments/" + id + "/voids");
    }
    return p;
  }

  /** The 202 {@code PaymentAcceptedResponse}, with a 3-D Secure redirect when given. */
  static ObjectNode accepted(String reference, String redirect) {
    ObjectNode p = JSON.createObjectNode();
    p.put("id", PAYMENT_ID);
    p.put("status", "Pending");
    p.put("reference", reference);
    ObjectNode threeDs = p.putObject("3ds");
    threeDs.put("downgraded", false);
    threeDs.put("enrolled", "Y");
    ObjectNode links = p.putObject("_links");
    links.putObject("self").put("href", "https://api.sandbox.checkout.com/payments/" + PAYMENT_ID);
    if (redirect != null) {
      links.putObject("redirect").put("href", redirect);
    }
    return p;
  }

  /** {@code PaymentDetails} as {@code GET /payments/{id}} answers, with our metadata. */
  static ObjectNode details(
      String id, Money amount, String status, String paymentId, String idempotencyKey) {
    ObjectNode p = JSON.createObjectNode();
    p.put("id", id);
    p.put("requested_on", "2025-06-01T12:00:00Z");
    p.set("source", cardSource());
    p.put("amount", CheckoutComGateway.AMOUNTS.toMinorUnits(amount));
    p.put("currency", amount.currencyCode());
    p.put("payment_type", "Regular");
    p.put("reference", "order-1001");
    p.put("description", "Order 1001");
    p.put(
        "approved",
        !status.equals("Declined")
            && !status.equals("Pending")
            && !status.equals("Expired")
            && !status.equals("Canceled"));
    p.put("status", status);
    ObjectNode threeDs = p.putObject("3ds");
    threeDs.put("downgraded", false);
    threeDs.put("enrolled", "Y");
    p.putObject("risk").put("flagged", false);
    ObjectNode metadata = p.putObject("metadata");
    metadata.put("channel", "web");
    if (paymentId != null) {
      metadata.put("ottu_payment_id", paymentId);
      metadata.put("ottu_idempotency_key", idempotencyKey);
      metadata.put("ottu_capture", "false");
    }
    p.put("eci", "05");
    p.put("scheme_id", "488341541494658");
    ObjectNode links = p.putObject("_links");
    links.putObject("self").put("href", "https://api.sandbox.checkout.com/payments/" + id);
    links
        .putObject("actions")
        .put("href", "https://api.sandbox.checkout.com/payments/" + id + "/actions");
    return p;
  }

  /** {@code balances} of a payment. */
  static void balances(ObjectNode payment, long authorized, long captured, long refunded) {
    ObjectNode b = payment.putObject("balances");
    b.put("total_authorized", authorized);
    b.put("total_voided", 0);
    b.put("available_to_void", authorized - captured);
    b.put("total_captured", captured);
    b.put("available_to_capture", authorized - captured);
    b.put("total_refunded", refunded);
    b.put("available_to_refund", captured - refunded);
  }

  /** One entry of {@code GET /payments/{id}/actions}. */
  static ObjectNode action(
      String id,
      String type,
      long amount,
      boolean approved,
      String responseCode,
      String summary,
      String reference) {
    ObjectNode a = JSON.createObjectNode();
    a.put("id", id);
    a.put("type", type);
    a.put("processed_on", "2025-06-01T12:05:00Z");
    a.put("amount", amount);
    a.put("approved", approved);
    if (type.equals("Authorization") && approved) {
      a.put("auth_code", "643381");
    }
    a.put("response_code", responseCode);
    a.put("response_summary", summary);
    if (reference != null) {
      a.put("reference", reference);
    }
    ObjectNode processing = a.putObject("processing");
    processing.put("acquirer_transaction_id", "00745244079");
    return a;
  }

  /** A JSON array of {@code items}. */
  static String array(ObjectNode... items) {
    ArrayNode a = JSON.createArrayNode();
    for (ObjectNode item : items) {
      a.add(item);
    }
    return a.toString();
  }

  /** The 202 of a capture, void or refund. */
  static ObjectNode actionAccepted(String reference) {
    ObjectNode a = JSON.createObjectNode();
    a.put("action_id", ACTION_ID);
    a.put("reference", reference);
    a.putObject("_links")
        .putObject("payment")
        .put("href", "https://api.sandbox.checkout.com/payments/" + PAYMENT_ID);
    return a;
  }

  /** A page of {@code GET /payments?reference=}. */
  static String page(int limit, int skip, int total, ObjectNode... payments) {
    ObjectNode page = JSON.createObjectNode();
    page.put("limit", limit);
    page.put("skip", skip);
    page.put("total_count", total);
    ArrayNode data = page.putArray("data");
    for (ObjectNode p : payments) {
      data.add(p);
    }
    return page.toString();
  }

  /** A {@code ValidationError} response. */
  static ResponseDefinitionBuilder validationError(int status, String errorType, String... codes) {
    ObjectNode e = JSON.createObjectNode();
    e.put("request_id", REQUEST_ID);
    e.put("error_type", errorType);
    ArrayNode list = e.putArray("error_codes");
    for (String c : codes) {
      list.add(c);
    }
    return json(status, e.toString());
  }

  /** A bodiless response, as Checkout.com answers 401, 404 and gateway errors. */
  static ResponseDefinitionBuilder empty(int status) {
    return aResponse().withStatus(status).withHeader("Cko-Request-Id", REQUEST_ID);
  }

  /** A JSON response with Checkout.com's headers. */
  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withHeader("Cko-Request-Id", REQUEST_ID)
        .withHeader("Cko-Version", "1.0.0")
        .withBody(body);
  }

  private static ObjectNode cardSource() {
    ObjectNode s = JSON.createObjectNode();
    s.put("type", "card");
    s.put("id", "src_nwd3m4in3hkuddfpjsaevunhdy");
    s.put("expiry_month", 12);
    s.put("expiry_year", 2034);
    s.put("scheme", "Visa");
    s.put("last4", "4242");
    s.put("fingerprint", "F31828E2BDABAE63EB694903825CDD36041CC6ED461440B81415895855502832");
    s.put("bin", "424242");
    s.put("card_type", "CREDIT");
    s.put("issuer_country", "GB");
    return s;
  }
}
