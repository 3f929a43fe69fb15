package io.ottu.gateways.paypal;

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
import java.util.Set;

/**
 * PayPal's decline codes, mapped to normalized reasons. Three kinds of code reach the table:
 *
 * <ul>
 *   <li>The card processor's {@code processor_response.response_code} on a DENIED authorization or
 *       a DECLINED capture (the enumeration in PayPal's Orders v2 OpenAPI specification, with the
 *       meanings PayPal's server SDK documents in {@code doc/models/processor-response-code.md}:
 *       {@code 0500} DO_NOT_HONOR, {@code 5120} INSUFFICIENT_FUNDS, {@code 5650}
 *       DECLINED_SCA_REQUIRED, ...).
 *   <li>The {@code issue} of a 422 {@code UNPROCESSABLE_ENTITY} error that declines the payment
 *       ({@code INSTRUMENT_DECLINED}, {@code TRANSACTION_REFUSED}, {@code CARD_EXPIRED}, ...), from
 *       the error schemas of {@code checkout_orders_v2.json}.
 *   <li>A status when PayPal gave no code: an authorization {@code DENIED}, a capture {@code
 *       DECLINED} or {@code FAILED}, a refund {@code FAILED} or {@code CANCELLED} (as {@code
 *       REFUND_FAILED}, {@code REFUND_CANCELLED}), and {@code 3DS_AUTHENTICATION_FAILED} when the
 *       shopper failed 3-D Secure.
 * </ul>
 *
 * <p>Soft (cascade to another gateway) where the same payment may pass elsewhere: issuer, network
 * and processor trouble, unspecific refusals (do not honor, generic decline, instrument declined),
 * and what PayPal itself cannot do for this merchant (a brand, currency, MCC or product it does not
 * support, the merchant's receiving limit). {@code 5650} DECLINED_SCA_REQUIRED and an unresolved
 * 3-D Secure contingency step up to 3-D Secure on PayPal. Everything about the card or cardholder
 * (lost, stolen, expired, wrong number or CVV, insufficient funds, closed or restricted accounts,
 * limits) and everything fraud- or risk-related is hard: another gateway would see the same card,
 * and retrying fraud declines is what card networks fine merchants for. Unknown codes are hard.
 */
final class PayPalDeclines {
  static final DeclineTable DEFAULT =
      DeclineTable.builder()
          // ---- processor_response.response_code -------------------------------------------------
          // Issuer, network and processor trouble: may pass elsewhere or later.
          .soft("0800", PROCESSING_ERROR) // BAD_RESPONSE_REVERSAL_REQUIRED
          .soft("0880", PROCESSING_ERROR) // CRYPTOGRAPHIC_FAILURE
          .soft("0960", PROCESSING_ERROR) // SYSTEM_MALFUNCTION
          .soft("1300", PROCESSING_ERROR) // INVALID_DATA_FORMAT
          .soft("1340", PROCESSING_ERROR) // INVALID_TERMINAL
          .soft("1350", PROCESSING_ERROR) // INVALID_MERCHANT
          .soft("1360", PROCESSING_ERROR) // BAD_PROCESSING_CODE
          .soft("1370", PROCESSING_ERROR) // INVALID_MCC
          .soft("1393", PROCESSING_ERROR) // TRANSACTION_CANNOT_BE_COMPLETED
          .soft("5920", ISSUER_UNAVAILABLE) // ISSUER_NOT_AVAILABLE_RETRIABLE
          .hard("5910", ISSUER_UNAVAILABLE) // ISSUER_NOT_AVAILABLE_NOT_RETRIABLE
          .soft("7600", PROCESSING_ERROR) // APPROVED_NON_CAPTURE
          .soft("7700", PROCESSING_ERROR) // ERROR_3DS
          .soft("8000", PROCESSING_ERROR) // PROCESSOR_SYSTEM_ERROR
          .soft("8010", PROCESSING_ERROR) // HOST_KEY_ERROR
          .soft("8020", PROCESSING_ERROR) // CONFIGURATION_ERROR
          .soft("8100", PROCESSING_ERROR) // FATAL_COMMUNICATION_ERROR
          .soft("8110", PROCESSING_ERROR) // RETRIABLE_COMMUNICATION_ERROR
          .soft("8220", PROCESSING_ERROR) // SYSTEM_UNAVAILABLE
          .soft("9100", PROCESSING_ERROR) // DECLINED_PLEASE_RETRY
          .soft("9600", PROCESSING_ERROR) // UNRECOGNIZED_RESPONSE_CODE
          .soft("PPCE", PROCESSING_ERROR) // CE_REGISTRATION_INCOMPLETE
          .soft("PPCR", PROCESSING_ERROR) // CREDIT_ERROR
          .soft("PPD3", PROCESSING_ERROR) // SECURE_ERROR_3DS
          .soft("PPER", PROCESSING_ERROR) // INTERNAL_SYSTEM_ERROR
          .soft("PPMB", PROCESSING_ERROR) // MISSING_BUSINESS_RULE_OR_DATA
          .soft("PPNM", PROCESSING_ERROR) // NO_MID_FOUND
          .soft("PPNT", PROCESSING_ERROR) // NETWORK_ERROR
          // Unspecific issuer refusals.
          .soft("0500", DO_NOT_HONOR) // DO_NOT_HONOR
          .soft("5100", DO_NOT_HONOR) // GENERIC_DECLINE
          .soft("10BR", DO_NOT_HONOR) // ISSUER_REJECTED
          .hard("PPRN", DO_NOT_HONOR) // REATTEMPT_NOT_PERMITTED
          .hard("0100", REFERRAL) // REFERRAL
          .hard("9530", REFERRAL) // HOLD_CALL_CENTER
          // Strong customer authentication.
          .stepUp3ds("5650", AUTHENTICATION_REQUIRED) // DECLINED_SCA_REQUIRED
          .stepUp3ds("PCNR", AUTHENTICATION_REQUIRED) // CONTINGENCIES_NOT_RESOLVED
          .hard("7710", AUTHENTICATION_FAILED) // AUTHENTICATION_FAILED
          // Funds, amounts and limits.
          .hard("5120", INSUFFICIENT_FUNDS) // INSUFFICIENT_FUNDS
          .hard("1000", INSUFFICIENT_FUNDS) // PARTIAL_AUTHORIZATION
          .hard("1310", INVALID_AMOUNT) // INVALID_AMOUNT
          .hard("PPAI", INVALID_AMOUNT) // AMOUNT_INCOMPATIBLE
          .hard("5710", LIMIT_EXCEEDED) // TX_ATTEMPTS_EXCEED_LIMIT
          .hard("PPAX", LIMIT_EXCEEDED) // AMOUNT_EXCEEDED
          .hard("PPDT", LIMIT_EXCEEDED) // DECLINE_THRESHOLD_BREACH
          .hard("PPEL", LIMIT_EXCEEDED) // EXCEEDS_FREQUENCY_LIMIT
          .hard("PPNL", LIMIT_EXCEEDED) // EXCEEDS_NETWORK_FREQUENCY_LIMIT
          // The card itself.
          .hard("5400", EXPIRED_CARD) // EXPIRED_CARD
          .hard("PPEF", EXPIRED_CARD) // EXPIRED_FUNDING_INSTRUMENT
          .hard("0390", INVALID_CARD) // ACCOUNT_NOT_FOUND
          .hard("0890", INVALID_CARD) // UNACCEPTABLE_PIN
          .hard("1330", INVALID_CARD) // INVALID_ACCOUNT
          .hard("1335", INVALID_CARD) // INVALID_ACCOUNT_RECURRING
          .hard("1380", INVALID_CARD) // INVALID_EXPIRATION
          .hard("5130", INVALID_CARD) // INVALID_PIN
          .hard("5135", INVALID_CARD) // DECLINED_PIN_TRY_EXCEEDED
          .hard("5140", INVALID_CARD) // CARD_CLOSED
          .hard("5170", INVALID_CARD) // AVS_FAILURE
          .hard("5190", INVALID_CARD) // SOFT_AVS
          .hard("5500", INVALID_CARD) // INCORRECT_PIN_REENTER
          .hard("5900", INVALID_CARD) // INVALID_ISSUE
          .hard("5950", INVALID_CARD) // DECLINED_DUE_TO_UPDATED_ACCOUNT
          .hard("6300", INVALID_CARD) // ACCOUNT_NOT_ON_FILE
          .hard("7800", INVALID_CARD) // BIN_ERROR
          .hard("7900", INVALID_CARD) // PIN_ERROR
          .hard("PP06", INVALID_CARD) // ACCOUNT_CLOSED
          .hard("PPAD", INVALID_CARD) // BILLING_ADDRESS
          .hard("PPAV", INVALID_CARD) // ARC_AVS
          .hard("PPEX", INVALID_CARD) // EXPIRY_DATE
          .hard("PPFI", INVALID_CARD) // INVALID_FUNDING_INSTRUMENT
          .hard("PPFV", INVALID_CARD) // FIELD_VALIDATION_FAILED
          .hard("00N7", INCORRECT_CVC) // CVV2_FAILURE_POSSIBLE_RETRY_WITH_CVV
          .hard("1382", INCORRECT_CVC) // INVALID_CARD_VERIFICATION_VALUE
          .hard("5110", INCORRECT_CVC) // CVV2_FAILURE
          .hard("PCVV", INCORRECT_CVC) // CVV_FAILURE
          .hard("PPC2", INCORRECT_CVC) // ARC_CVV
          .hard("5150", LOST_OR_STOLEN) // PICKUP_CARD_SPECIAL_CONDITIONS
          .hard("9520", LOST_OR_STOLEN) // LOST_OR_STOLEN
          // What the card may be used for.
          .hard("0580", RESTRICTED_CARD) // UNAUTHORIZED_TRANSACTION
          .hard("0R00", RESTRICTED_CARD) // CANCELLED_PAYMENT
          .hard("1312", RESTRICTED_CARD) // INVALID_TRANSACTION_CARD_ISSUER_ACQUIRER
          .hard("1352", RESTRICTED_CARD) // RESTRICTED_OR_INACTIVE_ACCOUNT
          .hard("5160", RESTRICTED_CARD) // UNAUTHORIZED_USER
          .hard("5180", RESTRICTED_CARD) // INVALID_OR_RESTRICTED_CARD
          .hard("5700", RESTRICTED_CARD) // TRANSACTION_NOT_PERMITTED
          .hard("5930", RESTRICTED_CARD) // CARD_NOT_ACTIVATED
          .hard("9510", RESTRICTED_CARD) // SECURITY_VIOLATION
          .hard("9540", RESTRICTED_CARD) // REFUSED_CARD
          .hard("PPAB", RESTRICTED_CARD) // ACCOUNT_BLOCKED_BY_ISSUER
          .hard("PPFR", RESTRICTED_CARD) // RESTRICTED_FUNDING_INSTRUMENT
          .hard("PPUA", RESTRICTED_CARD) // USER_NOT_AUTHORIZED
          // What PayPal cannot process for this merchant: another gateway may.
          .soft("1320", NOT_SUPPORTED) // INVALID_CURRENCY_CODE
          .soft("8030", NOT_SUPPORTED) // UNSUPPORTED_OPERATION
          .soft("PPAE", NOT_SUPPORTED) // AMEX_DISABLED
          .soft("PPAG", NOT_SUPPORTED) // ADULT_GAMING_UNSUPPORTED
          .soft("PPAU", NOT_SUPPORTED) // MCC_CODE
          .soft("PPBG", NOT_SUPPORTED) // BAD_GAMING
          .soft("PPCO", NOT_SUPPORTED) // COUNTRY
          .soft("PPCT", NOT_SUPPORTED) // CARD_TYPE_UNSUPPORTED
          .soft("PPCU", NOT_SUPPORTED) // CURRENCY_USED_INVALID
          .soft("PPDC", NOT_SUPPORTED) // DCC_UNSUPPORTED
          .soft("PPDI", NOT_SUPPORTED) // DINERS_REJECT
          .soft("PPMC", NOT_SUPPORTED) // BLOCKED_Mastercard
          .soft("PPNC", NOT_SUPPORTED) // NOT_SUPPORTED_NRC
          .soft("PPPI", NOT_SUPPORTED) // INVALID_PRODUCT
          .soft("PPPM", NOT_SUPPORTED) // INVALID_PAYMENT_METHOD
          .soft("PPQC", NOT_SUPPORTED) // QUASI_CASH_UNSUPPORTED
          .soft("PPRR", NOT_SUPPORTED) // MERCHANT_NOT_REGISTERED
          .soft("PPSE", NOT_SUPPORTED) // AMEX_DENIED
          .soft("PPTT", NOT_SUPPORTED) // TRANSACTION_TYPE_UNSUPPORTED
          .soft("PPUC", NOT_SUPPORTED) // CURRENCY_CODE_UNSUPPORTED
          .soft("PPUE", NOT_SUPPORTED) // UNSUPPORT_ENTITY
          .soft("PPUI", NOT_SUPPORTED) // UNSUPPORT_INSTALLMENT
          .soft("PPUP", NOT_SUPPORTED) // UNSUPPORT_POS_FLAG
          .soft("PPVC", NOT_SUPPORTED) // VALIDATE_CURRENCY
          .soft("PPVT", NOT_SUPPORTED) // VIRTUAL_TERMINAL_UNSUPPORTED
          // Fraud and risk.
          .hard("9500", SUSPECTED_FRAUD) // SUSPECTED_FRAUD
          .hard("PPSC", BLOCKED_BY_GATEWAY) // ARC_SCORE
          // Other.
          .hard("5200", OTHER) // DUPLICATE_TRANSACTION: a retry is exactly what was refused
          .hard("5210", OTHER) // INVALID_TRANSACTION
          .hard("1317", OTHER) // INVALID_CAPTURE_DATE
          .hard("1384", OTHER) // INVALID_LIFE_CYCLE_OF_TRANSACTION
          .hard("1390", OTHER) // INVALID_ORDER
          .hard("5800", OTHER) // REVERSAL_REJECTED
          // ---- 422 issues that decline the payment ----------------------------------------------
          .soft("INSTRUMENT_DECLINED", DO_NOT_HONOR)
          .soft("PAYMENT_SOURCE_DECLINED_BY_PROCESSOR", DO_NOT_HONOR)
          .soft("DECLINED_DUE_TO_RELATED_TXN", DO_NOT_HONOR)
          .soft("REDIRECT_PAYER_FOR_ALTERNATE_FUNDING", DO_NOT_HONOR)
          .soft("PAYER_CANNOT_PAY", NOT_SUPPORTED)
          .soft("CARD_BRAND_NOT_SUPPORTED", NOT_SUPPORTED)
          .soft("TRANSACTION_RECEIVING_LIMIT_EXCEEDED", BLOCKED_BY_GATEWAY)
          .stepUp3ds("PAYER_ACTION_REQUIRED", AUTHENTICATION_REQUIRED)
          .hard("TRANSACTION_REFUSED", BLOCKED_BY_GATEWAY)
          .hard("COMPLIANCE_VIOLATION", BLOCKED_BY_GATEWAY)
          .hard("TRANSACTION_BLOCKED_BY_PAYEE", BLOCKED_BY_GATEWAY)
          .hard("PAYEE_BLOCKED_TRANSACTION", BLOCKED_BY_GATEWAY)
          .hard("PAYMENT_SOURCE_CANNOT_BE_USED", RESTRICTED_CARD)
          .hard("PAYER_ACCOUNT_RESTRICTED", RESTRICTED_CARD)
          .hard("PAYER_ACCOUNT_LOCKED_OR_CLOSED", RESTRICTED_CARD)
          .hard("PAYMENT_SOURCE_INFO_CANNOT_BE_VERIFIED", INVALID_CARD)
          .hard("CARD_EXPIRED", EXPIRED_CARD)
          .hard("REFERENCED_CARD_EXPIRED", EXPIRED_CARD)
          .hard("TRANSACTION_LIMIT_EXCEEDED", LIMIT_EXCEEDED)
          .hard("MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED", LIMIT_EXCEEDED)
          // ---- statuses without a code ----------------------------------------------------------
          .soft("DENIED", DO_NOT_HONOR) // authorization
          .soft("DECLINED", DO_NOT_HONOR) // capture
          .soft("FAILED", PROCESSING_ERROR) // capture
          .hard("3DS_AUTHENTICATION_FAILED", AUTHENTICATION_FAILED)
          .hard("REFUND_FAILED", OTHER)
          .hard("REFUND_CANCELLED", OTHER)
          .build();

  /** The 422 issues that are declines of the payment rather than errors in our request. */
  static final Set<String> DECLINE_ISSUES =
      Set.of(
          "INSTRUMENT_DECLINED",
          "PAYMENT_SOURCE_DECLINED_BY_PROCESSOR",
          "DECLINED_DUE_TO_RELATED_TXN",
          "REDIRECT_PAYER_FOR_ALTERNATE_FUNDING",
          "PAYER_CANNOT_PAY",
          "CARD_BRAND_NOT_SUPPORTED",
          "TRANSACTION_RECEIVING_LIMIT_EXCEEDED",
          "TRANSACTION_REFUSED",
          "COMPLIANCE_VIOLATION",
          "TRANSACTION_BLOCKED_BY_PAYEE",
          "PAYEE_BLOCKED_TRANSACTION",
          "PAYMENT_SOURCE_CANNOT_BE_USED",
          "PAYER_ACCOUNT_RESTRICTED",
          "PAYER_ACCOUNT_LOCKED_OR_CLOSED",
          "PAYMENT_SOURCE_INFO_CANNOT_BE_VERIFIED",
          "CARD_EXPIRED",
          "REFERENCED_CARD_EXPIRED",
          "TRANSACTION_LIMIT_EXCEEDED",
          "MAX_NUMBER_OF_PAYMENT_ATTEMPTS_EXCEEDED");

  private PayPalDeclines() {}
}
