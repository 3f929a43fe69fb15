package io.ottu.gateways.mpgs;

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

import io.ottu.gateway.DeclineRule;
import io.ottu.gateway.DeclineTable;

/**
 * MPGS's {@code response.gatewayCode} values that come with {@code result: FAILURE}, and the payer
 * authentication outcomes ({@code transaction.authenticationStatus}, {@code
 * response.gatewayRecommendation}) that stop a 3-D Secure payment, mapped to normalized reasons.
 *
 * <p>Sources: developer.mastercard.com "Common Errors and How To Handle Them" ({@code DECLINED*},
 * {@code INVALID_CSC}, {@code EXPIRED_CARD}, {@code INSUFFICIENT_FUNDS}), "Troubleshooting FAQs"
 * ({@code UNSPECIFIED_FAILURE}, {@code TIMED_OUT}) and the gateway-code descriptions mirrored at
 * unipaygateway.info (third party) for the rest.
 *
 * <p>Soft and cascading only where the failure lies with the acquiring side rather than the card:
 * {@code ACQUIRER_SYSTEM_ERROR}, {@code SYSTEM_ERROR}, {@code UNSPECIFIED_FAILURE} ("could not be
 * processed"), {@code NOT_SUPPORTED} (this acquirer does not support the transaction type), the
 * generic issuer refusal {@code DECLINED} (as do-not-honor is elsewhere), and an authentication
 * service that is temporarily unavailable. {@code TIMED_OUT} ("the gateway has timed out the
 * request to the acquirer") is soft but does not cascade: the acquirer may have approved before
 * MPGS gave up, and a second gateway could put a second hold on the shopper's card; retry it later
 * on MPGS instead. Everything about the card or the cardholder, every refusal the issuer asks not
 * to retry ({@code DECLINED_DO_NOT_CONTACT}, {@code REFERRED}), failed payer authentication and
 * MPGS's own risk blocks are hard. Codes without a row are hard (the table's default).
 *
 * <p>Not in the table because they are not declines: {@code LOCK_FAILURE} (another transaction on
 * the order is in flight: an unknown outcome) and {@code UNKNOWN} (MPGS does not know the outcome).
 */
final class MpgsDeclines {
  static final DeclineTable DEFAULT =
      DeclineTable.builder()
          // The acquiring side failed: another gateway may succeed.
          .soft("ACQUIRER_SYSTEM_ERROR", PROCESSING_ERROR)
          .soft("SYSTEM_ERROR", PROCESSING_ERROR)
          .soft("UNSPECIFIED_FAILURE", PROCESSING_ERROR)
          .soft("NOT_SUPPORTED", NOT_SUPPORTED)
          .rule("TIMED_OUT", DeclineRule.softStop(ISSUER_UNAVAILABLE))
          // Issuer refusals.
          .soft("DECLINED", DO_NOT_HONOR)
          .hard("DECLINED_DO_NOT_CONTACT", DO_NOT_HONOR)
          .hard("REFERRED", REFERRAL)
          .hard("INSUFFICIENT_FUNDS", INSUFFICIENT_FUNDS)
          .hard("EXCEEDED_RETRY_LIMIT", LIMIT_EXCEEDED)
          // The card and its verification data.
          .hard("EXPIRED_CARD", EXPIRED_CARD)
          .hard("INVALID_CSC", INCORRECT_CVC)
          .hard("DECLINED_CSC", INCORRECT_CVC)
          .hard("DECLINED_AVS", INVALID_CARD)
          .hard("DECLINED_AVS_CSC", INVALID_CARD)
          .hard("DECLINED_INVALID_PIN", INVALID_CARD)
          .hard("DECLINED_PIN_REQUIRED", AUTHENTICATION_REQUIRED)
          .hard("DECLINED_PAYMENT_PLAN", NOT_SUPPORTED)
          // Payer authentication (a payment's gatewayCode, and 3-D Secure outcomes).
          .hard("AUTHENTICATION_FAILED", AUTHENTICATION_FAILED)
          .hard("NOT_ENROLLED_3D_SECURE", NOT_SUPPORTED)
          .hard("AUTHENTICATION_REJECTED", AUTHENTICATION_FAILED)
          .hard("AUTHENTICATION_NOT_SUPPORTED", NOT_SUPPORTED)
          .soft("AUTHENTICATION_UNAVAILABLE", ISSUER_UNAVAILABLE)
          .hard("DO_NOT_PROCEED", BLOCKED_BY_GATEWAY)
          .hard("RESUBMIT_WITH_ALTERNATIVE_PAYMENT_DETAILS", DO_NOT_HONOR)
          // The gateway's risk rules and the payer.
          .hard("BLOCKED", BLOCKED_BY_GATEWAY)
          .hard("CANCELLED", CANCELLED_BY_SHOPPER)
          .hard("ABORTED", CANCELLED_BY_SHOPPER)
          .hard("DUPLICATE_BATCH", OTHER)
          .build();

  private MpgsDeclines() {}
}
