package io.ottu.gateways.stripe;

import static io.ottu.DeclineReason.AUTHENTICATION_FAILED;
import static io.ottu.DeclineReason.AUTHENTICATION_REQUIRED;
import static io.ottu.DeclineReason.BLOCKED_BY_GATEWAY;
import static io.ottu.DeclineReason.DO_NOT_HONOR;
import static io.ottu.DeclineReason.EXPIRED_CARD;
import static io.ottu.DeclineReason.INCORRECT_CVC;
import static io.ottu.DeclineReason.INSUFFICIENT_FUNDS;
import static io.ottu.DeclineReason.INVALID_AMOUNT;
import static io.ottu.DeclineReason.INVALID_CARD;
import static io.ottu.DeclineReason.ISSUER_UNAVAILABLE;
import static io.ottu.DeclineReason.LIMIT_EXCEEDED;
import static io.ottu.DeclineReason.LOST_OR_STOLEN;
import static io.ottu.DeclineReason.NOT_SUPPORTED;
import static io.ottu.DeclineReason.OTHER;
import static io.ottu.DeclineReason.PROCESSING_ERROR;
import static io.ottu.DeclineReason.REFERRAL;
import static io.ottu.DeclineReason.RESTRICTED_CARD;
import static io.ottu.DeclineReason.SUSPECTED_FRAUD;

import io.ottu.gateway.DeclineTable;

/**
 * Stripe's documented decline codes (docs.stripe.com/declines/codes: the error's {@code
 * decline_code}), card-error codes used when there is no {@code decline_code}
 * (docs.stripe.com/error-codes), and refund {@code failure_reason}s, mapped to normalized reasons.
 *
 * <p>Soft (cascade to another gateway) only where Stripe's own advice is that the same payment may
 * succeed on a retry: issuer or network trouble ({@code issuer_not_available}, {@code
 * try_again_later}, {@code processing_error}, {@code reenter_transaction}) and unspecific issuer
 * refusals ({@code do_not_honor}, {@code generic_decline}, {@code approve_with_id}, {@code
 * no_action_taken}). {@code authentication_required} steps up to 3-D Secure on Stripe itself.
 * Everything about the card or cardholder (lost, stolen, expired, wrong number or CVC, insufficient
 * funds, limits, restrictions) and everything fraud-related is hard: another gateway would see the
 * same card, and retrying fraud declines is what card networks fine merchants for. {@code
 * duplicate_transaction} is hard because a retry is exactly what the issuer refused. Unknown codes
 * are hard.
 */
final class StripeDeclines {
  static final DeclineTable DEFAULT =
      DeclineTable.builder()
          // Issuer and network trouble: may pass elsewhere or later.
          .soft("issuer_not_available", ISSUER_UNAVAILABLE)
          .soft("try_again_later", ISSUER_UNAVAILABLE)
          .soft("processing_error", PROCESSING_ERROR)
          .soft("reenter_transaction", PROCESSING_ERROR)
          // Unspecific issuer refusals.
          .soft("do_not_honor", DO_NOT_HONOR)
          .soft("generic_decline", DO_NOT_HONOR)
          .soft("card_declined", DO_NOT_HONOR)
          .soft("approve_with_id", DO_NOT_HONOR)
          .soft("no_action_taken", DO_NOT_HONOR)
          .hard("do_not_try_again", DO_NOT_HONOR)
          .hard("call_issuer", REFERRAL)
          // Strong customer authentication.
          .stepUp3ds("authentication_required", AUTHENTICATION_REQUIRED)
          .hard("offline_pin_required", AUTHENTICATION_REQUIRED)
          .hard("online_or_offline_pin_required", AUTHENTICATION_REQUIRED)
          .hard("payment_intent_authentication_failure", AUTHENTICATION_FAILED)
          // Funds and limits.
          .hard("insufficient_funds", INSUFFICIENT_FUNDS)
          .hard("card_velocity_exceeded", LIMIT_EXCEEDED)
          .hard("withdrawal_count_limit_exceeded", LIMIT_EXCEEDED)
          .hard("card_decline_rate_limit_exceeded", LIMIT_EXCEEDED)
          .hard("invalid_amount", INVALID_AMOUNT)
          // The card itself.
          .hard("expired_card", EXPIRED_CARD)
          .hard("expired_or_canceled_card", EXPIRED_CARD)
          .hard("incorrect_number", INVALID_CARD)
          .hard("invalid_number", INVALID_CARD)
          .hard("invalid_expiry_month", INVALID_CARD)
          .hard("invalid_expiry_year", INVALID_CARD)
          .hard("invalid_account", INVALID_CARD)
          .hard("new_account_information_available", INVALID_CARD)
          .hard("incorrect_pin", INVALID_CARD)
          .hard("invalid_pin", INVALID_CARD)
          .hard("incorrect_zip", INVALID_CARD)
          .hard("incorrect_address", INVALID_CARD)
          .hard("incorrect_cvc", INCORRECT_CVC)
          .hard("invalid_cvc", INCORRECT_CVC)
          .hard("lost_card", LOST_OR_STOLEN)
          .hard("stolen_card", LOST_OR_STOLEN)
          .hard("pickup_card", LOST_OR_STOLEN)
          .hard("lost_or_stolen_card", LOST_OR_STOLEN)
          // What the card may be used for.
          .hard("restricted_card", RESTRICTED_CARD)
          .hard("not_permitted", RESTRICTED_CARD)
          .hard("service_not_allowed", RESTRICTED_CARD)
          .hard("transaction_not_allowed", RESTRICTED_CARD)
          .hard("security_violation", RESTRICTED_CARD)
          .hard("stop_payment_order", RESTRICTED_CARD)
          .hard("revocation_of_authorization", RESTRICTED_CARD)
          .hard("revocation_of_all_authorizations", RESTRICTED_CARD)
          .hard("card_not_supported", NOT_SUPPORTED)
          .hard("currency_not_supported", NOT_SUPPORTED)
          // Fraud and blocks.
          .hard("fraudulent", SUSPECTED_FRAUD)
          .hard("merchant_blacklist", BLOCKED_BY_GATEWAY)
          .hard("highest_risk_level", BLOCKED_BY_GATEWAY)
          // Other.
          .hard("duplicate_transaction", OTHER)
          .hard("testmode_decline", OTHER)
          // Refund failure reasons (refund.failure_reason).
          .hard("declined", DO_NOT_HONOR)
          .hard("charge_for_pending_refund_disputed", OTHER)
          .hard("merchant_request", OTHER)
          .hard("refund_canceled", OTHER)
          .build();

  private StripeDeclines() {}
}
