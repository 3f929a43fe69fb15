package io.ottu.gateways.tap;

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
import java.util.Locale;
import java.util.Set;

/**
 * Reads Tap's answers: charge and authorize objects, refund objects and token objects into {@link
 * GatewayResult}s, and error responses ({@code {"errors":[{"code":"1144","description":"Charge not
 * found"}]}}) into declines or classified {@link GatewayException}s. Thread-safe.
 */
final class TapResponses {
  /** Error codes that mean our key was refused (developers.tap.company, "Error Codes"). */
  private static final Set<String> CREDENTIAL_CODES =
      Set.of("1101", "2103", "2104", "2105", "2106", "2107", "2108");

  /** Error codes that mean the object asked for does not exist. */
  private static final Set<String> NOT_FOUND_CODES = Set.of("1115", "1144", "1160");

  private final String gatewayId;
  private final DeclineTable declines;
  private final AmountCodec amounts;

  TapResponses(String gatewayId, DeclineTable declines, AmountCodec amounts) {
    this.gatewayId = gatewayId;
    this.declines = declines;
    this.amounts = amounts;
  }

  /**
   * A charge or authorize object (Tap gives both the same shape) as a result, by its documented
   * {@code status}.
   *
   * <ul>
   *   <li>{@code CAPTURED} captured; {@code AUTHORIZED} authorized; {@code VOID} cancelled;
   *   <li>{@code INITIATED} (and {@code IN_PROGRESS}, Fawry's waiting state) with a {@code
   *       transaction.url}: the shopper must go there (KNET, Benefit, mada, the hosted page, 3-D
   *       Secure); without one, pending;
   *   <li>{@code ABANDONED}, {@code CANCELLED}, {@code FAILED}, {@code DECLINED}, {@code
   *       RESTRICTED}: declined, through the {@link DeclineTable} with {@code response.code};
   *   <li>{@code TIMEDOUT} and {@code UNKNOWN}: {@code UNKNOWN_OUTCOME}. Tap lists them with the
   *       failures, but their names say what they are: the acquirer or issuer leg did not answer
   *       and Tap does not know whether money moved. A decline would let the engine cascade to
   *       another gateway and charge the shopper twice; the payment stays unknown until a lookup
   *       (or Tap's webhook, or an operator) settles it.
   * </ul>
   *
   * @param authorizationId when the object is the charge that captures this authorization, its id:
   *     the result then names the authorization as the payment and the charge as the operation
   * @throws GatewayException {@code UNKNOWN_OUTCOME} for an object without id or status, with an
   *     unknown status or an unreadable amount, or in {@code TIMEDOUT}/{@code UNKNOWN}
   */
  GatewayResult charge(HttpReply reply, JsonNode object, String authorizationId) {
    String id = Json.text(object, "id");
    String status = upper(Json.text(object, "status"));
    if (id == null || id.isBlank() || status == null) {
      throw reply.unknownOutcome("the response is not a charge or authorize with an id and status");
    }
    String ref = authorizationId != null ? authorizationId : id;
    JsonNode response = Json.object(object, "response");
    String code = Json.text(response, "code");
    String message = Json.text(response, "message");
    GatewayResult result =
        switch (status) {
          case "CAPTURED" -> GatewayResult.captured(ref, amount(reply, object));
          case "AUTHORIZED" -> GatewayResult.authorized(ref, amount(reply, object));
          case "VOID" -> GatewayResult.cancelled(ref).withAmount(amount(reply, object));
          case "INITIATED", "IN_PROGRESS" -> {
            String url = Json.text(Json.object(object, "transaction"), "url");
            GatewayResult waiting =
                url == null || url.isBlank()
                    ? GatewayResult.pending(ref)
                    : GatewayResult.actionRequired(ref, NextAction.redirect(url));
            yield waiting.withAmount(amount(reply, object));
          }
          case "ABANDONED", "CANCELLED", "FAILED", "DECLINED", "RESTRICTED" ->
              GatewayResult.declined(ref, decline(code, status, message));
          case "TIMEDOUT", "UNKNOWN" ->
              throw HttpFailures.of(
                  FailureClass.UNKNOWN_OUTCOME,
                  reply,
                  kind(object)
                      + " "
                      + id
                      + " is "
                      + status
                      + (code == null
                          ? ""
                          : " (" + code + (message == null ? "" : " " + message) + ")")
                      + ": Tap does not know whether the payment went through; it must be"
                      + " reconciled, never retried elsewhere",
                  code,
                  null);
          default -> throw reply.unknownOutcome("unknown " + kind(object) + " status " + status);
        };
    result = result.withRawStatus(status);
    return authorizationId != null ? result.withTransactionReference(id) : result;
  }

  /**
   * A refund object as a result: {@code REFUNDED} refunded; {@code PENDING}, {@code IN_PROGRESS}
   * and {@code ACCEPTED} (refund logic v2) pending; {@code CANCELLED}, {@code FAILED}, {@code
   * DECLINED}, {@code RESTRICTED} declined by the refund response code; {@code TIMEDOUT} and {@code
   * UNKNOWN} an unknown outcome, as for charges.
   *
   * @param paymentReference the payment's gateway reference, which the result names
   */
  GatewayResult refund(HttpReply reply, JsonNode refund, String paymentReference) {
    String id = Json.text(refund, "id");
    String status = upper(Json.text(refund, "status"));
    if (id == null || id.isBlank() || status == null) {
      throw reply.unknownOutcome("the response is not a refund with an id and status");
    }
    JsonNode response = Json.object(refund, "response");
    String code = Json.text(response, "code");
    String message = Json.text(response, "message");
    GatewayResult result =
        switch (status) {
          case "REFUNDED" -> GatewayResult.refunded(paymentReference, amount(reply, refund));
          case "PENDING", "IN_PROGRESS", "ACCEPTED" ->
              GatewayResult.pending(paymentReference).withAmount(amount(reply, refund));
          case "CANCELLED", "FAILED", "DECLINED", "RESTRICTED", "RESTRICRTED" ->
              GatewayResult.declined(
                  paymentReference,
                  declines.decline(
                      code == null ? "refund-" + status.toLowerCase(Locale.ROOT) : "refund-" + code,
                      message == null
                          ? "the refund was " + status.toLowerCase(Locale.ROOT)
                          : message,
                      gatewayId));
          case "TIMEDOUT", "TIMED_OUT", "UNKNOWN" ->
              throw HttpFailures.of(
                  FailureClass.UNKNOWN_OUTCOME,
                  reply,
                  "refund "
                      + id
                      + " is "
                      + status
                      + ": Tap does not know whether the refund went through; it must be"
                      + " reconciled",
                  code,
                  null);
          default -> throw reply.unknownOutcome("unknown refund status " + status);
        };
    return result.withRawStatus(status).withTransactionReference(id);
  }

  /**
   * Whether a non-2xx reply still carries a charge or authorize object, which is then Tap's answer
   * about the payment rather than an error.
   */
  static boolean carriesObject(HttpReply reply) {
    JsonNode body = reply.jsonOrMissing();
    return Json.text(body, "id") != null && Json.text(body, "status") != null;
  }

  /**
   * A card-validation error (wrong number, expiry or CVC) as a hard decline, or null for every
   * other error.
   */
  GatewayResult cardValidationDecline(HttpReply reply) {
    JsonNode error = firstError(reply);
    String code = Json.text(error, "code");
    if (!TapDeclines.isCardValidationError(code)) {
      return null;
    }
    return GatewayResult.declined(
        null, declines.decline(code, Json.text(error, "description"), gatewayId));
  }

  /** Whether an error reply says the object asked for does not exist. */
  static boolean isNotFound(HttpReply reply) {
    if (reply.status() == 404) {
      return true;
    }
    JsonNode error = firstError(reply);
    return reply.status() == 400 && NOT_FOUND_CODES.contains(Json.text(error, "code"));
  }

  /**
   * Whether an error reply to a list call means "nothing in this period": Tap answers an empty
   * result with HTTP 400 and a description such as {@code Charges not found}.
   */
  static boolean isEmptyList(HttpReply reply) {
    if (reply.status() != 400 && reply.status() != 404) {
      return false;
    }
    JsonNode error = firstError(reply);
    String description = Json.text(error, "description");
    return NOT_FOUND_CODES.contains(Json.text(error, "code"))
        || (description != null && description.toLowerCase(Locale.ROOT).contains("not found"));
  }

  /**
   * The classified failure for an error reply that carries no answer about the payment.
   *
   * <ul>
   *   <li>Codes {@code 1101} and {@code 2103}-{@code 2108} (key and environment mismatched, invalid
   *       or missing key, publishable key used, permission missing), and HTTP 401/403: {@code
   *       REJECTED}, a credentials problem.
   *   <li>Code {@code 2101} ("The server is currently unavailable (overloaded or down)"), HTTP 429
   *       ("Too many requests") and 503: Tap says it did not do the work: {@code UNAVAILABLE}, with
   *       {@code Retry-After} when given.
   *   <li>Code {@code 1151} ("Gateway timed out") and {@code 9999} ("Internal server error"), and
   *       HTTP 409 ("The request conflicts with another request", such as one still running with
   *       the same idempotent string): {@code UNKNOWN_OUTCOME}, whatever the HTTP status, because
   *       the charge may exist.
   *   <li>The rest by {@link HttpFailures#classify}: other 5xx unknown, other 4xx rejected with
   *       Tap's code.
   * </ul>
   */
  GatewayException failure(HttpReply reply) {
    JsonNode error = firstError(reply);
    String code = Json.text(error, "code");
    String description = Json.text(error, "description");
    if (description == null) {
      description = Json.text(reply.jsonOrMissing(), "message");
    }
    String detail =
        "HTTP "
            + reply.status()
            + (code == null ? "" : " " + code)
            + (description == null ? "" : ": " + description);
    if (code != null && CREDENTIAL_CODES.contains(code)) {
      return reply.withRequestId(
          new GatewayException(
              FailureClass.REJECTED,
              gatewayId,
              reply.prefix(detail + "; check the secret key"),
              reply.status(),
              code,
              null,
              null,
              true,
              null));
    }
    if ("2101".equals(code) || reply.status() == 429 || reply.status() == 503) {
      return HttpFailures.of(
          FailureClass.UNAVAILABLE,
          reply,
          detail + "; Tap did not process the request",
          code,
          reply.retryAfter().orElse(null));
    }
    if ("1151".equals(code) || "9999".equals(code) || reply.status() == 409) {
      return HttpFailures.of(
          FailureClass.UNKNOWN_OUTCOME,
          reply,
          detail + "; the request may have been processed",
          code,
          null);
    }
    return HttpFailures.classify(reply, code, description);
  }

  /** The object's {@code amount} (major units) in its {@code currency}. */
  Money amount(HttpReply reply, JsonNode object) {
    JsonNode value = object.get("amount");
    String currency = Json.text(object, "currency");
    if (value == null || !(value.isNumber() || value.isTextual()) || currency == null) {
      throw reply.unknownOutcome("the response has no amount and currency");
    }
    try {
      return amounts.fromDecimalString(value.asText(), currency);
    } catch (IllegalArgumentException e) {
      throw reply.unknownOutcome("unreadable amount: " + e.getMessage());
    }
  }

  private static String kind(JsonNode object) {
    String kind = Json.text(object, "object");
    return kind == null ? "charge" : kind;
  }

  private Decline decline(String code, String status, String message) {
    String raw = code != null && !code.isBlank() ? code : status.toLowerCase(Locale.ROOT);
    return declines.decline(raw, message, gatewayId);
  }

  /** The first element of Tap's {@code errors} array, or null. */
  static JsonNode firstError(HttpReply reply) {
    JsonNode errors = reply.jsonOrMissing().get("errors");
    if (errors != null && errors.isArray() && errors.size() > 0 && errors.get(0).isObject()) {
      return errors.get(0);
    }
    return null;
  }

  private static String upper(String s) {
    return s == null || s.isBlank() ? null : s.strip().toUpperCase(Locale.ROOT);
  }
}
