package io.ottu.gateways.mpgs;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.Decline;
import io.ottu.Money;
import io.ottu.gateway.DeclineTable;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateways.internal.AmountCodec;
import io.ottu.gateways.internal.HttpFailures;
import io.ottu.gateways.internal.HttpReply;
import io.ottu.gateways.internal.Json;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads MPGS's answers: transaction responses into {@link GatewayResult}s, and error responses into
 * classified {@link GatewayException}s (developer.mastercard.com "Transaction Errors" and "API
 * Error Handling"). Thread-safe.
 *
 * <h2>{@code result}</h2>
 *
 * <ul>
 *   <li>{@code SUCCESS}: {@code response.gatewayCode} {@code APPROVED}, {@code APPROVED_AUTO} or
 *       {@code APPROVED_PENDING_SETTLEMENT} is approved (authorized for an {@code AUTHORIZATION},
 *       captured for a {@code PAYMENT} or {@code CAPTURE}, refunded, cancelled for a {@code
 *       VOID_*}); {@code PARTIALLY_APPROVED} reports the smaller {@code
 *       order.totalAuthorizedAmount}, which the engine's integrity check refuses; {@code PENDING},
 *       {@code SUBMITTED} and {@code AUTHENTICATION_IN_PROGRESS} are pending. Any other code with
 *       {@code SUCCESS} contradicts itself: unknown outcome (calling it a decline could let the
 *       engine cascade a payment MPGS took).
 *   <li>{@code FAILURE}: a decline through the {@link DeclineTable} by {@code gatewayCode}, with
 *       {@code response.acquirerMessage} as the message; except {@code LOCK_FAILURE} (another
 *       transaction on the order is in progress, possibly our own earlier try) and {@code UNKNOWN},
 *       both unknown outcomes.
 *   <li>{@code PENDING}: pending; the answer comes by lookup.
 *   <li>{@code UNKNOWN} ("the gateway is unable to determine the outcome with the acquirer"):
 *       unknown outcome, never a failover.
 *   <li>{@code ERROR}: by {@code error.cause}, see {@link #failure(HttpReply)}.
 * </ul>
 *
 * <p>A {@code transaction.type} that is not the kind asked for (a refund where a capture was
 * expected) is an unknown outcome, not a guess. Amounts are read from {@code transaction.amount}
 * and {@code transaction.currency} (falling back to the order's), as numbers or strings, exactly.
 */
final class MpgsResponses {
  /** {@code gatewayCode}s meaning approved (woocommerce module {@code isApproved}, MPGS docs). */
  static final Set<String> APPROVED =
      Set.of("APPROVED", "APPROVED_AUTO", "APPROVED_PENDING_SETTLEMENT");

  /** {@code gatewayCode}s meaning the acquirer has not answered yet. */
  static final Set<String> PENDING =
      Set.of("PENDING", "SUBMITTED", "AUTHENTICATION_IN_PROGRESS", "DEFERRED_TRANSACTION_RECEIVED");

  /** How long to wait before retrying after {@code LOCK_FAILURE}. */
  static final Duration LOCK_RETRY_AFTER = Duration.ofSeconds(2);

  private static final Pattern LONG_DIGITS = Pattern.compile("[0-9][0-9 -]{10,}[0-9]");
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final Pattern NOT_FOUND =
      Pattern.compile(
          "(?i).*\\b(not found|no such|unable to find|does not exist|could not be found"
              + "|cannot be found|no (order|transaction) (was )?found)\\b.*");
  private static final Pattern EXISTS =
      Pattern.compile("(?i).*\\b(already|duplicate|not unique|must be unique|in use)\\b.*");

  /** What a transaction response must be. */
  enum Expect {
    /** An AUTHORIZE or PAY: {@code AUTHORIZATION} or {@code PAYMENT}. */
    PAYMENT,
    /** A CAPTURE. */
    CAPTURE,
    /** A REFUND. */
    REFUND,
    /** A VOID: {@code VOID_AUTHORIZATION}, {@code VOID_PAYMENT}, ... */
    VOID;

    boolean accepts(String type) {
      return switch (this) {
        case PAYMENT -> type.equals("AUTHORIZATION") || type.equals("PAYMENT");
        case CAPTURE -> type.equals("CAPTURE");
        case REFUND -> type.equals("REFUND");
        case VOID -> type.startsWith("VOID");
      };
    }
  }

  /**
   * MPGS's error object.
   *
   * @param cause {@code INVALID_REQUEST}, {@code REQUEST_REJECTED}, {@code SERVER_BUSY}, {@code
   *     SERVER_FAILED}, or null
   * @param explanation the gateway's text, with digit runs and (for card fields) quoted values
   *     masked, or null
   * @param field the offending field, or null
   * @param validationType {@code INVALID}, {@code MISSING}, {@code UNSUPPORTED}, or null
   */
  record MpgsError(String cause, String explanation, String field, String validationType) {}

  private final String gatewayId;
  private final DeclineTable declines;
  private final AmountCodec amounts;

  MpgsResponses(String gatewayId, DeclineTable declines, AmountCodec amounts) {
    this.gatewayId = gatewayId;
    this.declines = declines;
    this.amounts = amounts;
  }

  /** The {@code result} of a response body, or null. */
  static String result(JsonNode body) {
    return Json.text(body, "result");
  }

  /**
   * The body of a transaction answer: a 2xx reply whose {@code result} is not {@code ERROR}; null
   * for an error reply (not 2xx, or {@code result: ERROR}), which {@link #failure(HttpReply)}
   * classifies.
   *
   * @throws GatewayException {@code UNKNOWN_OUTCOME} for a 2xx reply whose body is empty or not
   *     JSON: the gateway may have acted
   */
  static JsonNode answer(HttpReply reply) {
    if (!reply.isSuccessful()) {
      return null;
    }
    JsonNode body = reply.json();
    return "ERROR".equals(result(body)) ? null : body;
  }

  /**
   * A transaction response (2xx, {@code result} other than {@code ERROR}) as a result.
   *
   * @param expect what kind of transaction this must be
   * @param capture for {@link Expect#PAYMENT} without a {@code transaction.type}: whether a sale
   * @param paymentRef the payment's gateway reference for the result
   * @param transactionRef this operation's own reference (capture, refund, void), or null
   * @throws GatewayException {@code UNKNOWN_OUTCOME} for {@code UNKNOWN}, contradictions, an
   *     unexpected type or an unreadable amount
   */
  GatewayResult transaction(
      HttpReply reply,
      JsonNode body,
      Expect expect,
      boolean capture,
      String paymentRef,
      String transactionRef) {
    String result = result(body);
    JsonNode response = Json.object(body, "response");
    String code = Json.text(response, "gatewayCode");
    String type = Json.text(Json.object(body, "transaction"), "type");
    if (result == null) {
      throw reply.unknownOutcome("the response has no result; the gateway may have acted");
    }
    String raw = result + (code == null ? "" : "/" + code);
    if (type != null && !expect.accepts(type)) {
      throw reply.unknownOutcome(
          "transaction " + raw + " is of type " + type + ", not the " + expect + " asked for");
    }
    if (result.equals("UNKNOWN") || "UNKNOWN".equals(code)) {
      throw HttpFailures.of(
          FailureClass.UNKNOWN_OUTCOME,
          reply,
          raw + ": MPGS could not determine the outcome with the acquirer",
          code == null ? result : code,
          null);
    }
    GatewayResult out =
        switch (result) {
          case "SUCCESS" -> success(reply, body, code, expect, type, capture, paymentRef);
          case "PENDING" -> pending(reply, body, paymentRef);
          case "FAILURE" -> failure(reply, body, code, paymentRef);
          default -> throw reply.unknownOutcome("unknown result " + result);
        };
    out = out.withRawStatus(raw);
    return transactionRef == null ? out : out.withTransactionReference(transactionRef);
  }

  private GatewayResult success(
      HttpReply reply,
      JsonNode body,
      String code,
      Expect expect,
      String type,
      boolean capture,
      String paymentRef) {
    if (code != null && APPROVED.contains(code)) {
      return switch (expect) {
        case PAYMENT ->
            sale(type, capture)
                ? GatewayResult.captured(paymentRef, amount(reply, body, true))
                : GatewayResult.authorized(paymentRef, amount(reply, body, true));
        case CAPTURE -> GatewayResult.captured(paymentRef, amount(reply, body, true));
        case REFUND -> GatewayResult.refunded(paymentRef, amount(reply, body, true));
        case VOID -> cancelled(reply, body, paymentRef);
      };
    }
    if ("PARTIALLY_APPROVED".equals(code) && expect == Expect.PAYMENT) {
      // Approved for less than asked: reported as such, so the engine's integrity check refuses it.
      JsonNode order = Json.object(body, "order");
      Money approved =
          readAmount(
              reply, Json.text(order, "totalAuthorizedAmount"), Json.text(order, "currency"));
      return sale(type, capture)
          ? GatewayResult.captured(paymentRef, approved)
          : GatewayResult.authorized(paymentRef, approved);
    }
    if (code != null && PENDING.contains(code)) {
      return pending(reply, body, paymentRef);
    }
    throw reply.unknownOutcome(
        "result SUCCESS with gatewayCode " + code + " is neither an approval nor pending");
  }

  /** A void's amount is not checked by the engine: reported when MPGS gives one. */
  private GatewayResult cancelled(HttpReply reply, JsonNode body, String paymentRef) {
    Money released = amount(reply, body, false);
    GatewayResult cancelled = GatewayResult.cancelled(paymentRef);
    return released == null ? cancelled : cancelled.withAmount(released);
  }

  private static boolean sale(String type, boolean capture) {
    return type == null ? capture : type.equals("PAYMENT");
  }

  private GatewayResult pending(HttpReply reply, JsonNode body, String paymentRef) {
    GatewayResult result = GatewayResult.pending(paymentRef);
    Money amount = amount(reply, body, false);
    return amount == null ? result : result.withAmount(amount);
  }

  private GatewayResult failure(HttpReply reply, JsonNode body, String code, String paymentRef) {
    if ("LOCK_FAILURE".equals(code)) {
      throw HttpFailures.of(
          FailureClass.UNKNOWN_OUTCOME,
          reply,
          "FAILURE/LOCK_FAILURE: another transaction on this order is in progress, possibly"
              + " an earlier try of this one",
          code,
          LOCK_RETRY_AFTER);
    }
    if (code != null && (APPROVED.contains(code) || PENDING.contains(code))) {
      throw reply.unknownOutcome("result FAILURE with gatewayCode " + code + " contradicts itself");
    }
    String message = Json.text(Json.object(body, "response"), "acquirerMessage");
    return GatewayResult.declined(paymentRef, decline(code == null ? "FAILURE" : code, message));
  }

  /** The decline for a raw code, from the table. */
  Decline decline(String code, String message) {
    return declines.decline(code, message, gatewayId);
  }

  /**
   * The amount of a transaction response.
   *
   * @param required whether a missing amount is an unknown outcome (else null)
   */
  Money amount(HttpReply reply, JsonNode body, boolean required) {
    JsonNode txn = Json.object(body, "transaction");
    JsonNode order = Json.object(body, "order");
    String value = Json.text(txn, "amount");
    String currency = Json.text(txn, "currency");
    if (value == null) {
      value = Json.text(order, "amount");
    }
    if (currency == null) {
      currency = Json.text(order, "currency");
    }
    if (value == null || currency == null) {
      if (required) {
        throw reply.unknownOutcome("the response has no amount and currency");
      }
      return null;
    }
    return readAmount(reply, value, currency);
  }

  /** The order's amount (3-D Secure steps), or null when absent. */
  Money orderAmount(HttpReply reply, JsonNode body) {
    JsonNode order = Json.object(body, "order");
    String value = Json.text(order, "amount");
    String currency = Json.text(order, "currency");
    return value == null || currency == null ? null : readAmount(reply, value, currency);
  }

  private Money readAmount(HttpReply reply, String value, String currency) {
    if (value == null || currency == null) {
      throw reply.unknownOutcome("the response has no amount and currency");
    }
    try {
      return amounts.fromDecimalString(value, currency);
    } catch (IllegalArgumentException e) {
      throw reply.unknownOutcome("unreadable amount " + value + " " + currency);
    }
  }

  // ---- errors -----------------------------------------------------------------------------------

  /** The error object of a reply (all fields null when there is none). */
  static MpgsError error(HttpReply reply) {
    JsonNode error = Json.object(reply.jsonOrMissing(), "error");
    String field = Json.text(error, "field");
    return new MpgsError(
        Json.text(error, "cause"),
        sanitize(Json.text(error, "explanation"), field),
        field,
        Json.text(error, "validationType"));
  }

  /**
   * Whether an error says the transaction id is taken, which is what a resubmitted request gets
   * when the first one reached MPGS: then the adapter reads the existing transaction instead.
   */
  static boolean existingTransaction(MpgsError e) {
    if (!"INVALID_REQUEST".equals(e.cause())) {
      return false;
    }
    String field = e.field() == null ? "" : e.field().toLowerCase(Locale.ROOT);
    String text = e.explanation() == null ? "" : e.explanation();
    boolean aboutTransaction =
        field.equals("transactionid")
            || field.equals("transaction.id")
            || text.toLowerCase(Locale.ROOT).contains("transaction");
    return aboutTransaction && EXISTS.matcher(text).matches();
  }

  /**
   * Whether a reply to a retrieve says the order or transaction does not exist: MPGS's error
   * envelope with HTTP 404, or with HTTP 400 and an {@code INVALID_REQUEST} whose explanation says
   * not found. Nothing else counts as "no record": a 404 page without the envelope (a wrong host or
   * path, a proxy) is a failure, since calling it "no record" could let the engine charge twice.
   */
  static boolean notFound(HttpReply reply) {
    if (reply.status() != 404 && reply.status() != 400) {
      return false;
    }
    JsonNode body = reply.jsonOrMissing();
    if (Json.object(body, "error") == null && !"ERROR".equals(result(body))) {
      return false;
    }
    if (reply.status() == 404) {
      return true;
    }
    MpgsError e = error(reply);
    return "INVALID_REQUEST".equals(e.cause())
        && e.explanation() != null
        && NOT_FOUND.matcher(e.explanation()).matches()
        && !EXISTS.matcher(e.explanation()).matches();
  }

  /**
   * The classified failure for an error reply.
   *
   * <ul>
   *   <li>HTTP 401 and 403, and {@code REQUEST_REJECTED} ("rejected due to security reasons such as
   *       firewall rules, expired certificate"): {@code REJECTED}, credentials problem.
   *   <li>{@code SERVER_BUSY}: MPGS did not have the resources to process it: {@code UNAVAILABLE},
   *       with {@code Retry-After} when sent.
   *   <li>{@code SERVER_FAILED}: an internal failure after MPGS took the request; MPGS's remedy is
   *       to resubmit the identical request later, which the engine's same-key retry does: {@code
   *       UNKNOWN_OUTCOME}.
   *   <li>{@code INVALID_REQUEST} with a 2xx or 4xx status: {@code REJECTED} naming the field.
   *   <li>A 2xx {@code ERROR} without a cause: {@code UNKNOWN_OUTCOME} (nothing says it was not
   *       processed); anything else by {@link HttpFailures#classify}.
   * </ul>
   */
  GatewayException failure(HttpReply reply) {
    MpgsError e = error(reply);
    int status = reply.status();
    String detail =
        (e.cause() == null ? "" : e.cause())
            + (e.field() == null ? "" : " on " + e.field())
            + (e.validationType() == null ? "" : " (" + e.validationType() + ")")
            + (e.explanation() == null ? "" : ": " + e.explanation());
    String message = "HTTP " + status + (detail.isEmpty() ? "" : " " + detail);
    if (status == 401 || status == 403 || "REQUEST_REJECTED".equals(e.cause())) {
      return reply.withRequestId(
          new GatewayException(
              FailureClass.REJECTED,
              gatewayId,
              reply.prefix(message + " (check merchantId, apiPassword and the host)"),
              status,
              e.cause(),
              null,
              null,
              true,
              null));
    }
    if ("SERVER_BUSY".equals(e.cause())) {
      return HttpFailures.of(
          FailureClass.UNAVAILABLE,
          reply,
          message + "; MPGS did not process it",
          e.cause(),
          reply.retryAfter().orElse(null));
    }
    if ("SERVER_FAILED".equals(e.cause())) {
      return HttpFailures.of(
          FailureClass.UNKNOWN_OUTCOME,
          reply,
          message + "; the request may have been processed",
          e.cause(),
          null);
    }
    if ("INVALID_REQUEST".equals(e.cause()) && status < 500) {
      return HttpFailures.of(FailureClass.REJECTED, reply, message, e.cause(), null);
    }
    if (reply.isSuccessful()) {
      return HttpFailures.of(
          FailureClass.UNKNOWN_OUTCOME,
          reply,
          message + " without a cause; the gateway may have acted",
          e.cause(),
          null);
    }
    return HttpFailures.classify(reply, e.cause(), e.explanation());
  }

  /**
   * MPGS explanations may quote the value that failed validation; card numbers and security codes
   * must not reach an exception message.
   */
  static String sanitize(String explanation, String field) {
    if (explanation == null) {
      return null;
    }
    String out = LONG_DIGITS.matcher(explanation).replaceAll("[digits masked]");
    String f = field == null ? "" : field.toLowerCase(Locale.ROOT);
    if (f.contains("card")
        || f.contains("sourceoffunds")
        || f.contains("securitycode")
        || f.contains("number")
        || f.contains("session")) {
      out = QUOTED.matcher(out).replaceAll("'[masked]'");
    }
    return out.strip();
  }
}
