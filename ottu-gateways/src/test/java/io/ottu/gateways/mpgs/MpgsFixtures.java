package io.ottu.gateways.mpgs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.ottu.Money;
import java.util.Base64;

/**
 * MPGS-shaped response bodies for the tests, with the fields and nesting of Mastercard's published
 * samples: the Mastercard-MEA integration guide's {@code pay-api.json}, {@code
 * initiate-authentication-api.json}, {@code authenticate-payer-api.json}, {@code
 * create-session-api.json} and {@code update-session-api.json}; the error envelope {@code {result:
 * ERROR, error: {cause, explanation, field, validationType}}} of the API reference; the 3-D Secure
 * 2 challenge snippet ({@code threedsChallengeRedirectForm}) that public MPGS integrations quote.
 * Amounts are JSON numbers, as in the samples. Card numbers come back masked ({@code
 * 512345xxxxxx0008}), as MPGS masks them.
 */
final class MpgsFixtures {
  /** A made-up test merchant: test merchant ids start with TEST. */
  static final String MERCHANT = "TESTOTTU0001";

  /** A made-up 32-hex-digit API password, the format MPGS's merchant portal issues. */
  static final String API_PASSWORD = "7c4f1d2a9e8b3c6d5f0a1b2c3d4e5f60";

  /** The REST path prefix of {@link #MERCHANT} at the default API version. */
  static final String BASE = "/api/rest/version/100/merchant/" + MERCHANT;

  /** MPGS's public Mastercard test card (approves with expiry 01/39, CSC 100). */
  static final String MASTERCARD = "5123450000000008";

  /** MPGS's public Visa test card. */
  static final String VISA = "4508750015741019";

  /** A session id in MPGS's format. */
  static final String SESSION = "SESSION0002816562472I0271878F98";

  /** The ACS page of MPGS's test simulator. */
  static final String ACS_URL = "https://mtf.gateway.mastercard.com/acs/mastercard/v2/prompt";

  /** The base64url {@code creq} of a challenge. */
  static final String CREQ =
      "eyJ0aHJlZURTU2VydmVyVHJhbnNJRCI6ImIzYWRiODk4LTA4YmYtNDA3YS04ZTRiLTM3ODlmOTY1ZGZmYiJ9";

  /** The 3-D Secure 2 challenge snippet MPGS returns (as public integrations quote it). */
  static final String CHALLENGE_HTML =
      "<div id=\"threedsChallengeRedirect\" xmlns=\"http://www.w3.org/1999/html\" style=\""
          + " height: 100vh\"> <form id =\"threedsChallengeRedirectForm\" method=\"POST\""
          + " action=\""
          + ACS_URL
          + "\" target=\"challengeFrame\"> <input type=\"hidden\" name=\"creq\" value=\""
          + CREQ
          + "\" /> </form> <iframe id=\"challengeFrame\" name=\"challengeFrame\" width=\"100%\""
          + " height=\"100%\" ></iframe> <script id=\"authenticate-payer-script\"> var"
          + " e=document.getElementById(\"threedsChallengeRedirectForm\"); if (e) { e.submit();"
          + " if (e.parentNode !== null) { e.parentNode.removeChild(e); } } </script> </div>";

  /** The 3-D Secure 1 snippet of the Mastercard-MEA {@code authenticate-payer-api.json} sample. */
  static final String ACS_1_URL =
      "https://mtf.gateway.mastercard.com/acs/MastercardACS/c0fa380d-aee9-4a50-8589-0cd02559cef9";

  static final String TERM_URL =
      "https://mtf.gateway.mastercard.com/callbackInterface/gateway/"
          + "a40ff2dd61417a8e01d463ba5035f08472c4c39cca4c90a5fc97737512f2f48b";

  static final String PAREQ =
      "eAFVUdtugkAUfDfxHwjvZQGXi+a4hpZWTVNr1CZ93S4bpRFQLipf1pf+U3+hZxG1BR6Y2TPDMAdGp2Sr";

  static final String REDIRECT_HTML_3DS1 =
      "<div id=\"redirectTo3ds1AcsSimple\" xmlns=\"http://www.w3.org/1999/html\"> <iframe"
          + " id=\"redirectTo3ds1Frame\" name=\"redirectTo3ds1Frame\" height=\"100%\""
          + " width=\"100%\" > </iframe> <form id =\"redirectTo3ds1Form\" method=\"POST\""
          + " action=\""
          + ACS_1_URL
          + "\" target=\"redirectTo3ds1Frame\"> <input type=\"hidden\" name=\"PaReq\" value=\""
          + PAREQ
          + "\" /> <input type=\"hidden\" name=\"TermUrl\" value=\""
          + TERM_URL
          + "\" /> <input type=\"hidden\" name=\"MD\" value=\"\" /> </form> <script"
          + " id=\"authenticate-payer-script\"> var e=document.getElementById(\"redirectTo3ds1Form\");"
          + " if (e) { e.submit(); if (e.parentNode !== null) { e.parentNode.removeChild(e); } }"
          + " </script> </div>";

  static final ObjectMapper JSON = new ObjectMapper();

  private MpgsFixtures() {}

  /** The Authorization header the adapter must send. */
  static String basicAuth() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(("merchant." + MERCHANT + ":" + API_PASSWORD).getBytes());
  }

  /**
   * A transaction response (the Mastercard-MEA {@code pay-api.json} shape).
   *
   * @param result {@code SUCCESS}, {@code FAILURE}, {@code PENDING}, {@code UNKNOWN}
   * @param gatewayCode {@code response.gatewayCode}
   * @param type {@code transaction.type}: {@code AUTHORIZATION}, {@code PAYMENT}, {@code CAPTURE},
   *     {@code REFUND}, {@code VOID_AUTHORIZATION}
   * @param orderId the order
   * @param transactionId the transaction
   * @param amount the transaction's amount (also the order's)
   */
  static ObjectNode transaction(
      String result,
      String gatewayCode,
      String type,
      String orderId,
      String transactionId,
      Money amount) {
    boolean approved = gatewayCode.startsWith("APPROVED");
    ObjectNode body = JSON.createObjectNode();
    if (type.equals("AUTHORIZATION") || type.equals("PAYMENT")) {
      ObjectNode auth = body.putObject("authorizationResponse");
      auth.put("cardSecurityCodeError", "M");
      auth.put("posEntryMode", "812");
      auth.put("processingCode", "003000");
      auth.put("responseCode", approved ? "00" : "05");
      auth.put("stan", "137174");
      auth.put("transactionIdentifier", "123456789");
    }
    body.put("gatewayEntryPoint", "WEB_SERVICES_API");
    body.put("merchant", MERCHANT);
    ObjectNode order = body.putObject("order");
    order.put("amount", amount.amount());
    order.put("creationTime", "2025-06-01T12:00:00.116Z");
    order.put("currency", amount.currencyCode());
    order.put("id", orderId);
    order.put("lastUpdatedTime", "2025-06-01T12:00:01.390Z");
    order.put("merchantCategoryCode", "5399");
    order.put("reference", "order-1001");
    order.put("status", orderStatus(type, approved));
    order.put(
        "totalAuthorizedAmount",
        approved ? amount.amount() : Money.zero(amount.currency()).amount());
    order.put(
        "totalCapturedAmount",
        approved && (type.equals("PAYMENT") || type.equals("CAPTURE"))
            ? amount.amount()
            : Money.zero(amount.currency()).amount());
    order.put(
        "totalRefundedAmount",
        approved && type.equals("REFUND")
            ? amount.amount()
            : Money.zero(amount.currency()).amount());
    ObjectNode response = body.putObject("response");
    response.put("acquirerCode", approved ? "00" : "05");
    response.put("acquirerMessage", approved ? "Approved" : "Do not honour");
    response.put("gatewayCode", gatewayCode);
    body.put("result", result);
    ObjectNode funds = body.putObject("sourceOfFunds");
    ObjectNode card = funds.putObject("provided").putObject("card");
    card.put("brand", "MASTERCARD");
    card.putObject("expiry").put("month", "1").put("year", "39");
    card.put("fundingMethod", "CREDIT");
    card.put("number", "512345xxxxxx0008");
    card.put("scheme", "MASTERCARD");
    funds.put("type", "CARD");
    body.put("timeOfLastUpdate", "2025-06-01T12:00:01.390Z");
    body.put("timeOfRecord", "2025-06-01T12:00:01.156Z");
    ObjectNode txn = body.putObject("transaction");
    ObjectNode acquirer = txn.putObject("acquirer");
    acquirer.put("batch", 20250601);
    acquirer.put("id", "SYSTEST_ACQ_S2I");
    acquirer.put("merchantId", MERCHANT);
    acquirer.put("transactionId", "123456789");
    txn.put("amount", amount.amount());
    if (approved) {
      txn.put("authorizationCode", "137174");
    }
    txn.put("currency", amount.currencyCode());
    txn.put("id", transactionId);
    txn.put("receipt", "515212137174");
    txn.put("source", "INTERNET");
    txn.put("stan", "137174");
    txn.put("terminal", "555");
    txn.put("type", type);
    body.put("version", "100");
    return body;
  }

  private static String orderStatus(String type, boolean approved) {
    if (!approved) {
      return "FAILED";
    }
    return switch (type) {
      case "AUTHORIZATION" -> "AUTHORIZED";
      case "PAYMENT", "CAPTURE" -> "CAPTURED";
      case "REFUND" -> "REFUNDED";
      default -> "CANCELLED";
    };
  }

  /** The error envelope. */
  static ResponseDefinitionBuilder error(
      int status, String cause, String explanation, String field, String validationType) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    if (cause != null) {
      error.put("cause", cause);
    }
    if (explanation != null) {
      error.put("explanation", explanation);
    }
    if (field != null) {
      error.put("field", field);
    }
    if (validationType != null) {
      error.put("validationType", validationType);
    }
    body.put("result", "ERROR");
    return json(status, body.toString());
  }

  /** {@code POST /session}: a new payment session ({@code create-session-api.json}). */
  static ResponseDefinitionBuilder sessionCreated() {
    ObjectNode body = JSON.createObjectNode();
    body.put("merchant", MERCHANT);
    body.put("result", "SUCCESS");
    ObjectNode session = body.putObject("session");
    session.put("aes256Key", "s5e94bi96/t1TSvbCXfAkstzVKsGZe/0SmSaNnoKVAA=");
    session.put("authenticationLimit", 5);
    session.put("id", SESSION);
    session.put("updateStatus", "NO_UPDATE");
    session.put("version", "4302083301");
    return json(201, body.toString());
  }

  /** {@code PUT /session/{id}}: the card stored ({@code update-session-api.json}). */
  static ResponseDefinitionBuilder sessionUpdated(String updateStatus) {
    ObjectNode body = JSON.createObjectNode();
    body.put("merchant", MERCHANT);
    ObjectNode session = body.putObject("session");
    session.put("id", SESSION);
    session.put("updateStatus", updateStatus);
    session.put("version", "afda935602");
    ObjectNode card = body.putObject("sourceOfFunds").putObject("provided").putObject("card");
    card.put("brand", "MASTERCARD");
    card.putObject("expiry").put("month", "1").put("year", "39");
    card.put("fundingMethod", "CREDIT");
    card.put("nameOnCard", "Fatima Al-Sabah");
    card.put("number", "512345xxxxxx0008");
    card.put("scheme", "MASTERCARD");
    card.put("securityCode", "xxx");
    body.put("version", "100");
    return json(200, body.toString());
  }

  /** {@code INITIATE_AUTHENTICATION}'s answer ({@code initiate-authentication-api.json}). */
  static ObjectNode initiated(
      String orderId, String transactionId, String currency, String status, String recommendation) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode authentication = body.putObject("authentication");
    authentication.put("acceptVersions", "3DS2");
    authentication.put("channel", "PAYER_BROWSER");
    authentication.put("purpose", "PAYMENT_TRANSACTION");
    ObjectNode threeDs =
        authentication.putObject("redirect").putObject("customized").putObject("3DS");
    threeDs.put("methodPostData", "e30=");
    threeDs.put("methodUrl", "https://mtf.gateway.mastercard.com/acs/mastercard/v2/empty");
    authentication.put("redirectHtml", "<script id=\"initiate-authentication-script\"></script>");
    authentication.put("version", "3DS2");
    body.put("merchant", MERCHANT);
    ObjectNode order = body.putObject("order");
    order.put("authenticationStatus", status);
    order.put("creationTime", "2025-06-01T12:00:00.375Z");
    order.put("currency", currency);
    order.put("id", orderId);
    order.put("lastUpdatedTime", "2025-06-01T12:00:00.351Z");
    order.put("merchantCategoryCode", "5399");
    order.put("reference", "order-1001");
    order.put("status", "AUTHENTICATION_INITIATED");
    order.put("totalAuthorizedAmount", 0);
    order.put("totalCapturedAmount", 0);
    order.put("totalRefundedAmount", 0);
    ObjectNode response = body.putObject("response");
    response.put(
        "gatewayCode",
        status.equals("AUTHENTICATION_AVAILABLE") ? "AUTHENTICATION_IN_PROGRESS" : "DECLINED");
    response.put("gatewayRecommendation", recommendation);
    body.put("result", "SUCCESS");
    ObjectNode card = body.putObject("sourceOfFunds").putObject("provided").putObject("card");
    card.put("number", "512345xxxxxx0008");
    card.put("scheme", "MASTERCARD");
    ((ObjectNode) body.get("sourceOfFunds")).put("type", "CARD");
    body.put("timeOfLastUpdate", "2025-06-01T12:00:00.351Z");
    body.put("timeOfRecord", "2025-06-01T12:00:00.375Z");
    ObjectNode txn = body.putObject("transaction");
    txn.put("amount", 0);
    txn.put("authenticationStatus", status);
    txn.put("currency", currency);
    txn.put("id", transactionId);
    txn.put("type", "AUTHENTICATION");
    body.put("version", "100");
    return body;
  }

  /**
   * {@code AUTHENTICATE_PAYER}'s answer ({@code authenticate-payer-api.json}): a challenge when
   * {@code status} is {@code AUTHENTICATION_PENDING}, else a frictionless outcome.
   *
   * @param html the redirect snippet, or null
   * @param redirectHtmlField true for version 57's {@code authentication.redirectHtml}, false for
   *     {@code authentication.redirect.html}
   */
  static ObjectNode authenticated(
      String orderId,
      String transactionId,
      Money amount,
      String status,
      String recommendation,
      String html,
      boolean redirectHtmlField) {
    boolean pending = status.equals("AUTHENTICATION_PENDING");
    ObjectNode body = JSON.createObjectNode();
    ObjectNode authentication = body.putObject("authentication");
    authentication.put("payerInteraction", pending ? "REQUIRED" : "NOT_REQUIRED");
    ObjectNode redirect = authentication.putObject("redirect");
    redirect.put("domainName", "mtf.gateway.mastercard.com");
    if (html != null) {
      if (redirectHtmlField) {
        authentication.put("redirectHtml", html);
      } else {
        redirect.put("html", html);
      }
    }
    authentication.put("version", "3DS2");
    ObjectNode device = body.putObject("device");
    device.put("browser", "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0");
    device.put("ipAddress", "203.0.113.7");
    body.put("merchant", MERCHANT);
    ObjectNode order = body.putObject("order");
    order.put("amount", amount.amount());
    order.put("authenticationStatus", status);
    order.put("creationTime", "2025-06-01T12:00:00.378Z");
    order.put("currency", amount.currencyCode());
    order.put("id", orderId);
    order.put("lastUpdatedTime", "2025-06-01T12:00:06.334Z");
    order.put("merchantCategoryCode", "5399");
    order.put("reference", "order-1001");
    order.put("status", pending ? "AUTHENTICATION_INITIATED" : "AUTHENTICATED");
    order.put("totalAuthorizedAmount", 0);
    order.put("totalCapturedAmount", 0);
    order.put("totalRefundedAmount", 0);
    ObjectNode response = body.putObject("response");
    response.put(
        "gatewayCode",
        pending ? "PENDING" : status.equals("AUTHENTICATION_SUCCESSFUL") ? "APPROVED" : "DECLINED");
    response.put("gatewayRecommendation", recommendation);
    body.put(
        "result",
        pending ? "PENDING" : status.equals("AUTHENTICATION_SUCCESSFUL") ? "SUCCESS" : "FAILURE");
    ObjectNode card = body.putObject("sourceOfFunds").putObject("provided").putObject("card");
    card.putObject("expiry").put("month", "1").put("year", "39");
    card.put("number", "512345xxxxxx0008");
    card.put("scheme", "MASTERCARD");
    ((ObjectNode) body.get("sourceOfFunds")).put("type", "CARD");
    body.put("timeOfLastUpdate", "2025-06-01T12:00:06.334Z");
    body.put("timeOfRecord", "2025-06-01T12:00:00.378Z");
    ObjectNode txn = body.putObject("transaction");
    txn.putObject("acquirer").put("merchantId", MERCHANT);
    txn.put("amount", amount.amount());
    txn.put("authenticationStatus", status);
    txn.put("currency", amount.currencyCode());
    txn.put("id", transactionId);
    txn.put("type", "AUTHENTICATION");
    body.put("version", "100");
    return body;
  }

  /** A JSON response as MPGS sends it. */
  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json;charset=UTF-8")
        .withBody(body);
  }
}
