package io.ottu.gateway.simulated;

import io.ottu.CardData;
import java.time.YearMonth;
import java.util.Map;
import java.util.Objects;

/**
 * The card numbers and gateway tokens whose outcome {@link SimulatedGateway} fixes, whatever its
 * approval rate: the public test numbers Stripe documents for the same scenarios, so the cards a
 * developer already knows behave as expected. Every number passes the Luhn check.
 *
 * <table>
 *   <caption>Test cards</caption>
 *   <tr><th>number</th><th>outcome</th></tr>
 *   <tr><td>{@value #VISA}, {@value #VISA_DEBIT}, {@value #MASTERCARD},
 *       {@value #AMERICAN_EXPRESS}</td><td>approved, never challenged unless 3-D Secure is
 *       {@code REQUIRED}</td></tr>
 *   <tr><td>{@value #DECLINED}</td><td>declined {@code 05} do not honour (soft)</td></tr>
 *   <tr><td>{@value #INSUFFICIENT_FUNDS}</td><td>declined {@code 51} insufficient funds
 *       (hard)</td></tr>
 *   <tr><td>{@value #LOST_CARD}</td><td>declined {@code 41} lost card (hard)</td></tr>
 *   <tr><td>{@value #STOLEN_CARD}</td><td>declined {@code 43} stolen card (hard)</td></tr>
 *   <tr><td>{@value #EXPIRED_CARD}</td><td>declined {@code 54} expired card (hard), whatever
 *       the expiry date</td></tr>
 *   <tr><td>{@value #INCORRECT_CVC}</td><td>declined {@code N7} incorrect CVC (hard)</td></tr>
 *   <tr><td>{@value #PROCESSING_ERROR}</td><td>declined {@code 96} system malfunction
 *       (soft)</td></tr>
 *   <tr><td>{@value #FRAUDULENT}</td><td>declined {@code 59} suspected fraud (hard)</td></tr>
 *   <tr><td>{@value #VELOCITY_EXCEEDED}</td><td>declined {@code 61} limit exceeded
 *       (hard)</td></tr>
 *   <tr><td>{@value #THREE_D_SECURE_REQUIRED}</td><td>always challenged with 3-D Secure, then
 *       approved on success; declined {@code 1A} when 3-D Secure is {@code SKIP}</td></tr>
 *   <tr><td>{@value #THREE_D_SECURE_THEN_DECLINED}</td><td>always challenged, then declined
 *       {@code 05} after a successful challenge</td></tr>
 * </table>
 *
 * <p>Gateway-token sources follow the same rules for {@value #TOKEN_VISA} (approved), {@value
 * #TOKEN_DECLINED} ({@code 05}), {@value #TOKEN_INSUFFICIENT_FUNDS} ({@code 51}) and {@value
 * #TOKEN_THREE_D_SECURE_REQUIRED} (challenged, then approved). Any other card or token gets the
 * gateway's configured approval rate, decline mix and 3-D Secure rate.
 *
 * <p>A card whose expiry month has passed (by the gateway's clock) is declined {@code 54} before
 * any of these rules apply.
 */
public final class TestCards {
  /** Visa, approved. */
  public static final String VISA = "4242424242424242";

  /** Visa debit, approved. */
  public static final String VISA_DEBIT = "4000056655665556";

  /** Mastercard, approved. */
  public static final String MASTERCARD = "5555555555554444";

  /** American Express, approved. */
  public static final String AMERICAN_EXPRESS = "378282246310005";

  /** Declined {@code 05} do not honour (soft). */
  public static final String DECLINED = "4000000000000002";

  /** Declined {@code 51} insufficient funds (hard). */
  public static final String INSUFFICIENT_FUNDS = "4000000000009995";

  /** Declined {@code 41} lost card (hard). */
  public static final String LOST_CARD = "4000000000009987";

  /** Declined {@code 43} stolen card (hard). */
  public static final String STOLEN_CARD = "4000000000009979";

  /** Declined {@code 54} expired card (hard). */
  public static final String EXPIRED_CARD = "4000000000000069";

  /** Declined {@code N7} incorrect CVC (hard). */
  public static final String INCORRECT_CVC = "4000000000000127";

  /** Declined {@code 96} system malfunction (soft). */
  public static final String PROCESSING_ERROR = "4000000000000119";

  /** Declined {@code 59} suspected fraud (hard). */
  public static final String FRAUDULENT = "4100000000000019";

  /** Declined {@code 61} limit exceeded (hard). */
  public static final String VELOCITY_EXCEEDED = "4000000000006975";

  /** Always challenged with 3-D Secure; approved after a successful challenge. */
  public static final String THREE_D_SECURE_REQUIRED = "4000000000003220";

  /** Always challenged with 3-D Secure; declined {@code 05} after a successful challenge. */
  public static final String THREE_D_SECURE_THEN_DECLINED = "4000008400001629";

  /** Gateway token, approved. */
  public static final String TOKEN_VISA = "tok_visa";

  /** Gateway token, declined {@code 05} (soft). */
  public static final String TOKEN_DECLINED = "tok_chargeDeclined";

  /** Gateway token, declined {@code 51} (hard). */
  public static final String TOKEN_INSUFFICIENT_FUNDS = "tok_chargeDeclinedInsufficientFunds";

  /** Gateway token, always challenged with 3-D Secure, approved after success. */
  public static final String TOKEN_THREE_D_SECURE_REQUIRED = "tok_threeDSecure2Required";

  /** What a test card or token does: the decline it ends in (null to approve), and 3DS. */
  record Behaviour(DeclineCode decline, boolean requiresAuthentication) {}

  private static final Behaviour APPROVE = new Behaviour(null, false);

  private static final Map<String, Behaviour> CARDS =
      Map.ofEntries(
          Map.entry(VISA, APPROVE),
          Map.entry(VISA_DEBIT, APPROVE),
          Map.entry(MASTERCARD, APPROVE),
          Map.entry(AMERICAN_EXPRESS, APPROVE),
          Map.entry(DECLINED, declines(DeclineCode.DO_NOT_HONOR)),
          Map.entry(INSUFFICIENT_FUNDS, declines(DeclineCode.INSUFFICIENT_FUNDS)),
          Map.entry(LOST_CARD, declines(DeclineCode.LOST_CARD)),
          Map.entry(STOLEN_CARD, declines(DeclineCode.STOLEN_CARD)),
          Map.entry(EXPIRED_CARD, declines(DeclineCode.EXPIRED_CARD)),
          Map.entry(INCORRECT_CVC, declines(DeclineCode.INCORRECT_CVC)),
          Map.entry(PROCESSING_ERROR, declines(DeclineCode.SYSTEM_MALFUNCTION)),
          Map.entry(FRAUDULENT, declines(DeclineCode.SUSPECTED_FRAUD)),
          Map.entry(VELOCITY_EXCEEDED, declines(DeclineCode.EXCEEDS_LIMIT)),
          Map.entry(THREE_D_SECURE_REQUIRED, new Behaviour(null, true)),
          Map.entry(THREE_D_SECURE_THEN_DECLINED, new Behaviour(DeclineCode.DO_NOT_HONOR, true)));

  private static final Map<String, Behaviour> TOKENS =
      Map.of(
          TOKEN_VISA,
          APPROVE,
          TOKEN_DECLINED,
          declines(DeclineCode.DO_NOT_HONOR),
          TOKEN_INSUFFICIENT_FUNDS,
          declines(DeclineCode.INSUFFICIENT_FUNDS),
          TOKEN_THREE_D_SECURE_REQUIRED,
          new Behaviour(null, true));

  private TestCards() {}

  private static Behaviour declines(DeclineCode code) {
    return new Behaviour(code, false);
  }

  /**
   * Card details for a test number, expiring three years after the current month, with CVC {@code
   * 123}: a convenience for tests and demos.
   *
   * @param number one of the numbers above, or any Luhn-valid number
   * @throws io.ottu.InvalidRequestException if the number is not a valid card number
   */
  public static CardData card(String number) {
    Objects.requireNonNull(number, "number");
    YearMonth expiry = YearMonth.now().plusYears(3);
    return CardData.builder()
        .number(number)
        .expiry(expiry.getMonthValue(), expiry.getYear())
        .cvc("123")
        .build();
  }

  /** The fixed behaviour of a card number, or null for an ordinary card. */
  static Behaviour forCardNumber(String number) {
    return CARDS.get(number);
  }

  /** The fixed behaviour of a gateway token, or null for an ordinary token. */
  static Behaviour forToken(String token) {
    return TOKENS.get(token);
  }
}
