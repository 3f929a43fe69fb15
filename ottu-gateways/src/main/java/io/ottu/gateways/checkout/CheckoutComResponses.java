package io.ottu.gateways.checkout;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads Checkout.com's answers: payment responses ({@code PaymentResponse} on 201, {@code
 * PaymentAcceptedResponse} on 202, {@code PaymentDetails} from {@code GET /payments/{id}}), payment
 * actions, the 202 of captures, voids and refunds, and the {@code ValidationError} error shape.
 * Thread-safe.
 */
final class CheckoutComResponses {
  /**
   * The raw decline code used when Checkout.com reports a payment {@code Declined} without any
   * {@code response_code} (for example a failed 3-D Secure authentication that never reached the
   * issuer); the default table maps it to a hard {@code OTHER}.
   */
  static final String NO_RESPONSE_CODE = "declined";

  /**
   * How long to wait before asking again after a 409: the earlier request with the same key is
   * still being processed, which usually takes as long as the issuer takes to answer. Short on
   * purpose: another 409 is harmless, and by default the engine looks the payment up instead of
   * re-sending at all (Checkout.com's advice to wait 30 seconds concerns re-sending after a network
   * failure, which is what the lookup replaces).
   */
  static final Duration CONFLICT_RETRY_AFTER = Duration.ofSeconds(2);

  /** Statuses whose payment has reached the issuer and was approved. */
  private static final Set<String> APPROVED_STATUSES =
      Set.of("Authorized", "Card Verified", "Captured", "Partially Captured", "Paid");

  private final String gatewayId;
  private final DeclineTable declines;
  private final AmountCodec amounts;

  CheckoutComResponses(String gatewayId, DeclineTable declines, AmountCodec amounts) {
    this.gatewayId = gatewayId;
    this.declines = declines;
    this.amounts = amounts;
  }

  // ---- payments --------------------------------------------------------------------------------

  /**
   * The answer to {@code POST /payments} with a 2xx status: 202 is a payment waiting for the
   * shopper (3-D Secure) or for an asynchronous result, anything else a processed payment.
   *
   * @param capture whether the request asked for capture (a purchase)
   */
  GatewayResult created(HttpReply reply, boolean capture) {
    JsonNode body = reply.json();
    if (reply.status() == 202) {
      return accepted(reply, body, capture);
    }
    return payment(reply, body, capture, null);
  }

  /**
   * A payment object (201 {@code PaymentResponse} or {@code PaymentDetails}) as a result, by its
   * documented {@code status}.
   *
   * @param capture whether the payment was requested with capture: an {@code Authorized} purchase
   *     is {@code PENDING} until Checkout.com's automatic capture has run
   * @param actions the payment's actions when the caller fetched them to explain a decline, or null
   * @throws GatewayException {@code UNKNOWN_OUTCOME} if the object has no id or status, a status
   *     this adapter does not know, an approval flag that contradicts the status, or an amount it
   *     cannot read
   */
  GatewayResult payment(HttpReply reply, JsonNode p, boolean capture, JsonNode actions) {
    String id = Json.text(p, "id");
    String status = Json.text(p, "status");
    if (id == null || status == null) {
      throw reply.unknownOutcome("the response is not a payment with an id and a status");
    }
    JsonNode approvedNode = p.get("approved");
    if (approvedNode != null && approvedNode.isBoolean()) {
      boolean approved = approvedNode.asBoolean();
      if ((approved && "Declined".equals(status))
          || (!approved && APPROVED_STATUSES.contains(status))) {
        throw reply.unknownOutcome(
            "the payment says approved=" + approved + " and status " + status);
      }
    }
    GatewayResult result =
        switch (status) {
          case "Authorized", "Card Verified" ->
              capture
                  // Checkout.com captures a capture:true payment asynchronously after authorizing
                  // it; until then nothing was captured, and reporting AUTHORIZED would make the
                  // engine send a second, explicit capture.
                  ? GatewayResult.pending(id).withAmount(amount(reply, p))
                  : GatewayResult.authorized(id, amount(reply, p));
          case "Captured", "Paid", "Partially Captured" ->
              GatewayResult.captured(id, balance(reply, p, "total_captured"));
          case "Pending", "Authentication Requested" -> waiting(reply, id, p);
          case "Retry Scheduled", "Requested", "Active" ->
              withOptionalAmount(GatewayResult.pending(id), reply, p);
          case "Declined" ->
              withOptionalAmount(GatewayResult.declined(id, decline(p, actions)), reply, p);
          case "Voided", "Canceled" -> withOptionalAmount(GatewayResult.cancelled(id), reply, p);
          case "Expired" -> withOptionalAmount(GatewayResult.expired(id), reply, p);
          case "Refunded", "Partially Refunded" ->
              GatewayResult.refunded(id, balance(reply, p, "total_refunded"));
          default -> throw reply.unknownOutcome("unknown payment status " + status);
        };
    result = result.withRawStatus(status);
    String actionId = Json.text(p, "action_id");
    return actionId == null ? result : result.withTransactionReference(actionId);
  }

  /**
   * Whether a payment object is declined without saying why, so that its actions must be fetched to
   * find the issuer's response code.
   */
  boolean declinedWithoutCode(JsonNode p) {
    return "Declined".equals(Json.text(p, "status")) && responseCode(p, null) == null;
  }

  private GatewayResult accepted(HttpReply reply, JsonNode body, boolean capture) {
    String id = Json.text(body, "id");
    String status = Json.text(body, "status");
    if (id == null || status == null) {
      throw reply.unknownOutcome("the 202 response is not a payment with an id and a status");
    }
    if (!"Pending".equals(status) && !"Authentication Requested".equals(status)) {
      // A 202 documents only Pending; anything else is read as a processed payment would be.
      return payment(reply, body, capture, null);
    }
    return waiting(reply, id, body).withRawStatus(status);
  }

  private GatewayResult waiting(HttpReply reply, String id, JsonNode p) {
    String redirect = Json.text(Json.object(Json.object(p, "_links"), "redirect"), "href");
    if (redirect != null && !redirect.isBlank()) {
      return GatewayResult.actionRequired(id, NextAction.redirect(redirect));
    }
    return withOptionalAmount(GatewayResult.pending(id), reply, p);
  }

  private Decline decline(JsonNode p, JsonNode actions) {
    String[] code = responseCode(p, actions);
    if (code == null) {
      return declines.decline(NO_RESPONSE_CODE, "declined without a response code", gatewayId);
    }
    return declines.decline(code[0], code[1], gatewayId);
  }

  /**
   * The response code and summary of a declined payment: its own fields (201), else the newest
   * authorization in its {@code actions} summary (details fetched by session id) or in {@code
   * fetched} (the payment's actions); null when none says.
   */
  private static String[] responseCode(JsonNode p, JsonNode fetched) {
    String code = Json.text(p, "response_code");
    if (code != null) {
      return new String[] {code, Json.text(p, "response_summary")};
    }
    for (JsonNode list : new JsonNode[] {p.get("actions"), fetched}) {
      if (list == null || !list.isArray()) {
        continue;
      }
      // Actions are listed newest first.
      for (JsonNode action : list) {
        String type = Json.text(action, "type");
        String actionCode = Json.text(action, "response_code");
        if (actionCode != null
            && ("Authorization".equals(type) || "Card Verification".equals(type))) {
          return new String[] {actionCode, Json.text(action, "response_summary")};
        }
      }
    }
    return null;
  }

  // ---- payment actions -----------------------------------------------------------------------

  /**
   * The 202 of a capture, void or refund: accepted for asynchronous processing, so pending, with
   * the action's id as the transaction reference.
   */
  GatewayResult actionAccepted(HttpReply reply, String paymentId) {
    JsonNode body = reply.json();
    String actionId = Json.text(body, "action_id");
    GatewayResult result = GatewayResult.pending(paymentId).withRawStatus("Accepted");
    return actionId == null ? result : result.withTransactionReference(actionId);
  }

  /**
   * One entry of {@code GET /payments/{id}/actions} as the result of the follow-up it records.
   *
   * @param type {@code Capture}, {@code Refund} or {@code Void}
   * @param currency the payment's currency (actions carry only an amount)
   */
  GatewayResult action(
      HttpReply reply, JsonNode action, String paymentId, String type, String currency) {
    String actionId = Json.text(action, "id");
    Money amount = null;
    Long value = Json.longValue(action, "amount");
    if (value != null) {
      amount = money(reply, value, currency, "amount");
    }
    JsonNode approved = action.get("approved");
    GatewayResult result;
    if (approved == null || !approved.isBoolean()) {
      result = GatewayResult.pending(paymentId);
    } else if (!approved.asBoolean()) {
      String code = Json.text(action, "response_code");
      result =
          GatewayResult.declined(
              paymentId,
              declines.decline(
                  code == null ? NO_RESPONSE_CODE : code,
                  Json.text(action, "response_summary"),
                  gatewayId));
    } else {
      result =
          switch (type) {
            case "Capture" -> GatewayResult.captured(paymentId, amount);
            case "Refund" -> GatewayResult.refunded(paymentId, amount);
            default -> GatewayResult.cancelled(paymentId);
          };
    }
    if (amount != null) {
      result = result.withAmount(amount);
    }
    result = result.withRawStatus(type + (approved == null ? "" : " approved=" + approved));
    return actionId == null ? result : result.withTransactionReference(actionId);
  }

  // ---- errors --------------------------------------------------------------------------------

  /**
   * The classified failure for a non-2xx reply.
   *
   * <ul>
   *   <li>409: an earlier request with the same {@code Cko-Idempotency-Key} is still being
   *       processed (Checkout.com answered 429 for this before). This one was not processed, but
   *       the operation's outcome is unknown: {@code UNKNOWN_OUTCOME} with a short retry delay,
   *       never {@code UNAVAILABLE}, whose failover could charge twice.
   *   <li>403 and 404 on a capture, void or refund: the action is not allowed in the payment's
   *       state, or the payment does not exist: {@code REJECTED}, not a credentials problem.
   *   <li>The rest by {@link HttpFailures#classify}: 401 (and 403 elsewhere) credentials, 429 and
   *       503 unavailable, 502 and other 5xx unknown outcome, 422 and other 4xx rejected with the
   *       first of Checkout.com's {@code error_codes}.
   * </ul>
   *
   * @param followUp {@code capture}, {@code void} or {@code refund}, or null for payments and reads
   */
  GatewayException failure(HttpReply reply, String followUp) {
    JsonNode body = reply.jsonOrMissing();
    String errorType = Json.text(body, "error_type");
    List<String> codes = new ArrayList<>();
    JsonNode list = body.get("error_codes");
    if (list != null && list.isArray()) {
      for (JsonNode c : list) {
        if (c.isTextual()) {
          codes.add(c.asText());
        }
      }
    }
    String code = codes.isEmpty() ? errorType : codes.get(0);
    String message = (errorType == null ? "" : errorType) + (codes.isEmpty() ? "" : " " + codes);
    int status = reply.status();
    GatewayException e;
    if (status == 409) {
      e =
          HttpFailures.of(
              FailureClass.UNKNOWN_OUTCOME,
              reply,
              "HTTP 409: an earlier request with this Cko-Idempotency-Key is still being processed",
              code,
              reply.retryAfter().orElse(CONFLICT_RETRY_AFTER));
    } else if (followUp != null && (status == 403 || status == 404)) {
      String fallback = status == 403 ? followUp + "_not_allowed" : "payment_not_found";
      e =
          HttpFailures.of(
              FailureClass.REJECTED,
              reply,
              "HTTP "
                  + status
                  + (status == 403
                      ? ": Checkout.com does not allow this " + followUp + " on the payment"
                      : ": Checkout.com has no such payment")
                  + (message.isBlank() ? "" : " (" + message.strip() + ")"),
              code == null ? fallback : code,
              null);
    } else {
      e = HttpFailures.classify(reply, code, message.isBlank() ? null : message.strip());
    }
    String bodyRequestId = Json.text(body, "request_id");
    if (e.requestId().isEmpty() && bodyRequestId != null) {
      e = e.withRequestId(bodyRequestId);
    }
    return e;
  }

  // ---- amounts -------------------------------------------------------------------------------

  /** The payment's {@code amount} in its {@code currency}. */
  Money amount(HttpReply reply, JsonNode p) {
    Long value = Json.longValue(p, "amount");
    String currency = Json.text(p, "currency");
    if (value == null || currency == null) {
      throw reply.unknownOutcome("the payment has no amount and currency");
    }
    return money(reply, value, currency, "amount");
  }

  /**
   * A balance of the payment ({@code balances.total_captured}, {@code total_refunded}) when
   * Checkout.com reports one above zero, otherwise the payment's amount.
   */
  private Money balance(HttpReply reply, JsonNode p, String field) {
    Long value = Json.longValue(Json.object(p, "balances"), field);
    String currency = Json.text(p, "currency");
    if (value != null && value > 0 && currency != null) {
      return money(reply, value, currency, "balances." + field);
    }
    return amount(reply, p);
  }

  private GatewayResult withOptionalAmount(GatewayResult result, HttpReply reply, JsonNode p) {
    if (Json.longValue(p, "amount") == null || Json.text(p, "currency") == null) {
      return result;
    }
    return result.withAmount(amount(reply, p));
  }

  private Money money(HttpReply reply, long value, String currency, String field) {
    try {
      return amounts.fromMinorUnits(value, currency);
    } catch (IllegalArgumentException e) {
      throw reply.unknownOutcome("unreadable " + field + ": " + e.getMessage());
    }
  }
}
