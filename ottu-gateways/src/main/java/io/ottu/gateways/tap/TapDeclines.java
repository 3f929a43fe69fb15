package io.ottu.gateways.tap;

import static io.ottu.DeclineReason.AUTHENTICATION_FAILED;
import static io.ottu.DeclineReason.AUTHENTICATION_REQUIRED;
import static io.ottu.DeclineReason.BLOCKED_BY_GATEWAY;
import static io.ottu.DeclineReason.CANCELLED_BY_SHOPPER;
import static io.ottu.DeclineReason.DO_NOT_HONOR;
import static io.ottu.DeclineReason.EXPIRED_CARD;
import static io.ottu.DeclineReason.INCORRECT_CVC;
import static io.ottu.DeclineReason.INSUFFICIENT_FUNDS;
import static io.ottu.DeclineReason.INVALID_CARD;
import static io.ottu.DeclineReason.ISSUER_UNAVAILABLE;
import static io.ottu.DeclineReason.LIMIT_EXCEEDED;
import static io.ottu.DeclineReason.NOT_SUPPORTED;
import static io.ottu.DeclineReason.OTHER;
import static io.ottu.DeclineReason.PROCESSING_ERROR;
import static io.ottu.DeclineReason.REFERRAL;
import static io.ottu.DeclineReason.RESTRICTED_CARD;
import static io.ottu.DeclineReason.SUSPECTED_FRAUD;

import io.ottu.gateway.DeclineTable;

/**
 * Tap's documented response codes (developers.tap.company/reference/charge-response-codes: the
 * {@code response.code} of a charge or authorize, the same table for both) mapped to normalized
 * reasons, plus the card-validation error codes of the same page that Tap answers with HTTP 400
 * ({@code 1140}, {@code 1141}, {@code 1163}, {@code 4100}-{@code 4102}), and the refund response
 * codes under a {@code refund-} prefix, because Tap reuses the numbers with other meanings for
 * refunds ({@code 502} is "Incorrect CSC/CVV" for a charge and "Insufficient Balance" for a
 * refund). Rows keyed by a status name ({@code declined}, {@code abandoned}, ...) catch an answer
 * that carries no response code.
 *
 * <p>Soft (cascade to another gateway) only where the decline says nothing about the card: a
 * generic issuer or acquirer failure ({@code 401}, {@code 408}, {@code 501}, {@code 507}, {@code
 * 508}, {@code 511}, {@code 513}) or a transaction type or 3-D Secure enrolment this acquirer does
 * not support ({@code 504}, {@code 506}). Tap reports all of these as final statuses (FAILED or
 * DECLINED), so the charge is known not to have taken money and another gateway may be tried.
 * {@code 512} "Not Authenticated" steps up to 3-D Secure on Tap. Everything about the card or the
 * cardholder (insufficient funds, wrong CVV, expired or invalid card, referral), risk and fraud
 * checks, restrictions ({@code 7xx}) and a shopper who abandoned or cancelled the payment page
 * ({@code 301}, {@code 302}) are hard. Unknown codes are hard.
 *
 * <p>{@code 801} Timed Out and {@code 901} Unknown are deliberately not here: they are not declines
 * but statuses whose outcome Tap itself does not know (see {@link TapGateway}).
 */
final class TapDeclines {
  static final DeclineTable DEFAULT =
      DeclineTable.builder()
          // 3xx: the shopper left the hosted, KNET or Benefit page.
          .hard("301", CANCELLED_BY_SHOPPER)
          .hard("302", CANCELLED_BY_SHOPPER)
          .hard("303", OTHER)
          .hard("304", CANCELLED_BY_SHOPPER)
          .hard("abandoned", CANCELLED_BY_SHOPPER)
          .hard("cancelled", CANCELLED_BY_SHOPPER)
          // 4xx: FAILED at Tap.
          .soft("401", PROCESSING_ERROR)
          .hard("402", OTHER)
          .hard("403", OTHER)
          .hard("404", OTHER)
          .hard("405", INVALID_CARD)
          .hard("406", INVALID_CARD)
          .hard("407", EXPIRED_CARD)
          .soft("408", PROCESSING_ERROR)
          .soft("failed", PROCESSING_ERROR)
          // 5xx: DECLINED by the issuer, the acquirer or Tap.
          .soft("501", DO_NOT_HONOR)
          .hard("502", INCORRECT_CVC)
          .hard("503", AUTHENTICATION_FAILED)
          .soft("504", NOT_SUPPORTED)
          .hard("505", INSUFFICIENT_FUNDS)
          .soft("506", NOT_SUPPORTED)
          .soft("507", DO_NOT_HONOR)
          .soft("508", ISSUER_UNAVAILABLE)
          .hard("509", DO_NOT_HONOR)
          .hard("510", REFERRAL)
          .soft("511", ISSUER_UNAVAILABLE)
          .stepUp3ds("512", AUTHENTICATION_REQUIRED)
          .soft("513", PROCESSING_ERROR)
          .hard("514", SUSPECTED_FRAUD)
          .hard("515", BLOCKED_BY_GATEWAY)
          .hard("516", AUTHENTICATION_FAILED)
          .soft("declined", DO_NOT_HONOR)
          // 7xx: RESTRICTED.
          .hard("701", RESTRICTED_CARD)
          .hard("702", LIMIT_EXCEEDED)
          .hard("703", RESTRICTED_CARD)
          .hard("704", BLOCKED_BY_GATEWAY)
          .hard("restricted", RESTRICTED_CARD)
          // Card validation errors (HTTP 400 from the token or charge call).
          .hard("1140", INVALID_CARD)
          .hard("1141", INVALID_CARD)
          .hard("1163", NOT_SUPPORTED)
          .hard("4100", INVALID_CARD)
          .hard("4101", EXPIRED_CARD)
          .hard("4102", INCORRECT_CVC)
          // Refund response codes.
          .hard("refund-301", OTHER)
          .hard("refund-401", PROCESSING_ERROR)
          .hard("refund-402", OTHER)
          .hard("refund-403", OTHER)
          .hard("refund-501", DO_NOT_HONOR)
          .hard("refund-502", INSUFFICIENT_FUNDS)
          .hard("refund-503", NOT_SUPPORTED)
          .hard("refund-504", NOT_SUPPORTED)
          .hard("refund-601", RESTRICTED_CARD)
          .hard("refund-602", RESTRICTED_CARD)
          .build();

  /** The card-validation error codes above, which Tap sends as HTTP 400 errors, not statuses. */
  static boolean isCardValidationError(String code) {
    return code != null
        && switch (code) {
          case "1140", "1141", "1163", "4100", "4101", "4102" -> true;
          default -> false;
        };
  }

  private TapDeclines() {}
}
