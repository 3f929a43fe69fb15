package io.ottu.gateways.adyen;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.Decline;
import io.ottu.Money;
import io.ottu.NextAction;
import io.ottu.gateway.DeclineRule;
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
import java.util.Locale;
import java.util.Map;

/**
 * Reads Adyen's answers: {@code PaymentResponse} and {@code PaymentDetailsResponse} into {@link
 * GatewayResult}s by their {@code resultCode}, modification responses ({@code status: received})
 * into pending results, and {@code ServiceError} bodies into classified {@link GatewayException}s.
 * Thread-safe.
 */
final class AdyenResponses {
  /** How long to wait before resending when Adyen says a request with our key is in progress. */
  static final Duration IN_PROGRESS_RETRY_AFTER = Duration.ofSeconds(1);

  private final String gatewayId;
  private final DeclineTable declines;
  private final AmountCodec amounts;

  AdyenResponses(String gatewayId, DeclineTable declines, AmountCodec amounts) {
    this.gatewayId = gatewayId;
    this.declines = declines;
    this.amounts = amounts;
  }

  /**
   * A {@code /payments} or {@code /payments/details} answer (from a 2xx reply) as a result.
   *
   * @param reference the merchant reference we sent, or null when unknown; stands in as the gateway
   *     reference when Adyen has not assigned a {@code pspReference} yet (Adyen gives it only in
   *     the {@code /payments/details} answer for some actions)
   * @param capture whether the payment was sent for immediate capture ({@code captureDelayHours:
   *     0}), which makes {@code Authorised} a capture
   * @throws GatewayException {@code UNKNOWN_OUTCOME} when the answer cannot be read or names
   *     another payment; {@code REJECTED} for the authentication-only result codes this adapter
   *     never asks for
   */
  GatewayResult payment(HttpReply reply, JsonNode body, String reference, boolean capture) {
    String resultCode = Json.text(body, "resultCode");
    if (resultCode == null) {
      throw reply.unknownOutcome("the response has no resultCode");
    }
    String merchantReference = Json.text(body, "merchantReference");
    if (reference != null && merchantReference != null && !merchantReference.equals(reference)) {
      throw reply.unknownOutcome(
          "the answer is about merchant reference "
              + merchantReference
              + ", not "
              + reference
              + "; it cannot be applied to this payment");
    }
    String psp = Json.text(body, "pspReference");
    String ref = psp != null ? psp : reference;
    Money amount = amount(reply, body, "amount");
    GatewayResult result =
        switch (resultCode) {
          case "Authorised", "PartiallyAuthorised" -> {
            if (psp == null) {
              throw reply.unknownOutcome(resultCode + " without a pspReference");
            }
            // PartiallyAuthorised reports the smaller amount, which the engine's integrity check
            // refuses: this adapter never asks for partial authorisation.
            yield capture
                ? GatewayResult.captured(psp, amount)
                : GatewayResult.authorized(psp, amount);
          }
          case "Refused" ->
              GatewayResult.declined(psp, decline(body, "Refused")).withAmount(amount);
          case "Error" -> GatewayResult.declined(psp, decline(body, "Error")).withAmount(amount);
          case "Cancelled" ->
              GatewayResult.declined(psp, decline(body, "Cancelled")).withAmount(amount);
          case "RedirectShopper", "IdentifyShopper", "ChallengeShopper", "PresentToShopper" -> {
            if (ref == null) {
              throw reply.unknownOutcome(resultCode + " without a pspReference or reference");
            }
            yield GatewayResult.actionRequired(ref, nextAction(reply, body, resultCode))
                .withAmount(amount);
          }
          case "Pending", "Received" -> GatewayResult.pending(ref).withAmount(amount);
          case "AuthenticationFinished", "AuthenticationNotRequired" ->
              throw HttpFailures.of(
                  FailureClass.REJECTED,
                  reply,
                  resultCode
                      + " is an authentication-only result; this adapter asks Adyen to authorise,"
                      + " so nothing was authorised: check the merchant account's 3-D Secure"
                      + " settings",
                  resultCode,
                  null);
          default ->
              // "Success" and anything newer: not a documented answer to a card authorisation, so
              // what happened to the money cannot be told from it.
              throw reply.unknownOutcome(
                  "resultCode " + resultCode + " is not a card payment result");
        };
    return result.withRawStatus(resultCode);
  }

  /**
   * A capture, cancel or refund answer (from a 2xx reply): Adyen only acknowledges a modification
   * ({@code status: received}); its outcome arrives by webhook, so the result is pending.
   *
   * @param paymentPspReference the payment's pspReference, or null for a cancel by merchant
   *     reference
   * @param paymentReference our merchant reference, or null; checked against a cancel by merchant
   *     reference, and the result's gateway reference when there is no pspReference
   * @param amountField whether the answer carries the modification's {@code amount}
   * @throws GatewayException {@code UNKNOWN_OUTCOME} when the answer is not an acknowledgement of
   *     this payment's modification
   */
  GatewayResult modification(
      HttpReply reply,
      JsonNode body,
      String paymentPspReference,
      String paymentReference,
      boolean amountField) {
    String status = Json.text(body, "status");
    String psp = Json.text(body, "pspReference");
    if (!"received".equals(status) || psp == null) {
      throw reply.unknownOutcome(
          "expected status received with the modification's pspReference, got status " + status);
    }
    String aboutPsp = Json.text(body, "paymentPspReference");
    String aboutReference = Json.text(body, "paymentReference");
    if (paymentPspReference != null && aboutPsp != null && !aboutPsp.equals(paymentPspReference)) {
      throw reply.unknownOutcome(
          "the acknowledgement is about payment " + aboutPsp + ", not " + paymentPspReference);
    }
    if (paymentPspReference == null
        && paymentReference != null
        && aboutReference != null
        && !aboutReference.equals(paymentReference)) {
      throw reply.unknownOutcome(
          "the acknowledgement is about payment reference "
              + aboutReference
              + ", not "
              + paymentReference);
    }
    String payment =
        paymentPspReference != null
            ? paymentPspReference
            : aboutPsp != null ? aboutPsp : paymentReference;
    GatewayResult result =
        GatewayResult.pending(payment).withTransactionReference(psp).withRawStatus(status);
    return amountField ? result.withAmount(amount(reply, body, "amount")) : result;
  }

  /**
   * The classified failure for a non-2xx reply, from Adyen's {@code ServiceError} body ({@code
   * status, errorCode, message, errorType, pspReference}); the error's {@code pspReference} becomes
   * the request id to quote to Adyen.
   *
   * <ul>
   *   <li>409: Adyen's "request already processed or in progress" for our Idempotency-Key. This
   *       request did nothing, but the earlier one with the same key may still charge: {@code
   *       UNKNOWN_OUTCOME}, retry the same key after a second when Adyen marks it {@code
   *       Transient-Error: true}; never fail over. A 422 with error code 704 (the same condition's
   *       error code) is treated alike.
   *   <li>401 and 403 ({@code errorType: security}, e.g. 901 Invalid Merchant Account): {@code
   *       REJECTED}, credentials problem.
   *   <li>429 and 503: {@code UNAVAILABLE} with {@code Retry-After}.
   *   <li>500 and every other 5xx: {@code UNKNOWN_OUTCOME}. Adyen says a 500 can also mean an
   *       invalid request, but nothing in the answer guarantees that nothing was processed.
   *   <li>400, 404, 422 and other 4xx: {@code REJECTED} with Adyen's {@code errorCode} (for example
   *       {@code 14_030} Return URL is missing).
   * </ul>
   */
  GatewayException failure(HttpReply reply) {
    JsonNode error = reply.jsonOrMissing();
    String code = Json.text(error, "errorCode");
    String message = Json.text(error, "message");
    String psp = Json.text(error, "pspReference");
    int status = reply.status();
    GatewayException e;
    if (status == 409 || (status == 422 && "704".equals(code))) {
      boolean transientError = "true".equalsIgnoreCase(reply.header("Transient-Error"));
      e =
          HttpFailures.of(
              FailureClass.UNKNOWN_OUTCOME,
              reply,
              "HTTP "
                  + status
                  + (code == null ? "" : " " + code)
                  + (message == null ? "" : ": " + message)
                  + "; a request with this Idempotency-Key is already processed or in progress at"
                  + " Adyen",
              code,
              reply.retryAfter().orElse(transientError ? IN_PROGRESS_RETRY_AFTER : null));
    } else {
      e = HttpFailures.classify(reply, code, message);
    }
    return psp == null ? e : e.withRequestId(psp);
  }

  /** The {@code {currency, value}} object {@code field} of {@code body}, or null when absent. */
  Money amount(HttpReply reply, JsonNode body, String field) {
    JsonNode amount = Json.object(body, field);
    if (amount == null) {
      return null;
    }
    Long value = Json.longValue(amount, "value");
    String currency = Json.text(amount, "currency");
    if (value == null || currency == null) {
      throw reply.unknownOutcome("the response's " + field + " has no value and currency");
    }
    try {
      return amounts.fromMinorUnits(value, currency);
    } catch (IllegalArgumentException e) {
      throw reply.unknownOutcome("unreadable " + field + ": " + e.getMessage());
    }
  }

  private Decline decline(JsonNode body, String resultCode) {
    String code = Json.text(body, "refusalReasonCode");
    String message = Json.text(body, "refusalReason");
    if (code == null || code.isBlank() || code.strip().equals("0")) {
      return declines.decline(resultCode, message, gatewayId);
    }
    if (resultCode.equals("Refused")) {
      return declines.decline(code, message, gatewayId);
    }
    // Error and Cancelled say what kind of failure it was; a code without a row keeps that meaning
    // instead of falling to the table's default.
    DeclineRule rule = declines.find(code).orElse(declines.rule(resultCode));
    return rule.toDecline(code, message, gatewayId);
  }

  /**
   * The shopper's next step from Adyen's {@code action}. A {@code redirect} is a browser redirect
   * with Adyen's {@code method} and, for POST, its {@code data} as form fields. Every other type
   * ({@code threeDS2} fingerprint or challenge, {@code sdk}, {@code await}, ...) is for Adyen's
   * client components: {@link NextAction.Type#THREE_DS_SDK} with the action's fields as parameters
   * ({@code type}, {@code subtype}, {@code token}, {@code paymentData}, {@code authorisationToken},
   * ...), so the front end can rebuild the action object and call {@code createFromAction}.
   */
  private NextAction nextAction(HttpReply reply, JsonNode body, String resultCode) {
    JsonNode action = Json.object(body, "action");
    String type = Json.text(action, "type");
    if (type == null) {
      throw reply.unknownOutcome(resultCode + " without an action object");
    }
    if (type.equals("redirect")) {
      String url = Json.text(action, "url");
      if (url == null || url.isBlank()) {
        throw reply.unknownOutcome("a redirect action without a url");
      }
      String method = Json.text(action, "method");
      method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
      if (!method.equals("GET") && !method.equals("POST")) {
        throw reply.unknownOutcome("a redirect action with method " + method);
      }
      return new NextAction(NextAction.Type.REDIRECT, url, method, scalars(action.get("data")));
    }
    Map<String, String> params = scalars(action);
    params.remove("url");
    String url = Json.text(action, "url");
    return new NextAction(NextAction.Type.THREE_DS_SDK, url == null ? "" : url, "GET", params);
  }

  private static Map<String, String> scalars(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || !node.isObject()) {
      return out;
    }
    for (Map.Entry<String, JsonNode> f : node.properties()) {
      if (!f.getValue().isNull() && !f.getValue().isContainerNode()) {
        out.put(f.getKey(), f.getValue().asText());
      }
    }
    return out;
  }
}
