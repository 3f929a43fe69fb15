package io.ottu.gateways.tap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.ottu.Money;
import io.ottu.gateway.AuthorizeRequest;

/**
 * Tap-shaped bodies for the tests: charge, authorize, token, refund and list objects and the error
 * shape, with the fields and nesting of Tap's published samples (developers.tap.company: the
 * OmanNet charge response, the authorize and token response examples, the refunds response model,
 * list-all-charges, and the "Standard Errors" example of charge-response-codes).
 */
public final class TapFixtures {
  /** The sample test key printed in Tap's own API reference. */
  public static final String SECRET_KEY = "sk_test_XKokBfNWv6FIYuTMg5sLPjhJ";

  /** A token id as Tap's token endpoint answers. */
  public static final String TOKEN = "tok_CWqLQ1311012WPdW527633";

  /** Tap's sandbox page a charge redirects to (hosted page, 3-D Secure). */
  public static final String SANDBOX_URL =
      "https://sandbox.payments.tap.company/test_gosell/v2/payment/tap_process.aspx?chg=d6aPjTalvIV0O3i8B2ED7hkBbPL8PY%2fzEY%3d";

  static final ObjectMapper JSON = new ObjectMapper();

  private TapFixtures() {}

  /** A charge object ({@code chg_...}) in {@code status} with Tap's {@code response.code}. */
  static ObjectNode charge(String id, String status, String code, String message, Money amount) {
    ObjectNode c = base(id, "charge", status, code, message, amount);
    c.put("product", "GOSELL");
    c.put("order_id", "7210055701315195");
    return c;
  }

  /** An authorize object ({@code auth_...}). */
  static ObjectNode authorize(String id, String status, String code, String message, Money amount) {
    ObjectNode a = base(id, "authorize", status, code, message, amount);
    ObjectNode auto = a.putObject("auto");
    auto.put("status", "PENDING");
    auto.put("type", "VOID");
    auto.put("time", 168);
    return a;
  }

  /** Stamps the object with the request's references, metadata and redirect, as Tap echoes them. */
  static ObjectNode forRequest(ObjectNode object, AuthorizeRequest request) {
    ObjectNode reference = (ObjectNode) object.get("reference");
    reference.put("transaction", request.reference());
    reference.put("order", request.paymentId());
    ObjectNode metadata = (ObjectNode) object.get("metadata");
    metadata.put("ottu_payment_id", request.paymentId());
    metadata.put("ottu_idempotency_key", request.idempotencyKey());
    if (request.returnUrl() != null) {
      ((ObjectNode) object.get("redirect")).put("url", request.returnUrl());
    }
    return object;
  }

  /** Adds the {@code transaction.url} the shopper must be sent to. */
  static ObjectNode withUrl(ObjectNode object, String url) {
    ((ObjectNode) object.get("transaction")).put("url", url);
    return object;
  }

  private static ObjectNode base(
      String id, String object, String status, String code, String message, Money amount) {
    ObjectNode c = JSON.createObjectNode();
    c.put("id", id);
    c.put("object", object);
    c.put("live_mode", false);
    c.put("customer_initiated", true);
    c.put("api_version", "V2");
    c.put("method", "CREATE");
    c.put("status", status);
    c.putRawValue("amount", new RawValue(TapGateway.amountText(amount)));
    c.put("currency", amount.currencyCode());
    c.put("threeDSecure", true);
    c.put("card_threeDSecure", false);
    c.put("save_card", false);
    c.put("merchant_id", "");
    c.put("description", "Order 1001");
    c.putObject("metadata").put("udf1", "web");
    ObjectNode transaction = c.putObject("transaction");
    transaction.put("authorization_id", "052279");
    transaction.put("timezone", "UTC+03:00");
    transaction.put("created", "1723821025023");
    ObjectNode expiry = transaction.putObject("expiry");
    expiry.put("period", 30);
    expiry.put("type", "MINUTE");
    transaction.put("asynchronous", false);
    transaction.putRawValue("amount", new RawValue(TapGateway.amountText(amount)));
    transaction.put("currency", amount.currencyCode());
    ObjectNode reference = c.putObject("reference");
    reference.put("track", "tck_TS05A4520241509Pp2X2417");
    reference.put("payment", "2616241510085");
    reference.put("gateway", "123456789012345");
    reference.put("acquirer", "422912052279");
    ObjectNode response = c.putObject("response");
    response.put("code", code);
    response.put("message", message);
    c.putObject("security").putObject("threeDSecure").put("status", "Y");
    ObjectNode acquirer = c.putObject("acquirer").putObject("response");
    acquirer.put("code", code.equals("000") || code.equals("001") ? "00" : "05");
    acquirer.put("message", code.equals("000") || code.equals("001") ? "Approved" : "Declined");
    ObjectNode card = c.putObject("card");
    card.put("object", "card");
    card.put("first_six", "424242");
    card.put("first_eight", "42424242");
    card.put("scheme", "VISA");
    card.put("brand", "VISA");
    card.put("last_four", "4242");
    ObjectNode receipt = c.putObject("receipt");
    receipt.put("id", "202616241510088210");
    receipt.put("email", true);
    receipt.put("sms", true);
    ObjectNode customer = c.putObject("customer");
    customer.put("id", "cus_TS04A4520241509Jp2X2417");
    customer.put("first_name", "Sara");
    customer.put("last_name", "Ahmed");
    customer.put("email", "sara@shop.example");
    ObjectNode phone = customer.putObject("phone");
    phone.put("country_code", "965");
    phone.put("number", "51234567");
    ObjectNode merchant = c.putObject("merchant");
    merchant.put("country", "KW");
    merchant.put("currency", "KWD");
    merchant.put("id", "599424");
    ObjectNode source = c.putObject("source");
    source.put("object", "token");
    source.put("type", "CARD_NOT_PRESENT");
    source.put("payment_type", "CREDIT");
    source.put("channel", "INTERNET");
    source.put("id", TOKEN);
    source.put("on_file", false);
    source.put("payment_method", "VISA");
    ObjectNode redirect = c.putObject("redirect");
    redirect.put("status", "PENDING");
    redirect.put("url", "https://shop.example/return");
    ObjectNode post = c.putObject("post");
    post.put("status", "PENDING");
    post.put("url", "https://shop.example/webhooks/tap");
    return c;
  }

  /** The token object {@code POST /v2/tokens} answers with. */
  static ObjectNode token() {
    ObjectNode t = JSON.createObjectNode();
    t.put("id", TOKEN);
    t.put("object", "token");
    t.put("created", 1612876885622L);
    t.put("live_mode", false);
    t.put("type", "CARD");
    t.put("used", false);
    ObjectNode card = t.putObject("card");
    card.put("id", "card_C9vyl1311012RofB527622");
    card.put("object", "card");
    card.put("funding", "CREDIT");
    card.put("fingerprint", "Q%2FcqTEPF%2FZuM7IaWN%2F7QR8kjZsJ1zzAdrmAhTXaBTOk%3D");
    card.put("brand", "VISA");
    card.put("scheme", "VISA");
    card.put("exp_month", 12);
    card.put("exp_year", 34);
    card.put("last_four", "4242");
    card.put("first_six", "424242");
    card.put("name", "Sara Ahmed");
    return t;
  }

  /** A refund object ({@code re_...}). */
  static ObjectNode refund(
      String id, String chargeId, String status, String code, String message, Money amount) {
    ObjectNode r = JSON.createObjectNode();
    r.put("id", id);
    r.put("object", "refund");
    r.put("api_version", "V1.2");
    r.put("live_mode", false);
    r.putRawValue("amount", new RawValue(TapGateway.amountText(amount)));
    r.put("charge_id", chargeId);
    r.put("created", "1723821125023");
    r.put("currency", amount.currencyCode());
    r.put("status", status);
    r.putObject("reference").put("merchant", "order-1001");
    ObjectNode response = r.putObject("response");
    response.put("code", code);
    response.put("message", message);
    r.putObject("metadata");
    r.put("description", "Test Description");
    r.put("reason", "requested_by_customer");
    ObjectNode post = r.putObject("post");
    post.put("status", "PENDING");
    post.put("url", "https://shop.example/webhooks/tap");
    return r;
  }

  /** A list response ({@code POST /v2/charges/list} and friends) holding {@code items}. */
  static String list(String name, boolean hasMore, ObjectNode... items) {
    ObjectNode page = JSON.createObjectNode();
    page.put("object", "list");
    page.put("live_mode", false);
    page.put("api_version", "V2");
    page.put("count", items.length);
    page.put("has_more", hasMore);
    ArrayNode array = page.putArray(name);
    for (ObjectNode item : items) {
      array.add(item);
    }
    return page.toString();
  }

  /** Tap's error shape: {@code {"errors":[{"code":"1144","description":"Charge not found"}]}}. */
  static ResponseDefinitionBuilder error(int status, String code, String description) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("code", code);
    error.put("description", description);
    return json(status, body.toString());
  }

  /** A JSON response. */
  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  /** A 200 JSON response. */
  static ResponseDefinitionBuilder ok(ObjectNode body) {
    return json(200, body.toString());
  }
}
