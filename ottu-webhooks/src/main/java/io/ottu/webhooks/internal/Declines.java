package io.ottu.webhooks.internal;

import io.ottu.Decline;
import io.ottu.DeclineReason;
import java.util.Locale;
import java.util.Map;

/**
 * Normalizes the decline codes gateways put in webhooks. A webhook's decline only describes what
 * already happened (no cascade follows from it), so a small table of the common codes is enough;
 * anything else is {@link DeclineReason#OTHER} with the raw code kept. A decline is hard when the
 * reason lies with the card, soft otherwise.
 */
public final class Declines {
  private static final Map<String, DeclineReason> STRIPE =
      Map.ofEntries(
          Map.entry("insufficient_funds", DeclineReason.INSUFFICIENT_FUNDS),
          Map.entry("expired_card", DeclineReason.EXPIRED_CARD),
          Map.entry("incorrect_cvc", DeclineReason.INCORRECT_CVC),
          Map.entry("invalid_cvc", DeclineReason.INCORRECT_CVC),
          Map.entry("incorrect_number", DeclineReason.INVALID_CARD),
          Map.entry("invalid_number", DeclineReason.INVALID_CARD),
          Map.entry("invalid_account", DeclineReason.INVALID_CARD),
          Map.entry("lost_card", DeclineReason.LOST_OR_STOLEN),
          Map.entry("stolen_card", DeclineReason.LOST_OR_STOLEN),
          Map.entry("pickup_card", DeclineReason.LOST_OR_STOLEN),
          Map.entry("fraudulent", DeclineReason.SUSPECTED_FRAUD),
          Map.entry("merchant_blacklist", DeclineReason.BLOCKED_BY_GATEWAY),
          Map.entry("do_not_honor", DeclineReason.DO_NOT_HONOR),
          Map.entry("generic_decline", DeclineReason.DO_NOT_HONOR),
          Map.entry("card_declined", DeclineReason.DO_NOT_HONOR),
          Map.entry("card_not_supported", DeclineReason.NOT_SUPPORTED),
          Map.entry("card_velocity_exceeded", DeclineReason.LIMIT_EXCEEDED),
          Map.entry("withdrawal_count_limit_exceeded", DeclineReason.LIMIT_EXCEEDED),
          Map.entry("authentication_required", DeclineReason.AUTHENTICATION_REQUIRED),
          Map.entry("payment_intent_authentication_failure", DeclineReason.AUTHENTICATION_FAILED),
          Map.entry("processing_error", DeclineReason.PROCESSING_ERROR),
          Map.entry("issuer_not_available", DeclineReason.ISSUER_UNAVAILABLE),
          Map.entry("try_again_later", DeclineReason.ISSUER_UNAVAILABLE),
          Map.entry("call_issuer", DeclineReason.REFERRAL),
          Map.entry("restricted_card", DeclineReason.RESTRICTED_CARD),
          Map.entry("transaction_not_allowed", DeclineReason.RESTRICTED_CARD));

  /** Adyen's refusal reasons, by their text (webhooks carry the text in {@code reason}). */
  private static final Map<String, DeclineReason> ADYEN =
      Map.ofEntries(
          Map.entry("refused", DeclineReason.DO_NOT_HONOR),
          Map.entry("referral", DeclineReason.REFERRAL),
          Map.entry("acquirer error", DeclineReason.PROCESSING_ERROR),
          Map.entry("blocked card", DeclineReason.LOST_OR_STOLEN),
          Map.entry("expired card", DeclineReason.EXPIRED_CARD),
          Map.entry("invalid amount", DeclineReason.INVALID_AMOUNT),
          Map.entry("invalid card number", DeclineReason.INVALID_CARD),
          Map.entry("issuer unavailable", DeclineReason.ISSUER_UNAVAILABLE),
          Map.entry("not supported", DeclineReason.NOT_SUPPORTED),
          Map.entry("3d not authenticated", DeclineReason.AUTHENTICATION_FAILED),
          Map.entry("not enough balance", DeclineReason.INSUFFICIENT_FUNDS),
          Map.entry("acquirer fraud", DeclineReason.SUSPECTED_FRAUD),
          Map.entry("cancelled", DeclineReason.CANCELLED_BY_SHOPPER),
          Map.entry("shopper cancelled", DeclineReason.CANCELLED_BY_SHOPPER),
          Map.entry("cvc declined", DeclineReason.INCORRECT_CVC),
          Map.entry("restricted card", DeclineReason.RESTRICTED_CARD),
          Map.entry("fraud", DeclineReason.BLOCKED_BY_GATEWAY),
          Map.entry("fraud-cancelled", DeclineReason.BLOCKED_BY_GATEWAY),
          Map.entry("withdrawal amount exceeded", DeclineReason.LIMIT_EXCEEDED),
          Map.entry("withdrawal count exceeded", DeclineReason.LIMIT_EXCEEDED));

  private static final Map<String, DeclineReason> CHECKOUT =
      Map.ofEntries(
          Map.entry("20005", DeclineReason.DO_NOT_HONOR),
          Map.entry("20051", DeclineReason.INSUFFICIENT_FUNDS),
          Map.entry("20054", DeclineReason.EXPIRED_CARD),
          Map.entry("30054", DeclineReason.EXPIRED_CARD),
          Map.entry("20059", DeclineReason.SUSPECTED_FRAUD),
          Map.entry("20087", DeclineReason.INCORRECT_CVC),
          Map.entry("20014", DeclineReason.INVALID_CARD),
          Map.entry("30004", DeclineReason.LOST_OR_STOLEN),
          Map.entry("30041", DeclineReason.LOST_OR_STOLEN),
          Map.entry("30043", DeclineReason.LOST_OR_STOLEN),
          Map.entry("20061", DeclineReason.LIMIT_EXCEEDED),
          Map.entry("20091", DeclineReason.ISSUER_UNAVAILABLE),
          Map.entry("20154", DeclineReason.AUTHENTICATION_REQUIRED));

  private Declines() {}

  /** A Stripe decline from {@code decline_code} or {@code code}. */
  public static Decline stripe(String code, String message, String gatewayId) {
    return of(lookup(STRIPE, code), code, message, gatewayId);
  }

  /** An Adyen refusal from its {@code reason} text. */
  public static Decline adyen(String reason, String gatewayId) {
    return of(lookup(ADYEN, reason), reason, reason, gatewayId);
  }

  /**
   * A Checkout.com decline from its {@code response_code}: 20xxx soft, 30xxx hard, 40xxx the risk
   * engine, others by the table.
   */
  public static Decline checkoutCom(String code, String summary, String gatewayId) {
    DeclineReason reason = lookup(CHECKOUT, code);
    if (reason == DeclineReason.OTHER && code != null && code.startsWith("4")) {
      reason = DeclineReason.BLOCKED_BY_GATEWAY;
    }
    boolean soft =
        code != null && code.startsWith("3") ? false : !reason.causedByCard() || isSoft(code);
    return new Decline(reason, code, summary, soft, gatewayId);
  }

  /** A Tap decline from its response code (505 insufficient funds, 7xx restricted, 4xx failed). */
  public static Decline tap(String code, String message, String gatewayId) {
    DeclineReason reason;
    if ("505".equals(code)) {
      reason = DeclineReason.INSUFFICIENT_FUNDS;
    } else if (code != null && code.startsWith("7")) {
      reason = DeclineReason.RESTRICTED_CARD;
    } else if (code != null && code.startsWith("4")) {
      reason = DeclineReason.PROCESSING_ERROR;
    } else if ("302".equals(code)) {
      reason = DeclineReason.CANCELLED_BY_SHOPPER;
    } else if (code != null && code.startsWith("5")) {
      reason = DeclineReason.DO_NOT_HONOR;
    } else {
      reason = DeclineReason.OTHER;
    }
    return of(reason, code, message, gatewayId);
  }

  /** A decline for a gateway whose webhooks carry only a code or status (MPGS, PayPal). */
  public static Decline generic(String code, String message, String gatewayId) {
    DeclineReason reason =
        switch (code == null ? "" : code.toUpperCase(Locale.ROOT)) {
          case "INSUFFICIENT_FUNDS" -> DeclineReason.INSUFFICIENT_FUNDS;
          case "EXPIRED_CARD" -> DeclineReason.EXPIRED_CARD;
          case "INVALID_CSC" -> DeclineReason.INCORRECT_CVC;
          case "REFERRED" -> DeclineReason.REFERRAL;
          case "AUTHENTICATION_FAILED" -> DeclineReason.AUTHENTICATION_FAILED;
          case "ACQUIRER_SYSTEM_ERROR", "SYSTEM_ERROR" -> DeclineReason.PROCESSING_ERROR;
          case "TIMED_OUT" -> DeclineReason.ISSUER_UNAVAILABLE;
          case "DECLINED", "DENIED", "DECLINED_DO_NOT_CONTACT" -> DeclineReason.DO_NOT_HONOR;
          default -> DeclineReason.OTHER;
        };
    return of(reason, code, message, gatewayId);
  }

  private static boolean isSoft(String code) {
    return code != null && code.startsWith("2");
  }

  private static DeclineReason lookup(Map<String, DeclineReason> table, String code) {
    if (code == null) {
      return DeclineReason.OTHER;
    }
    DeclineReason r = table.get(code.strip().toLowerCase(Locale.ROOT));
    return r != null ? r : DeclineReason.OTHER;
  }

  private static Decline of(DeclineReason reason, String code, String message, String gatewayId) {
    return new Decline(reason, code, message, !reason.causedByCard(), gatewayId);
  }
}
