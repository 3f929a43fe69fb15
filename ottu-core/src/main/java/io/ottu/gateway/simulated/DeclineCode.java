package io.ottu.gateway.simulated;

import io.ottu.Decline;
import io.ottu.DeclineReason;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One row of {@link SimulatedGateway}'s decline table: the raw code the simulated gateway answers
 * with, its normalized {@link DeclineReason}, and whether it is soft (another attempt may pass) or
 * hard. The constants are the ISO 8583 response codes that card acquirers return (the two-digit
 * "action codes" most gateways pass through), plus the simulator's own codes for 3-D Secure
 * outcomes and unsupported brands. Immutable.
 *
 * @param rawCode the gateway's code, as {@link Decline#rawCode()} will show it
 * @param reason the normalized reason
 * @param soft whether another attempt, elsewhere or later, may succeed
 * @param message the gateway's message, as {@link Decline#message()} will show it
 */
public record DeclineCode(String rawCode, DeclineReason reason, boolean soft, String message) {

  /** ISO 8583 {@code 01}: refer to card issuer. Soft. */
  public static final DeclineCode REFER_TO_ISSUER =
      new DeclineCode("01", DeclineReason.REFERRAL, true, "Refer to card issuer");

  /** ISO 8583 {@code 05}: do not honour, the issuer's generic refusal. Soft. */
  public static final DeclineCode DO_NOT_HONOR =
      new DeclineCode("05", DeclineReason.DO_NOT_HONOR, true, "Do not honour");

  /** ISO 8583 {@code 12}: invalid transaction for this card or acquirer. Soft. */
  public static final DeclineCode INVALID_TRANSACTION =
      new DeclineCode("12", DeclineReason.NOT_SUPPORTED, true, "Invalid transaction");

  /** ISO 8583 {@code 13}: invalid amount. Soft: another acquirer may accept it. */
  public static final DeclineCode INVALID_AMOUNT =
      new DeclineCode("13", DeclineReason.INVALID_AMOUNT, true, "Invalid amount");

  /** ISO 8583 {@code 14}: invalid card number. Hard. */
  public static final DeclineCode INVALID_CARD_NUMBER =
      new DeclineCode("14", DeclineReason.INVALID_CARD, false, "Invalid card number");

  /** ISO 8583 {@code 41}: lost card, pick up. Hard. */
  public static final DeclineCode LOST_CARD =
      new DeclineCode("41", DeclineReason.LOST_OR_STOLEN, false, "Lost card, pick up");

  /** ISO 8583 {@code 43}: stolen card, pick up. Hard. */
  public static final DeclineCode STOLEN_CARD =
      new DeclineCode("43", DeclineReason.LOST_OR_STOLEN, false, "Stolen card, pick up");

  /** ISO 8583 {@code 51}: insufficient funds. Hard. */
  public static final DeclineCode INSUFFICIENT_FUNDS =
      new DeclineCode("51", DeclineReason.INSUFFICIENT_FUNDS, false, "Insufficient funds");

  /** ISO 8583 {@code 54}: expired card. Hard. */
  public static final DeclineCode EXPIRED_CARD =
      new DeclineCode("54", DeclineReason.EXPIRED_CARD, false, "Expired card");

  /** ISO 8583 {@code 57}: transaction not permitted to the cardholder. Hard. */
  public static final DeclineCode NOT_PERMITTED =
      new DeclineCode(
          "57", DeclineReason.RESTRICTED_CARD, false, "Transaction not permitted to cardholder");

  /**
   * ISO 8583 {@code 59}: suspected fraud. Hard: sending a payment the issuer flagged as fraud to
   * another acquirer is what card schemes penalize.
   */
  public static final DeclineCode SUSPECTED_FRAUD =
      new DeclineCode("59", DeclineReason.SUSPECTED_FRAUD, false, "Suspected fraud");

  /** ISO 8583 {@code 61}: exceeds the amount or velocity limit. Hard. */
  public static final DeclineCode EXCEEDS_LIMIT =
      new DeclineCode("61", DeclineReason.LIMIT_EXCEEDED, false, "Exceeds withdrawal limit");

  /** ISO 8583 {@code 62}: restricted card. Hard. */
  public static final DeclineCode RESTRICTED_CARD =
      new DeclineCode("62", DeclineReason.RESTRICTED_CARD, false, "Restricted card");

  /** ISO 8583 {@code 91}: issuer or switch inoperative. Soft. */
  public static final DeclineCode ISSUER_UNAVAILABLE =
      new DeclineCode("91", DeclineReason.ISSUER_UNAVAILABLE, true, "Issuer unavailable");

  /** ISO 8583 {@code 96}: system malfunction. Soft. */
  public static final DeclineCode SYSTEM_MALFUNCTION =
      new DeclineCode("96", DeclineReason.PROCESSING_ERROR, true, "System malfunction");

  /** Visa's {@code N7}: the CVV2/CVC did not match. Hard. */
  public static final DeclineCode INCORRECT_CVC =
      new DeclineCode("N7", DeclineReason.INCORRECT_CVC, false, "CVV2 mismatch");

  /**
   * Visa's {@code 1A}: the issuer requires strong customer authentication. Soft: the same payment
   * with 3-D Secure may pass.
   */
  public static final DeclineCode AUTHENTICATION_REQUIRED =
      new DeclineCode(
          "1A",
          DeclineReason.AUTHENTICATION_REQUIRED,
          true,
          "Additional customer authentication" + " required");

  /** The simulator's code for a failed 3-D Secure challenge. Hard. */
  public static final DeclineCode AUTHENTICATION_FAILED =
      new DeclineCode(
          "authentication_failed",
          DeclineReason.AUTHENTICATION_FAILED,
          false,
          "3-D Secure authentication failed");

  /** The simulator's code for a 3-D Secure challenge the shopper abandoned. Hard. */
  public static final DeclineCode AUTHENTICATION_ABANDONED =
      new DeclineCode(
          "authentication_abandoned",
          DeclineReason.CANCELLED_BY_SHOPPER,
          false,
          "The shopper abandoned 3-D Secure");

  /**
   * The simulator's code for a card brand the gateway does not accept (see {@link
   * io.ottu.gateway.GatewayCapabilities#brands()}). Soft: another gateway may take it.
   */
  public static final DeclineCode BRAND_NOT_SUPPORTED =
      new DeclineCode(
          "card_brand_not_supported", DeclineReason.NOT_SUPPORTED, true, "Card brand not accepted");

  private static final List<DeclineCode> ISO_8583 =
      List.of(
          REFER_TO_ISSUER,
          DO_NOT_HONOR,
          INVALID_TRANSACTION,
          INVALID_AMOUNT,
          INVALID_CARD_NUMBER,
          LOST_CARD,
          STOLEN_CARD,
          INSUFFICIENT_FUNDS,
          EXPIRED_CARD,
          NOT_PERMITTED,
          SUSPECTED_FRAUD,
          EXCEEDS_LIMIT,
          RESTRICTED_CARD,
          ISSUER_UNAVAILABLE,
          SYSTEM_MALFUNCTION,
          INCORRECT_CVC,
          AUTHENTICATION_REQUIRED);

  private static final Map<String, DeclineCode> BY_RAW_CODE =
      ISO_8583.stream()
          .collect(Collectors.toUnmodifiableMap(DeclineCode::rawCode, Function.identity()));

  /**
   * Validates the parts.
   *
   * @throws IllegalArgumentException if {@code rawCode} is blank
   */
  public DeclineCode {
    Objects.requireNonNull(rawCode, "rawCode");
    Objects.requireNonNull(reason, "reason");
    if (rawCode.isBlank()) {
      throw new IllegalArgumentException("rawCode must not be blank");
    }
    message = message == null ? "" : message;
  }

  /** A hard decline code of the caller's own. */
  public static DeclineCode hard(String rawCode, DeclineReason reason, String message) {
    return new DeclineCode(rawCode, reason, false, message);
  }

  /** A soft decline code of the caller's own. */
  public static DeclineCode soft(String rawCode, DeclineReason reason, String message) {
    return new DeclineCode(rawCode, reason, true, message);
  }

  /**
   * The ISO 8583 (and Visa {@code N7}, {@code 1A}) codes the simulated gateway knows, in code
   * order; the amount triggers of {@link SimulatedGateway} select among the numeric ones.
   */
  public static List<DeclineCode> iso8583() {
    return ISO_8583;
  }

  /** The known code with this raw code, such as {@code "51"}. */
  public static Optional<DeclineCode> forRawCode(String rawCode) {
    return rawCode == null ? Optional.empty() : Optional.ofNullable(BY_RAW_CODE.get(rawCode));
  }

  /** The {@link Decline} a gateway with the given id reports for this code. */
  public Decline toDecline(String gatewayId) {
    return new Decline(reason, rawCode, message, soft, gatewayId);
  }
}
