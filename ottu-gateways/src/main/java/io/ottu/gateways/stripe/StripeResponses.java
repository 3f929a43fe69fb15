package io.ottu.gateways.stripe;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads Stripe's answers: PaymentIntent and Refund objects into {@link GatewayResult}s, and error
 * responses into declines or classified {@link GatewayException}s. Thread-safe.
 */
final class StripeResponses {
  /** How long to wait before retrying when Stripe says another request holds the object. */
  static final Duration CONFLICT_RETRY_AFTER = Duration.ofSeconds(1);

  /**
   * The PaymentIntent fields this adapter reads. A PaymentIntent carries some forty; the rest are
   * read through but never built into nodes ({@link HttpReply#json(Set)}).
   */
  static final Set<String> PAYMENT_INTENT_FIELDS =
      Set.of(
          "id",
          "object",
          "status",
          "amount",
          "amount_received",
          "currency",
          "latest_charge",
          "next_action",
          "client_secret",
          "last_payment_error",
          "metadata");

  private final String gatewayId;
  private final DeclineTable declines;
  private final AmountCodec amounts;

  StripeResponses(String gatewayId, DeclineTable declines, AmountCodec amounts) {
    this.gatewayId = gatewayId;
    this.declines = declines;
    this.amounts = amounts;
  }

  /**
   * A PaymentIntent (from a 2xx reply) as a result, by its documented {@code status}.
   *
   * @throws GatewayException {@code UNKNOWN_OUTCOME} if the object has no id, no status, a status
   *     this adapter does not know, or an amount it cannot read
   */
  GatewayResult paymentIntent(HttpReply reply, JsonNode pi) {
    String id = Json.text(pi, "id");
    String status = Json.text(pi, "status");
    if (id == null || status == null || !"payment_intent".equals(Json.text(pi, "object"))) {
      throw reply.unknownOutcome("the response is not a PaymentIntent with an id and a status");
    }
    GatewayResult result =
        switch (status) {
          case "requires_capture" -> GatewayResult.authorized(id, amount(reply, pi, "amount"));
          case "succeeded" -> GatewayResult.captured(id, amount(reply, pi, "amount_received"));
          case "requires_action" -> nextAction(reply, id, pi);
          case "processing", "requires_confirmation" ->
              GatewayResult.pending(id).withAmount(amount(reply, pi, "amount"));
          case "requires_payment_method" -> GatewayResult.declined(id, lastPaymentError(pi));
          case "canceled" -> GatewayResult.cancelled(id).withAmount(amount(reply, pi, "amount"));
          default -> throw reply.unknownOutcome("unknown PaymentIntent status " + status);
        };
    String charge = Json.text(pi, "latest_charge");
    result = result.withRawStatus(status);
    return charge == null ? result : result.withTransactionReference(charge);
  }

  /** A Refund (from a 2xx reply) as a result. */
  GatewayResult refund(HttpReply reply, JsonNode refund, String paymentIntentId) {
    String id = Json.text(refund, "id");
    String status = Json.text(refund, "status");
    if (id == null || status == null || !"refund".equals(Json.text(refund, "object"))) {
      throw reply.unknownOutcome("the response is not a Refund with an id and a status");
    }
    String pi = Json.text(refund, "payment_intent");
    String ref = pi != null ? pi : paymentIntentId;
    Money amount = amount(reply, refund, "amount");
    GatewayResult result =
        switch (status) {
          case "succeeded" -> GatewayResult.refunded(ref, amount);
          case "pending", "requires_action" -> GatewayResult.pending(ref).withAmount(amount);
          case "failed" ->
              GatewayResult.declined(
                      ref,
                      declines.decline(
                          orDefault(Json.text(refund, "failure_reason"), "unknown"),
                          "the refund failed",
                          gatewayId))
                  .withAmount(amount);
          case "canceled" ->
              GatewayResult.declined(
                      ref,
                      declines.decline("refund_canceled", "the refund was canceled", gatewayId))
                  .withAmount(amount);
          default -> throw reply.unknownOutcome("unknown Refund status " + status);
        };
    return result.withRawStatus(status).withTransactionReference(id);
  }

  /**
   * Whether a non-2xx reply is a card error, which Stripe sends as HTTP 402 and which is a decline,
   * not a failure.
   */
  boolean isCardError(HttpReply reply) {
    return "card_error".equals(Json.text(error(reply), "type"));
  }

  /** A card error as a declined result, attributed to the PaymentIntent Stripe created, if any. */
  GatewayResult cardDecline(HttpReply reply) {
    JsonNode error = error(reply);
    JsonNode pi = Json.object(error, "payment_intent");
    String piId = Json.text(pi, "id");
    String code = orDefault(Json.text(error, "decline_code"), Json.text(error, "code"));
    GatewayResult result =
        GatewayResult.declined(
            piId, declines.decline(code, Json.text(error, "message"), gatewayId));
    String status = Json.text(pi, "status");
    return status == null ? result : result.withRawStatus(status);
  }

  /**
   * The classified failure for a non-2xx reply that is not a card error.
   *
   * <ul>
   *   <li>409 {@code idempotency_key_in_use}: our earlier request with this key is still running at
   *       Stripe and may charge. This request was not processed, but the operation's outcome is
   *       unknown: {@code UNKNOWN_OUTCOME} (retry the same key after about a second; never fail
   *       over), not {@code UNAVAILABLE}, whose failover could charge twice.
   *   <li>{@code lock_timeout}: another request held the object; nothing was done: {@code
   *       UNAVAILABLE}.
   *   <li>5xx with {@code Stripe-Should-Retry: true}: Stripe says retrying is safe and useful:
   *       {@code UNAVAILABLE} (DESIGN §2). With {@code false}, or a 500 without the header:
   *       Stripe's idempotency layer stored the failure once execution had started, so the payment
   *       may have moved and a retry replays the same 500: {@code UNKNOWN_OUTCOME}, settle by
   *       lookup.
   *   <li>Other 409s and 424 (a dependency of Stripe failed): {@code UNKNOWN_OUTCOME}.
   *   <li>400 {@code idempotency_error} (the key was used with other parameters): {@code REJECTED}.
   *   <li>The rest by {@link HttpFailures#classify}: 401/403 credentials, 429/503 unavailable,
   *       other 5xx unknown, other 4xx rejected with Stripe's {@code code}.
   * </ul>
   */
  GatewayException failure(HttpReply reply) {
    JsonNode error = error(reply);
    String type = Json.text(error, "type");
    String code = Json.text(error, "code");
    String message = Json.text(error, "message");
    String gatewayCode = code != null ? code : type;
    String shouldRetry = reply.header("Stripe-Should-Retry");
    int status = reply.status();
    String detail = "HTTP " + status + (gatewayCode == null ? "" : " " + gatewayCode);
    if ("idempotency_key_in_use".equals(code)) {
      return HttpFailures.of(
          FailureClass.UNKNOWN_OUTCOME,
          reply,
          detail + ": an earlier request with this Idempotency-Key is still in flight at Stripe",
          code,
          reply.retryAfter().orElse(CONFLICT_RETRY_AFTER));
    }
    if ("lock_timeout".equals(code)) {
      return HttpFailures.of(
          FailureClass.UNAVAILABLE,
          reply,
          detail + ": the object was locked by another request; nothing was done",
          code,
          reply.retryAfter().orElse(CONFLICT_RETRY_AFTER));
    }
    if (status >= 500 && "true".equalsIgnoreCase(shouldRetry)) {
      return HttpFailures.of(
          FailureClass.UNAVAILABLE,
          reply,
          detail + " with Stripe-Should-Retry: true",
          gatewayCode,
          reply.retryAfter().orElse(null));
    }
    if ((status >= 500 && "false".equalsIgnoreCase(shouldRetry))
        || status == 409
        || status == 424) {
      return HttpFailures.of(
          FailureClass.UNKNOWN_OUTCOME,
          reply,
          detail
              + (message == null ? "" : ": " + message)
              + "; the request may have been processed",
          gatewayCode,
          null);
    }
    return HttpFailures.classify(reply, gatewayCode, message);
  }

  /** An amount field of a Stripe object with the object's {@code currency}. */
  Money amount(HttpReply reply, JsonNode object, String field) {
    Long value = Json.longValue(object, field);
    String currency = Json.text(object, "currency");
    if (value == null || currency == null) {
      throw reply.unknownOutcome("the response has no " + field + " and currency");
    }
    try {
      return amounts.fromMinorUnits(value, currency);
    } catch (IllegalArgumentException e) {
      throw reply.unknownOutcome("unreadable " + field + ": " + e.getMessage());
    }
  }

  private GatewayResult nextAction(HttpReply reply, String id, JsonNode pi) {
    JsonNode next = Json.object(pi, "next_action");
    String type = Json.text(next, "type");
    if ("redirect_to_url".equals(type)) {
      String url = Json.text(Json.object(next, "redirect_to_url"), "url");
      if (url != null) {
        return GatewayResult.actionRequired(id, NextAction.redirect(url));
      }
    }
    if ("use_stripe_sdk".equals(type)) {
      // No return_url was sent, so Stripe wants Stripe.js: stripe.handleNextAction({clientSecret}).
      Map<String, String> params = new LinkedHashMap<>();
      params.put("payment_intent", id);
      String secret = Json.text(pi, "client_secret");
      if (secret != null) {
        params.put("client_secret", secret);
      }
      return GatewayResult.actionRequired(
          id, new NextAction(NextAction.Type.THREE_DS_SDK, "", "GET", params));
    }
    String url = type == null ? null : Json.text(Json.object(next, type), "url");
    if (url != null) {
      return GatewayResult.actionRequired(id, NextAction.redirect(url));
    }
    return GatewayResult.pending(id).withAmount(amount(reply, pi, "amount"));
  }

  private Decline lastPaymentError(JsonNode pi) {
    JsonNode error = Json.object(pi, "last_payment_error");
    if (error == null) {
      return declines.decline(
          "requires_payment_method", "no payment method has been confirmed", gatewayId);
    }
    String code = orDefault(Json.text(error, "decline_code"), Json.text(error, "code"));
    return declines.decline(code, Json.text(error, "message"), gatewayId);
  }

  private static JsonNode error(HttpReply reply) {
    return Json.object(reply.jsonOrMissing(), "error");
  }

  private static String orDefault(String value, String fallback) {
    return value != null ? value : fallback;
  }
}
