package io.ottu.gateways.checkout;

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
import static io.ottu.DeclineReason.LOST_OR_STOLEN;
import static io.ottu.DeclineReason.NOT_SUPPORTED;
import static io.ottu.DeclineReason.OTHER;
import static io.ottu.DeclineReason.PROCESSING_ERROR;
import static io.ottu.DeclineReason.REFERRAL;
import static io.ottu.DeclineReason.RESTRICTED_CARD;
import static io.ottu.DeclineReason.SUSPECTED_FRAUD;

import io.ottu.DeclineReason;
import io.ottu.gateway.DeclineRule;
import io.ottu.gateway.DeclineTable;

/**
 * Checkout.com's documented {@code response_code}s (checkout.com/docs/resources/codes/
 * api-response-codes) mapped to normalized reasons.
 *
 * <p>Checkout.com groups its codes by range: {@code 10xxx} approved, {@code 20xxx} soft declines
 * ("subsequent attempts may be successful"), {@code 30xxx} hard declines ("the issuer or cardholder
 * must rectify the issue first"), {@code 4xxxx} risk responses of its risk engine and of the
 * merchant's own rules, and {@code 50xxx} card-payout declines (not returned for card acceptance,
 * so they take the default rule). The table keeps Checkout.com's soft/hard flag for every code and
 * decides the engine's action separately:
 *
 * <ul>
 *   <li>{@code 20xxx} codes about the issuer, the network or the acquiring set-up (issuer
 *       unavailable, system malfunction, format error, function not supported by this acquirer,
 *       card for local use only) and unspecific refusals (do not honour, bank decline) are soft and
 *       <em>cascade</em>: another gateway may well succeed.
 *   <li>{@code 20xxx} codes about the card or the cardholder (insufficient funds, expired card,
 *       invalid number, restrictions, limits, referrals) and about fraud are soft but <em>stop</em>
 *       ({@link DeclineRule#softStop}): a later retry may pass, as Checkout.com says, but another
 *       gateway would present the same card to the same issuer, and retrying fraud declines
 *       elsewhere is what card schemes fine merchants for. Codes saying a transaction may already
 *       be in progress or duplicated ({@code 20009}, {@code 20094}, {@code 20118}) also stop:
 *       cascading could charge twice.
 *   <li>{@code 20154} "3DS authentication required" and the risk-layer {@code 44301} step up to 3-D
 *       Secure on Checkout.com itself.
 *   <li>{@code 30xxx} codes are hard.
 *   <li>{@code 4xxxx} risk responses are hard: they are the merchant's own or Checkout.com's risk
 *       decision, and sending the payment to another gateway would route around it.
 * </ul>
 *
 * <p>Codes not in the table, including Checkout.com's future ones, get the table's default rule, a
 * hard {@link DeclineReason#OTHER}: an unknown decline is not retried anywhere.
 */
final class CheckoutComDeclines {
  static final DeclineTable DEFAULT = build();

  private CheckoutComDeclines() {}

  private static DeclineTable build() {
    DeclineTable.Builder t = DeclineTable.builder();
    // ---- 20xxx, issuer, network and acquirer trouble: may pass elsewhere.
    cascade(t, ISSUER_UNAVAILABLE, "20068 20090 20091 20092 20159 200A6 200E3");
    cascade(
        t,
        PROCESSING_ERROR,
        "20003 20006 20019 20020 20022 20023 20024 20025 20026 20027 20028 20029 20030 20060"
            + " 20084 20085 20086 20088 20089 20095 20096 20097 20098 20099 20102 20104 20105"
            + " 20107 20113 20115 20116 20117 20119 20120 20121 20123 20153 20155 20157 20193"
            + " 20197 200A4 200A5 200E0 200E2 200S4 200T2");
    cascade(t, NOT_SUPPORTED, "20015 20031 20040 20058 20081 20103 20106 20112 20122 20156 200T3");
    // ---- 20xxx, unspecific issuer refusals.
    cascade(t, DO_NOT_HONOR, "20005 20021 20046 200N0");
    // ---- 20xxx, about the card or cardholder: a later retry may pass, another gateway will not.
    softStop(t, REFERRAL, "20001 20002");
    softStop(t, INSUFFICIENT_FUNDS, "20051");
    softStop(t, EXPIRED_CARD, "20054");
    softStop(
        t,
        INVALID_CARD,
        "20014 20016 20039 20042 20044 20052 20053 20055 20056 20072 20083 20087 20100 20101"
            + " 20108 20114 20179 200T5");
    softStop(t, INCORRECT_CVC, "20082 20124 200N7");
    softStop(
        t,
        RESTRICTED_CARD,
        "20012 20038 20057 20062 20064 20075 20078 20093 20182 2005C 2006P 2009G 200R1 200R3");
    softStop(t, LIMIT_EXCEEDED, "20061 20065 200P1 200P9");
    softStop(t, INVALID_AMOUNT, "20013");
    softStop(t, NOT_SUPPORTED, "20045");
    softStop(t, LOST_OR_STOLEN, "20004 20067");
    softStop(t, SUSPECTED_FRAUD, "20059 20063 20066 20183");
    softStop(t, CANCELLED_BY_SHOPPER, "20017");
    // In progress, duplicated or already done: cascading could charge twice.
    softStop(t, PROCESSING_ERROR, "20009 20118");
    softStop(t, OTHER, "20018 20032 20033 20094 20109 20110 20111 20158");
    // ---- 3-D Secure.
    t.stepUp3ds("20154", AUTHENTICATION_REQUIRED);
    t.stepUp3ds("44301", AUTHENTICATION_REQUIRED);
    softStop(t, AUTHENTICATION_REQUIRED, "200O5");
    softStop(t, AUTHENTICATION_FAILED, "20150 20151");
    softStop(t, CANCELLED_BY_SHOPPER, "20152");
    // ---- 30xxx, hard declines.
    hard(t, LOST_OR_STOLEN, "30004 30007 30041 30043");
    hard(t, INVALID_CARD, "30015 30046");
    hard(t, NOT_SUPPORTED, "30016 30017 30018 30019 30045");
    hard(t, INVALID_AMOUNT, "30020");
    hard(t, LIMIT_EXCEEDED, "30021 30022");
    hard(t, EXPIRED_CARD, "30033");
    hard(t, SUSPECTED_FRAUD, "30034 30037");
    hard(t, RESTRICTED_CARD, "30035 30036 30038 30044");
    // ---- 4xxxx, risk responses (legacy 40xxx and the client, entity and Checkout.com levels).
    hard(
        t,
        BLOCKED_BY_GATEWAY,
        "40101 40201 40202 40203 40204 40205 41101 41201 41202 41203 41204 41205 41206 42101"
            + " 42201 42202 42203 42204 42206 43102 43201 43202 43203 43204 43205 43206");
    hard(t, SUSPECTED_FRAUD, "41301 42301 43101 43301");
    // A payment Checkout.com answers as declined without any response code.
    t.hard(CheckoutComResponses.NO_RESPONSE_CODE, OTHER);
    return t.build();
  }

  private static void cascade(DeclineTable.Builder t, DeclineReason reason, String codes) {
    for (String code : codes.split(" ")) {
      t.soft(code, reason);
    }
  }

  private static void softStop(DeclineTable.Builder t, DeclineReason reason, String codes) {
    for (String code : codes.split(" ")) {
      t.rule(code, DeclineRule.softStop(reason));
    }
  }

  private static void hard(DeclineTable.Builder t, DeclineReason reason, String codes) {
    for (String code : codes.split(" ")) {
      t.hard(code, reason);
    }
  }
}
