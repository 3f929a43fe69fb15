package io.ottu.gateways.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.Decline;
import io.ottu.Money;
import io.ottu.NextAction;
import io.ottu.gateway.DeclineTable;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateways.internal.AmountCodec;
import io.ottu.gateways.internal.HttpFailures;
import io.ottu.gateways.internal.HttpReply;
import io.ottu.gateways.internal.Json;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads PayPal's answers: orders (Orders v2), authorizations, captures and refunds (Payments v2)
 * into {@link GatewayResult}s, and error bodies ({@code {name, message, debug_id, details[{issue,
 * description}], links}}) into declines or classified {@link GatewayException}s. Status values and
 * error issues are those of PayPal's OpenAPI specifications ({@code checkout_orders_v2.json} 2.13,
 * {@code payments_payment_v2.json} 2.5). Thread-safe.
 */
final class PayPalResponses {
  /**
   * How long to wait before retrying when PayPal says an earlier request on the resource is still
   * in progress, when it sends no {@code Retry-After}.
   */
  static final Duration IN_PROGRESS_RETRY_AFTER = Duration.ofSeconds(2);

  /**
   * A PayPal error body.
   *
   * @param name the error name ({@code UNPROCESSABLE_ENTITY}, {@code INVALID_REQUEST}, ...)
   * @param message PayPal's message
   * @param debugId PayPal's debug id, to quote to its support
   * @param issue the first detail's {@code issue}, the fine-grained code
   * @param description the first detail's description
   * @param body the whole body, for its links
   */
  record PayPalError(
      String name,
      String message,
      String debugId,
      String issue,
      String description,
      JsonNode body) {
    /** The most specific code: the issue, else the name. */
    String code() {
      return issue != null ? issue : name;
    }

    /** The most specific message: the issue's description, else the message. */
    String text() {
      return description != null ? description : message;
    }
  }

  private final String gatewayId;
  private final DeclineTable declines;
  private final AmountCodec amounts;

  PayPalResponses(String gatewayId, DeclineTable declines, AmountCodec amounts) {
    this.gatewayId = gatewayId;
    this.declines = declines;
    this.amounts = amounts;
  }

  // ---- orders ----------------------------------------------------------------------------------

  /**
   * An order (from a 2xx reply) as the answer about the payment.
   *
   * <ul>
   *   <li>{@code COMPLETED}: the payment's own status decides: the first capture for intent {@code
   *       CAPTURE}, else the first authorization.
   *   <li>{@code PAYER_ACTION_REQUIRED}, {@code CREATED}: the shopper must act at the {@code
   *       payer-action} (3-D Secure, wallet) or {@code approve} link; without a link, pending.
   *   <li>{@code APPROVED}, {@code SAVED}: pending (the adapter authorizes or captures an approved
   *       order itself where it can; a lookup only reports it).
   *   <li>{@code VOIDED}: expired; nothing was charged.
   * </ul>
   *
   * @throws GatewayException {@code UNKNOWN_OUTCOME} for an order without id or status, a status
   *     this adapter does not know, a completed order without payments, or an unreadable amount
   */
  GatewayResult order(HttpReply reply, JsonNode order) {
    String id = Json.text(order, "id");
    String status = Json.text(order, "status");
    if (id == null || status == null) {
      throw reply.unknownOutcome("the response is not an order with an id and a status");
    }
    String ref = PayPalReference.order(id).toString();
    JsonNode unit = order.path("purchase_units").path(0);
    return switch (status) {
      case "COMPLETED" -> completed(reply, id, order, Json.object(unit, "payments"));
      case "PAYER_ACTION_REQUIRED", "CREATED" -> {
        String url = link(order, "payer-action", "approve");
        GatewayResult r =
            url != null
                ? GatewayResult.actionRequired(ref, NextAction.redirect(url))
                : GatewayResult.pending(ref);
        yield withOptionalAmount(reply, r, Json.object(unit, "amount")).withRawStatus(status);
      }
      case "APPROVED", "SAVED" ->
          withOptionalAmount(reply, GatewayResult.pending(ref), Json.object(unit, "amount"))
              .withRawStatus(status);
      case "VOIDED" -> GatewayResult.expired(ref).withRawStatus(status);
      default -> throw reply.unknownOutcome("unknown order status " + status);
    };
  }

  private GatewayResult completed(
      HttpReply reply, String orderId, JsonNode order, JsonNode payments) {
    JsonNode capture = payments == null ? null : first(payments.get("captures"));
    JsonNode authorization = payments == null ? null : first(payments.get("authorizations"));
    String intent = Json.text(order, "intent");
    if (capture != null && ("CAPTURE".equals(intent) || authorization == null)) {
      String captureId = Json.text(capture, "id");
      if (captureId == null) {
        throw reply.unknownOutcome("the order's capture has no id");
      }
      return capture(reply, capture, PayPalReference.capture(orderId, captureId).toString());
    }
    if (authorization != null) {
      return authorization(reply, orderId, authorization);
    }
    throw reply.unknownOutcome(
        "the order is COMPLETED but carries no capture or authorization (was Prefer:"
            + " return=representation honoured?)");
  }

  /** The first authorization of an order, as the answer about the authorization. */
  GatewayResult authorization(HttpReply reply, String orderId, JsonNode authorization) {
    String authId = Json.text(authorization, "id");
    String status = Json.text(authorization, "status");
    if (authId == null || status == null) {
      throw reply.unknownOutcome("the order's authorization has no id or status");
    }
    String ref = PayPalReference.authorization(orderId, authId).toString();
    JsonNode amount = Json.object(authorization, "amount");
    GatewayResult result =
        switch (status) {
          case "CREATED", "CAPTURED", "PARTIALLY_CAPTURED" ->
              // Captured later or not: the authorization itself succeeded.
              GatewayResult.authorized(ref, amount(reply, amount, "authorization amount"));
          case "PENDING" ->
              GatewayResult.pending(ref).withAmount(amount(reply, amount, "authorization amount"));
          case "DENIED" ->
              withOptionalAmount(
                  reply, GatewayResult.declined(ref, decline(authorization, status)), amount);
          case "VOIDED", "EXPIRED" -> GatewayResult.expired(ref);
          default -> throw reply.unknownOutcome("unknown authorization status " + status);
        };
    return result.withRawStatus(status).withTransactionReference(authId);
  }

  /**
   * A capture (of an order, or from {@code POST /v2/payments/authorizations/{id}/capture}) as a
   * result reported under {@code ref}, with the capture id as transaction reference.
   */
  GatewayResult capture(HttpReply reply, JsonNode capture, String ref) {
    String captureId = Json.text(capture, "id");
    String status = Json.text(capture, "status");
    if (captureId == null || status == null) {
      throw reply.unknownOutcome("the response is not a capture with an id and a status");
    }
    JsonNode amount = Json.object(capture, "amount");
    GatewayResult result =
        switch (status) {
          case "COMPLETED", "PARTIALLY_REFUNDED", "REFUNDED" ->
              // Refunded later or not: the capture itself went through.
              GatewayResult.captured(ref, amount(reply, amount, "capture amount"));
          case "PENDING" ->
              GatewayResult.pending(ref).withAmount(amount(reply, amount, "capture amount"));
          case "DECLINED", "FAILED" ->
              withOptionalAmount(
                  reply, GatewayResult.declined(ref, decline(capture, status)), amount);
          default -> throw reply.unknownOutcome("unknown capture status " + status);
        };
    return result.withRawStatus(status).withTransactionReference(captureId);
  }

  /** A refund from {@code POST /v2/payments/captures/{id}/refund} or an order's refund list. */
  GatewayResult refund(HttpReply reply, JsonNode refund, String ref) {
    String refundId = Json.text(refund, "id");
    String status = Json.text(refund, "status");
    if (refundId == null || status == null) {
      throw reply.unknownOutcome("the response is not a refund with an id and a status");
    }
    JsonNode amount = Json.object(refund, "amount");
    GatewayResult result =
        switch (status) {
          case "COMPLETED" -> GatewayResult.refunded(ref, amount(reply, amount, "refund amount"));
          case "PENDING" ->
              GatewayResult.pending(ref).withAmount(amount(reply, amount, "refund amount"));
          case "FAILED", "CANCELLED" ->
              withOptionalAmount(
                  reply,
                  GatewayResult.declined(
                      ref,
                      declines.decline(
                          "REFUND_" + status, "PayPal reports the refund " + status, gatewayId)),
                  amount);
          default -> throw reply.unknownOutcome("unknown refund status " + status);
        };
    return result.withRawStatus(status).withTransactionReference(refundId);
  }

  /**
   * An authorization from {@code POST /v2/payments/authorizations/{id}/void} with {@code Prefer:
   * return=representation}: VOIDED is the cancellation.
   */
  GatewayResult voided(HttpReply reply, JsonNode authorization, String ref) {
    String status = Json.text(authorization, "status");
    if (!"VOIDED".equals(status)) {
      throw reply.unknownOutcome(
          "the void was answered with authorization status " + status + ", not VOIDED");
    }
    GatewayResult result = GatewayResult.cancelled(ref).withRawStatus(status);
    String authId = Json.text(authorization, "id");
    return authId == null ? result : result.withTransactionReference(authId);
  }

  /**
   * The 3-D Secure verdict on an order's card, when the shopper failed authentication ({@code
   * authentication_status} N or R): PayPal advises not to authorize such an order.
   */
  Optional<Decline> failedAuthentication(JsonNode order) {
    JsonNode result = order.path("payment_source").path("card").path("authentication_result");
    String status = Json.text(Json.object(result, "three_d_secure"), "authentication_status");
    if ("N".equals(status) || "R".equals(status)) {
      return Optional.of(
          declines.decline(
              "3DS_AUTHENTICATION_FAILED",
              "3-D Secure authentication_status "
                  + status
                  + ", liability_shift "
                  + Json.text(result, "liability_shift"),
              gatewayId));
    }
    return Optional.empty();
  }

  // ---- errors ----------------------------------------------------------------------------------

  /** The error body of a non-2xx reply (fields null when absent). */
  PayPalError error(HttpReply reply) {
    JsonNode body = reply.jsonOrMissing();
    JsonNode detail = body.path("details").path(0);
    return new PayPalError(
        Json.text(body, "name"),
        Json.text(body, "message"),
        Json.text(body, "debug_id"),
        Json.text(detail, "issue"),
        Json.text(detail, "description"),
        body);
  }

  /**
   * Whether a reply is PayPal's own statement that the resource does not exist: a 404 with {@code
   * RESOURCE_NOT_FOUND} or {@code INVALID_RESOURCE_ID}. A bare 404 (a wrong base URL, a proxy)
   * proves nothing and is not read as "no record".
   */
  boolean isNotFound(HttpReply reply) {
    if (reply.status() != 404) {
      return false;
    }
    PayPalError error = error(reply);
    return "RESOURCE_NOT_FOUND".equals(error.name()) || "INVALID_RESOURCE_ID".equals(error.issue());
  }

  /** Whether a non-2xx reply is a 422 whose issue declines the payment. */
  boolean isDecline(HttpReply reply, PayPalError error) {
    return reply.status() == 422
        && error.issue() != null
        && PayPalDeclines.DECLINE_ISSUES.contains(error.issue());
  }

  /** A 422 decline (or an issue the table steps up) as a declined result. */
  GatewayResult decline(PayPalError error, String ref) {
    return GatewayResult.declined(ref, declines.decline(error.issue(), error.text(), gatewayId))
        .withRawStatus(error.name());
  }

  /**
   * The classified failure for a non-2xx reply that is not a decline.
   *
   * <ul>
   *   <li>409 ({@code RESOURCE_CONFLICT}, {@code PREVIOUS_REQUEST_IN_PROGRESS}): an earlier request
   *       on the resource is still running and may charge: {@code UNKNOWN_OUTCOME} with a retry
   *       delay, so the engine retries with the same {@code PayPal-Request-Id} and never fails
   *       over.
   *   <li>403 ({@code NOT_AUTHORIZED}: {@code PERMISSION_DENIED}, {@code
   *       NOT_ENABLED_FOR_CARD_PROCESSING}): {@code REJECTED} as a credentials problem, with the
   *       issue: the REST app lacks a permission an operator must grant.
   *   <li>The rest by {@link HttpFailures#classify}: 401 credentials; 429 and 503 unavailable (with
   *       {@code Retry-After}); 500 and other 5xx unknown outcome (PayPal advises retrying a 5xx
   *       with the same {@code PayPal-Request-Id}); other 4xx rejected with the issue ({@code
   *       ORDER_NOT_APPROVED}, {@code DUPLICATE_INVOICE_ID}, {@code PREVIOUSLY_CAPTURED}, ...).
   * </ul>
   *
   * <p>Every exception carries PayPal's debug id ({@code PayPal-Debug-Id}, else the body's {@code
   * debug_id}).
   */
  GatewayException failure(HttpReply reply) {
    return failure(reply, error(reply));
  }

  /** As {@link #failure(HttpReply)}, with the error already read. */
  GatewayException failure(HttpReply reply, PayPalError error) {
    int status = reply.status();
    String code = error.code();
    String text = error.text();
    String detail =
        "HTTP " + status + (code == null ? "" : " " + code) + (text == null ? "" : ": " + text);
    GatewayException e;
    if (status == 409) {
      e =
          HttpFailures.of(
              FailureClass.UNKNOWN_OUTCOME,
              reply,
              detail
                  + "; an earlier request on this resource is still in progress at PayPal and may"
                  + " complete",
              code,
              reply.retryAfter().orElse(IN_PROGRESS_RETRY_AFTER));
    } else if (status == 403) {
      e =
          reply.withRequestId(
              new GatewayException(
                  FailureClass.REJECTED,
                  gatewayId,
                  reply.prefix(detail + " (the REST app lacks a permission for this call)"),
                  status,
                  code,
                  null,
                  null,
                  true,
                  null));
    } else {
      e = HttpFailures.classify(reply, code, text);
    }
    if (e.requestId().isEmpty() && error.debugId() != null) {
      e = e.withRequestId(error.debugId());
    }
    return e;
  }

  // ---- amounts and links -----------------------------------------------------------------------

  /**
   * A PayPal money object ({@code {currency_code, value}}, value a decimal string in major units).
   *
   * @throws GatewayException {@code UNKNOWN_OUTCOME} if it is missing or unreadable
   */
  Money amount(HttpReply reply, JsonNode money, String what) {
    String currency = Json.text(money, "currency_code");
    String value = Json.text(money, "value");
    if (currency == null || value == null) {
      throw reply.unknownOutcome("the response has no " + what);
    }
    try {
      return amounts.fromDecimalString(value, currency);
    } catch (IllegalArgumentException e) {
      throw reply.unknownOutcome("unreadable " + what + ": " + e.getMessage());
    }
  }

  private GatewayResult withOptionalAmount(HttpReply reply, GatewayResult r, JsonNode money) {
    return money == null ? r : r.withAmount(amount(reply, money, "amount"));
  }

  /** The {@code href} of the first HATEOAS link with one of {@code rels}, in that order. */
  static String link(JsonNode object, String... rels) {
    JsonNode links = object == null ? null : object.get("links");
    if (links == null || !links.isArray()) {
      return null;
    }
    for (String rel : rels) {
      for (JsonNode l : links) {
        String href = Json.text(l, "href");
        if (rel.equals(Json.text(l, "rel")) && href != null && href.startsWith("https://")) {
          return href;
        }
      }
    }
    return null;
  }

  private Decline decline(JsonNode payment, String status) {
    String code = Json.text(Json.object(payment, "processor_response"), "response_code");
    if (code == null || code.isBlank() || code.equals("0000")) {
      code = status;
    }
    String reason = Json.text(Json.object(payment, "status_details"), "reason");
    return declines.decline(
        code, "PayPal status " + status + (reason == null ? "" : " (" + reason + ")"), gatewayId);
  }

  private static JsonNode first(JsonNode array) {
    return array != null && array.isArray() && array.size() > 0 ? array.get(0) : null;
  }
}
