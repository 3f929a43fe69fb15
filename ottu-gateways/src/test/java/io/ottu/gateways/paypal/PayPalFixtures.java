package io.ottu.gateways.paypal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.ottu.Money;
import io.ottu.gateway.AuthorizeRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * PayPal-shaped bodies for the tests: the OAuth token response, orders, authorizations, captures,
 * refunds and error objects, with the fields and nesting of PayPal's OpenAPI specifications ({@code
 * checkout_orders_v2.json}, {@code payments_payment_v2.json}) and the examples of
 * developer.paypal.com.
 */
final class PayPalFixtures {
  /** The sample client id of PayPal's REST documentation. */
  static final String CLIENT_ID = "AYSq3RDGsmBLJE-otTkBtM-jBRd1TCQwFf9RGfwddNXWz0uFU9ztymylOhRS";

  /** The sample secret of PayPal's REST documentation. */
  static final String CLIENT_SECRET =
      "EGnHDxD_qRPdaLdZz8iCr8N7_MzF-YHPTkjs6NKYQvQSBngp4PTTVWkPZRbL";

  /** {@code Authorization: Basic} value for the sample credentials. */
  static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));

  /** The sample access token of PayPal's authentication documentation. */
  static final String ACCESS_TOKEN =
      "A21AAFEpH4PsADK7qSS7pSRsgzfENtu-Q1ysgEDVDESseMHBYXVJYE8ovjj68elIDy8nF26AwPhfXTIeWAZHSLIsQkSYz9ifg";

  static final String ORDER_ID = "5O190127TN364715T";
  static final String AUTHORIZATION_ID = "0AW2184448108334S";
  static final String CAPTURE_ID = "3C679366HH908993F";
  static final String REFUND_ID = "1JU08902781691411";
  static final String DEBUG_ID = "b6a1c6b0a7e4f";

  /** The payment id and reference of the unit tests' payment. */
  static final String PAYMENT_ID = "pay_01HZX3";

  static final String REFERENCE = "order-1001";

  static final ObjectMapper JSON = new ObjectMapper();

  private PayPalFixtures() {}

  /** The token endpoint, as the adapter must call it. */
  static MappingBuilder tokenEndpoint() {
    return post(urlPathEqualTo("/v1/oauth2/token"))
        .withHeader("Authorization", equalTo(BASIC))
        .withHeader("Accept", equalTo("application/json"))
        .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
        .withRequestBody(equalTo("grant_type=client_credentials"));
  }

  /** PayPal's token response. */
  static ResponseDefinitionBuilder token(String accessToken, long expiresIn) {
    ObjectNode t = JSON.createObjectNode();
    t.put(
        "scope",
        "https://uri.paypal.com/services/payments/futurepayments"
            + " https://uri.paypal.com/services/payments/realtimepayment");
    t.put("access_token", accessToken);
    t.put("token_type", "Bearer");
    t.put("app_id", "APP-80W284485P519543T");
    t.put("expires_in", expiresIn);
    t.put("nonce", "2020-04-03T15:35:36ZaYZlGvEkV4yVSz8g6bAKFoGSEzuy3CQcz3ljhibkOHg");
    return json(200, t.toString());
  }

  /** A JSON response with PayPal's debug id header. */
  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("PayPal-Debug-Id", DEBUG_ID)
        .withBody(body);
  }

  /** A money object. */
  static ObjectNode money(Money amount) {
    ObjectNode m = JSON.createObjectNode();
    m.put("currency_code", amount.currencyCode());
    m.put("value", PayPalGateway.AMOUNTS.toDecimalString(amount));
    return m;
  }

  /** A money object with any currency and value, for mismatch tests. */
  static ObjectNode money(String currency, String value) {
    ObjectNode m = JSON.createObjectNode();
    m.put("currency_code", currency);
    m.put("value", value);
    return m;
  }

  private static ArrayNode links(ObjectNode owner, String... relHref) {
    ArrayNode links = owner.putArray("links");
    for (int i = 0; i < relHref.length; i += 2) {
      ObjectNode l = links.addObject();
      l.put("href", relHref[i + 1]);
      l.put("rel", relHref[i]);
      l.put(
          "method",
          relHref[i].equals("payer-action") || relHref[i].equals("approve")
              ? "GET"
              : relHref[i].equals("self") || relHref[i].equals("up") ? "GET" : "POST");
    }
    return links;
  }

  /** An authorization, as in an order's payments or from the Payments API. */
  static ObjectNode authorization(String id, String status, ObjectNode amount) {
    ObjectNode a = JSON.createObjectNode();
    a.put("id", id);
    a.put("status", status);
    a.set("amount", amount);
    a.put("invoice_id", REFERENCE);
    a.put("custom_id", PAYMENT_ID);
    ObjectNode protection = a.putObject("seller_protection");
    protection.put("status", "NOT_ELIGIBLE");
    a.put("expiration_time", "2025-06-30T12:00:00Z");
    String base = "https://api-m.sandbox.paypal.com/v2/payments/authorizations/" + id;
    links(
        a,
        "self",
        base,
        "capture",
        base + "/capture",
        "void",
        base + "/void",
        "reauthorize",
        base + "/reauthorize",
        "up",
        "https://api-m.sandbox.paypal.com/v2/checkout/orders/" + ORDER_ID);
    a.put("create_time", "2025-06-01T12:00:00Z");
    a.put("update_time", "2025-06-01T12:00:00Z");
    return a;
  }

  /** A capture, as in an order's payments or from the Payments API. */
  static ObjectNode capture(String id, String status, ObjectNode amount, boolean finalCapture) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", id);
    c.put("status", status);
    c.set("amount", amount);
    c.put("final_capture", finalCapture);
    c.put("invoice_id", REFERENCE);
    c.put("custom_id", PAYMENT_ID);
    c.putObject("seller_protection").put("status", "NOT_ELIGIBLE");
    ObjectNode breakdown = c.putObject("seller_receivable_breakdown");
    breakdown.set("gross_amount", amount);
    String base = "https://api-m.sandbox.paypal.com/v2/payments/captures/" + id;
    links(
        c,
        "self",
        base,
        "refund",
        base + "/refund",
        "up",
        "https://api-m.sandbox.paypal.com/v2/checkout/orders/" + ORDER_ID);
    c.put("create_time", "2025-06-01T12:00:00Z");
    c.put("update_time", "2025-06-01T12:00:00Z");
    return c;
  }

  /** A card decline's processor response on an authorization or capture. */
  static ObjectNode withProcessorResponse(ObjectNode payment, String responseCode) {
    ObjectNode p = payment.putObject("processor_response");
    p.put("avs_code", "Y");
    p.put("cvv_code", "M");
    p.put("response_code", responseCode);
    return payment;
  }

  /** A refund. */
  static ObjectNode refund(String id, String status, ObjectNode amount, String customId) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", id);
    r.put("status", status);
    r.set("amount", amount);
    if (customId != null) {
      r.put("custom_id", customId);
    }
    r.put("invoice_id", REFERENCE);
    ObjectNode breakdown = r.putObject("seller_payable_breakdown");
    breakdown.set("gross_amount", amount);
    breakdown.set("total_refunded_amount", amount);
    String base = "https://api-m.sandbox.paypal.com/v2/payments/refunds/" + id;
    links(
        r,
        "self",
        base,
        "up",
        "https://api-m.sandbox.paypal.com/v2/payments/captures/" + CAPTURE_ID);
    r.put("create_time", "2025-06-02T12:00:00Z");
    r.put("update_time", "2025-06-02T12:00:00Z");
    return r;
  }

  /** An order in {@code status}, with the purchase unit of {@code request}. */
  static ObjectNode order(String id, String status, String intent, AuthorizeRequest request) {
    return order(
        id, status, intent, request.paymentId(), request.reference(), money(request.amount()));
  }

  /** An order in {@code status}. */
  static ObjectNode order(
      String id,
      String status,
      String intent,
      String paymentId,
      String reference,
      ObjectNode amount) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    o.put("intent", intent);
    o.put("status", status);
    ObjectNode card = o.putObject("payment_source").putObject("card");
    card.put("name", "Kit Tester");
    card.put("last_digits", "4242");
    card.put("expiry", "2034-12");
    card.put("brand", "VISA");
    card.put("type", "CREDIT");
    ObjectNode unit = o.putArray("purchase_units").addObject();
    unit.put("reference_id", paymentId);
    unit.set("amount", amount);
    ObjectNode payee = unit.putObject("payee");
    payee.put("email_address", "merchant@example.com");
    payee.put("merchant_id", "7KNGBPH2U58GQ");
    unit.put("custom_id", paymentId);
    unit.put("invoice_id", reference);
    o.put("create_time", "2025-06-01T12:00:00Z");
    o.put("update_time", "2025-06-01T12:00:00Z");
    links(o, "self", "https://api-m.sandbox.paypal.com/v2/checkout/orders/" + id);
    return o;
  }

  /** The purchase unit's {@code payments} object of an order, created if absent. */
  static ObjectNode payments(ObjectNode order) {
    ObjectNode unit = (ObjectNode) order.get("purchase_units").get(0);
    return unit.has("payments") ? (ObjectNode) unit.get("payments") : unit.putObject("payments");
  }

  /** A COMPLETED AUTHORIZE order whose authorization is in {@code status}. */
  static ObjectNode authorizedOrder(AuthorizeRequest request, String status) {
    ObjectNode o = order(ORDER_ID, "COMPLETED", "AUTHORIZE", request);
    payments(o)
        .putArray("authorizations")
        .add(authorization(AUTHORIZATION_ID, status, money(request.amount())));
    return o;
  }

  /** A COMPLETED CAPTURE order whose capture is in {@code status}. */
  static ObjectNode capturedOrder(AuthorizeRequest request, String status) {
    ObjectNode o = order(ORDER_ID, "COMPLETED", "CAPTURE", request);
    payments(o)
        .putArray("captures")
        .add(capture(CAPTURE_ID, status, money(request.amount()), true));
    return o;
  }

  /** The order PayPal answers {@code request} with when it approves it. */
  static ObjectNode approvedOrderFor(AuthorizeRequest request) {
    return request.capture()
        ? capturedOrder(request, "COMPLETED")
        : authorizedOrder(request, "CREATED");
  }

  /** An order waiting for 3-D Secure, with its payer-action link. */
  static ObjectNode payerActionRequired(AuthorizeRequest request) {
    ObjectNode o =
        order(
            ORDER_ID,
            "PAYER_ACTION_REQUIRED",
            request.capture() ? "CAPTURE" : "AUTHORIZE",
            request);
    links(
        o,
        "self",
        "https://api-m.sandbox.paypal.com/v2/checkout/orders/" + ORDER_ID,
        "payer-action",
        "https://www.sandbox.paypal.com/webapps/helios?action=verify&flow=3ds&cart_id=" + ORDER_ID);
    return o;
  }

  /** The 3-D Secure result on an order's card. */
  static ObjectNode withAuthentication(
      ObjectNode order, String liabilityShift, String enrollment, String authentication) {
    ObjectNode result =
        ((ObjectNode) order.get("payment_source").get("card")).putObject("authentication_result");
    result.put("liability_shift", liabilityShift);
    ObjectNode tds = result.putObject("three_d_secure");
    tds.put("enrollment_status", enrollment);
    tds.put("authentication_status", authentication);
    return order;
  }

  /** A PayPal error body. */
  static ResponseDefinitionBuilder error(
      int status, String name, String message, String issue, String description) {
    ObjectNode e = JSON.createObjectNode();
    e.put("name", name);
    if (issue != null) {
      ObjectNode d = e.putArray("details").addObject();
      d.put("issue", issue);
      d.put("description", description);
    }
    e.put("message", message);
    e.put("debug_id", DEBUG_ID);
    ArrayNode links = e.putArray("links");
    ObjectNode l = links.addObject();
    l.put(
        "href",
        "https://developer.paypal.com/api/rest/reference/orders/v2/errors/#"
            + (issue == null ? name : issue));
    l.put("rel", "information_link");
    l.put("method", "GET");
    return json(status, e.toString());
  }

  /** A 422 UNPROCESSABLE_ENTITY with {@code issue}. */
  static ResponseDefinitionBuilder unprocessable(String issue, String description) {
    return error(
        422,
        "UNPROCESSABLE_ENTITY",
        "The requested action could not be performed, semantically incorrect, or failed business"
            + " validation.",
        issue,
        description);
  }
}
