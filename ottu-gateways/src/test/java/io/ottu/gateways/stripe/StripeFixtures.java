package io.ottu.gateways.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.ottu.Money;
import io.ottu.gateway.AuthorizeRequest;
import java.util.Locale;

/**
 * Stripe-shaped response bodies for the tests: PaymentIntent, Refund, search and list results, and
 * error objects, with the fields and nesting of Stripe's API reference (docs.stripe.com/api).
 */
public final class StripeFixtures {
  /** Stripe's documented public sample test key. */
  public static final String SECRET_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

  static final ObjectMapper JSON = new ObjectMapper();

  private StripeFixtures() {}

  /** A PaymentIntent object. */
  static ObjectNode paymentIntent(String id, String status, Money amount, String captureMethod) {
    long minor = StripeGateway.AMOUNTS.toMinorUnits(amount);
    ObjectNode pi = JSON.createObjectNode();
    pi.put("id", id);
    pi.put("object", "payment_intent");
    pi.put("amount", minor);
    pi.put("amount_capturable", status.equals("requires_capture") ? minor : 0);
    pi.put("amount_received", status.equals("succeeded") ? minor : 0);
    pi.putNull("application");
    pi.put("capture_method", captureMethod);
    pi.put("client_secret", id + "_secret_Z3dzGfhGn0Kx3lJ1bT4oL9Wk");
    pi.put("confirmation_method", "automatic");
    pi.put("created", 1_717_000_000L);
    pi.put("currency", amount.currencyCode().toLowerCase(Locale.ROOT));
    pi.putNull("customer");
    pi.putNull("description");
    pi.putNull("last_payment_error");
    pi.put(
        "latest_charge",
        status.equals("requires_payment_method") ? null : "ch_3PkTz2LkdIwHu7ix0Kf1R8sQ");
    pi.put("livemode", false);
    pi.putObject("metadata");
    pi.putNull("next_action");
    pi.put("payment_method", "pm_1PkTz1LkdIwHu7ixbV4x0mAc");
    pi.putArray("payment_method_types").add("card");
    pi.putNull("receipt_email");
    pi.putNull("setup_future_usage");
    pi.put("status", status);
    return pi;
  }

  /** The PaymentIntent Stripe answers {@code request} with, in {@code status}. */
  static ObjectNode paymentIntentFor(AuthorizeRequest request, String id, String status) {
    ObjectNode pi =
        paymentIntent(id, status, request.amount(), request.capture() ? "automatic" : "manual");
    ObjectNode metadata = (ObjectNode) pi.get("metadata");
    metadata.put("ottu_payment_id", request.paymentId());
    metadata.put("order_id", request.reference());
    metadata.put("ottu_idempotency_key", request.idempotencyKey());
    return pi;
  }

  /** A PaymentIntent waiting for 3-D Secure with a redirect. */
  static ObjectNode requiresAction(AuthorizeRequest request, String id) {
    ObjectNode pi = paymentIntentFor(request, id, "requires_action");
    ObjectNode next = pi.putObject("next_action");
    next.put("type", "redirect_to_url");
    ObjectNode redirect = next.putObject("redirect_to_url");
    redirect.put("return_url", request.returnUrl());
    redirect.put(
        "url",
        "https://hooks.stripe.com/3d_secure_2/hosted?merchant=acct_1Kp0fXLkdIwHu7ix&payment_intent="
            + id
            + "&payment_intent_client_secret="
            + id
            + "_secret_Z3dzGfhGn0Kx3lJ1bT4oL9Wk&publishable_key=pk_test_TYooMQauvdEDq54NiTphI7jx"
            + "&source=src_1PkTz3LkdIwHu7ixk2w5s3hN");
    return pi;
  }

  /** A 402 card error, as Stripe answers a declined confirmation. */
  static ResponseDefinitionBuilder cardError(
      AuthorizeRequest request, String code, String declineCode, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("charge", "ch_3PkTz2LkdIwHu7ix0Kf1R8sQ");
    error.put("code", code);
    if (declineCode != null) {
      error.put("decline_code", declineCode);
    }
    error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
    error.put("message", message);
    ObjectNode pi =
        paymentIntentFor(request, "pi_3PkTz2LkdIwHu7ix1DeCl1nE", "requires_payment_method");
    ObjectNode lastError = pi.putObject("last_payment_error");
    lastError.put("code", code);
    if (declineCode != null) {
      lastError.put("decline_code", declineCode);
    }
    lastError.put("message", message);
    lastError.put("type", "card_error");
    error.set("payment_intent", pi);
    error.put(
        "request_log_url",
        "https://dashboard.stripe.com/test/logs/req_8Jd2kQ1xYzAbCd?t=1717000000");
    error.put("type", "card_error");
    return json(402, body.toString());
  }

  /** An error response of another type. */
  static ResponseDefinitionBuilder error(int status, String type, String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    if (code != null) {
      error.put("code", code);
      error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
    }
    error.put("message", message);
    error.put(
        "request_log_url",
        "https://dashboard.stripe.com/test/logs/req_8Jd2kQ1xYzAbCd?t=1717000000");
    error.put("type", type);
    return json(status, body.toString());
  }

  /** A Refund object. */
  static ObjectNode refund(String id, String paymentIntent, Money amount, String status) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", id);
    r.put("object", "refund");
    r.put("amount", StripeGateway.AMOUNTS.toMinorUnits(amount));
    r.putNull("balance_transaction");
    r.put("charge", "ch_3PkTz2LkdIwHu7ix0Kf1R8sQ");
    r.put("created", 1_717_000_100L);
    r.put("currency", amount.currencyCode().toLowerCase(Locale.ROOT));
    r.putObject("metadata");
    r.put("payment_intent", paymentIntent);
    r.putNull("reason");
    r.putNull("receipt_number");
    r.putNull("source_transfer_reversal");
    r.put("status", status);
    r.putNull("transfer_reversal");
    return r;
  }

  /** A search result or list page wrapping {@code items}. */
  static String page(String object, String url, boolean hasMore, ObjectNode... items) {
    ObjectNode page = JSON.createObjectNode();
    page.put("object", object);
    var data = page.putArray("data");
    for (ObjectNode item : items) {
      data.add(item);
    }
    page.put("has_more", hasMore);
    if (object.equals("search_result")) {
      page.putNull("next_page");
    }
    page.put("url", url);
    return page.toString();
  }

  /** A JSON response with Stripe's headers. */
  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("Request-Id", "req_8Jd2kQ1xYzAbCd")
        .withHeader("Stripe-Version", "2025-04-30.basil")
        .withBody(body);
  }
}
