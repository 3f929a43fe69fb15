package io.ottu.gateways.adyen;

import static io.ottu.DeclineReason.AUTHENTICATION_FAILED;
import static io.ottu.DeclineReason.AUTHENTICATION_REQUIRED;
import static io.ottu.DeclineReason.BLOCKED_BY_GATEWAY;
import static io.ottu.DeclineReason.CANCELLED_BY_SHOPPER;
import static io.ottu.DeclineReason.DO_NOT_HONOR;
import static io.ottu.DeclineReason.EXPIRED_CARD;
import static io.ottu.DeclineReason.INCORRECT_CVC;
import static io.ottu.DeclineReason.INSUFFICIENT_FUNDS;
import static io.ottu.DeclineReason.INVALID_AMOUNT;
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
 * Adyen's documented {@code refusalReasonCode}s
 * (docs.adyen.com/development-resources/refusal-reasons) mapped to normalized reasons, plus three
 * rows keyed by {@code resultCode} for answers that carry no refusal code: {@code Refused}, {@code
 * Error} and {@code Cancelled}.
 *
 * <p>Adyen does not say which refusals are soft; this table is a curated choice. Soft (cascade to
 * another gateway) only where the refusal says nothing about the card and another route may pass:
 * the generic issuer refusals ({@code 2 Refused}, {@code 27 Declined Non Generic}), issuer and
 * acquirer trouble ({@code 4 Acquirer Error}, {@code 9 Issuer Unavailable}, {@code 21 Not
 * Submitted}), and 3-D Secure plumbing failures ({@code 39 RReq not received from DS}, {@code 42
 * 3DS Authentication Error}). {@code 38 Authentication required} steps up to 3-D Secure on Adyen
 * itself. Everything about the card or cardholder (blocked, expired, invalid number or CVC,
 * insufficient funds, limits, restrictions, a failed authentication) is hard: another gateway would
 * see the same card. Every fraud refusal, Adyen's own risk blocks ({@code 20 FRAUD}, {@code 22
 * FRAUD-CANCELLED}) and {@code 46} (Adyen blocking retries to spare the merchant excessive-retry
 * fees) are hard: a retry elsewhere is exactly what they forbid. Codes 33 to 37 and 40 to 41
 * concern terminals and PINs and are hard. Unknown codes fall to the table's default (hard {@code
 * OTHER}).
 *
 * <p>{@code Error} without a code (Adyen: "an error when the payment was being processed", a final
 * state in which nothing was authorised) is a soft {@code PROCESSING_ERROR}; {@code Cancelled} (the
 * shopper or the merchant cancelled before processing completed) is a hard {@code
 * CANCELLED_BY_SHOPPER}.
 */
final class AdyenDeclines {
  static final DeclineTable DEFAULT =
      DeclineTable.builder()
          // Generic issuer refusals: another route may pass.
          .soft("2", DO_NOT_HONOR) // Refused
          .soft("27", DO_NOT_HONOR) // Declined Non Generic
          .soft("Refused", DO_NOT_HONOR) // resultCode Refused without a code
          .hard("3", REFERRAL) // Referral
          // Acquirer, issuer and Adyen trouble.
          .soft("4", PROCESSING_ERROR) // Acquirer Error
          .soft("9", ISSUER_UNAVAILABLE) // Issuer Unavailable
          .soft("19", PROCESSING_ERROR) // Pin validation not possible
          .soft("21", PROCESSING_ERROR) // Not Submitted
          .soft("Error", PROCESSING_ERROR) // resultCode Error without a code
          // Strong customer authentication.
          .stepUp3ds("38", AUTHENTICATION_REQUIRED) // Authentication required
          .hard("11", AUTHENTICATION_FAILED) // 3D Not Authenticated
          .soft("39", PROCESSING_ERROR) // RReq not received from DS
          .soft("42", PROCESSING_ERROR) // 3DS Authentication Error
          // The card itself.
          .hard("5", RESTRICTED_CARD) // Blocked Card
          .hard("6", EXPIRED_CARD) // Expired Card
          .hard("8", INVALID_CARD) // Invalid Card Number
          .hard("17", INVALID_CARD) // Invalid Pin
          .hard("18", LIMIT_EXCEEDED) // Pin tries exceeded
          .hard("24", INCORRECT_CVC) // CVC Declined
          .hard("32", INVALID_CARD) // AVS Declined
          .hard("34", INVALID_CARD) // No checking account available on Card
          .hard("35", INVALID_CARD) // No savings account available on Card
          // Funds, amounts and limits.
          .hard("7", INVALID_AMOUNT) // Invalid Amount
          .hard("12", INSUFFICIENT_FUNDS) // Not enough balance
          .hard("28", LIMIT_EXCEEDED) // Withdrawal amount exceeded
          .hard("29", LIMIT_EXCEEDED) // Withdrawal count exceeded
          // What the card may be used for.
          .hard("10", NOT_SUPPORTED) // Not supported
          .hard("23", RESTRICTED_CARD) // Transaction Not Permitted
          .hard("25", RESTRICTED_CARD) // Restricted Card
          .hard("26", RESTRICTED_CARD) // Revocation Of Auth
          // Terminals and PINs (in-person payments).
          .hard("33", AUTHENTICATION_REQUIRED) // Card requires online pin
          .hard("36", AUTHENTICATION_REQUIRED) // Mobile pin required
          .hard("37", NOT_SUPPORTED) // Contactless fallback
          .hard("40", NOT_SUPPORTED) // Current AID is in Penalty Box
          .hard("41", AUTHENTICATION_REQUIRED) // CVM Required Restart Payment
          // Fraud and risk blocks.
          .hard("14", SUSPECTED_FRAUD) // Acquirer Fraud
          .hard("31", SUSPECTED_FRAUD) // Issuer Suspected Fraud
          .hard("20", BLOCKED_BY_GATEWAY) // FRAUD (Adyen's pre-authorisation risk score)
          .hard("22", BLOCKED_BY_GATEWAY) // FRAUD-CANCELLED (post-authorisation risk score)
          .hard("46", BLOCKED_BY_GATEWAY) // blocked by Adyen to prevent excessive retry fees
          // Cancellations.
          .hard("15", OTHER) // Cancelled
          .hard("16", CANCELLED_BY_SHOPPER) // Shopper Cancelled
          .hard("Cancelled", CANCELLED_BY_SHOPPER) // resultCode Cancelled without a code
          .build();

  private AdyenDeclines() {}
}
