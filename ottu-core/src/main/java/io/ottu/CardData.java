package io.ottu;

import java.time.YearMonth;
import java.util.Arrays;
import java.util.Optional;

/**
 * Raw card details for one payment: number, expiry, optional CVC and holder name.
 *
 * <p>The number and CVC are held in {@code char[]} so they can be wiped: {@link #wipeCvc()} after
 * the authorization that needed it, {@link #wipe()} when the card is no longer needed. The engine
 * wipes the CVC itself once the gateway call has been made. {@link #toString()} shows only the
 * brand, the last four digits and the expiry; there is no {@code equals} over the number.
 *
 * <p>Built cards are always well formed: digits only, 12 to 19 long, passing the Luhn check, a real
 * expiry month. Whether the card has expired depends on the clock, so it is checked when a payment
 * is made ({@link #isExpired(YearMonth)}). Thread-safe for reading; wiping while another thread
 * reads is the caller's race to avoid.
 */
public final class CardData {
  private final char[] number;
  private final char[] cvc;
  private final int expiryMonth;
  private final int expiryYear;
  private final String holderName;
  private final CardBrand brand;
  private volatile boolean wiped;

  private CardData(Builder b) {
    this.number = b.number.clone();
    this.cvc = b.cvc == null ? null : b.cvc.clone();
    this.expiryMonth = b.expiryMonth;
    this.expiryYear = b.expiryYear;
    this.holderName = b.holderName;
    this.brand = CardBrand.detect(new String(number, 0, Math.min(8, number.length)));
  }

  /** A builder for card details. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The full card number (digits only). Call only where the number must leave the process, such as
   * in the body of a gateway request, and never log it.
   *
   * @throws IllegalStateException if the card was wiped
   */
  public String number() {
    checkNotWiped();
    return new String(number);
  }

  /** The CVC, if one was given and not yet wiped. */
  public Optional<String> cvc() {
    checkNotWiped();
    synchronized (this) {
      return cvc == null || cvc.length == 0 || cvc[0] == 0
          ? Optional.empty()
          : Optional.of(new String(cvc));
    }
  }

  /** The expiry month, 1 to 12. */
  public int expiryMonth() {
    return expiryMonth;
  }

  /** The four-digit expiry year. */
  public int expiryYear() {
    return expiryYear;
  }

  /** The expiry as a year and month. */
  public YearMonth expiry() {
    return YearMonth.of(expiryYear, expiryMonth);
  }

  /** The cardholder's name, if given. */
  public Optional<String> holderName() {
    return Optional.ofNullable(holderName);
  }

  /** The brand detected from the number. */
  public CardBrand brand() {
    return brand;
  }

  /** The first six digits (the BIN). Not sensitive on its own. */
  public String bin() {
    return new String(number, 0, 6);
  }

  /** The last four digits. Not sensitive on its own. */
  public String last4() {
    return new String(number, number.length - 4, 4);
  }

  /**
   * The number with all but the first six and last four digits masked: {@code 424242******4242}.
   */
  public String maskedNumber() {
    return CardNumbers.mask(number);
  }

  /** Whether the card has expired in the month {@code now} (a card is valid through its month). */
  public boolean isExpired(YearMonth now) {
    return expiry().isBefore(now);
  }

  /** A summary safe to store and show: brand, BIN, last four, expiry. */
  public CardSummary summary() {
    return new CardSummary(brand, bin(), last4(), expiryMonth, expiryYear);
  }

  /** Overwrites the CVC in memory. Later calls to {@link #cvc()} return empty. */
  public void wipeCvc() {
    synchronized (this) {
      if (cvc != null) {
        Arrays.fill(cvc, '\0');
      }
    }
  }

  /** Overwrites the number and CVC in memory; the card can no longer be used. */
  public void wipe() {
    wipeCvc();
    synchronized (this) {
      Arrays.fill(number, '\0');
      wiped = true;
    }
  }

  /** Whether {@link #wipe()} was called. */
  public boolean isWiped() {
    return wiped;
  }

  private void checkNotWiped() {
    if (wiped) {
      throw new IllegalStateException("card data was wiped");
    }
  }

  @Override
  public String toString() {
    if (wiped) {
      return "CardData[wiped]";
    }
    return "CardData["
        + brand
        + " ****"
        + last4()
        + " "
        + String.format("%02d/%d", expiryMonth, expiryYear)
        + "]";
  }

  /**
   * Builds {@link CardData}, validating at {@link #build()}: a problem is reported as an {@link
   * InvalidRequestException} naming the field ({@code card.number}, {@code card.expiryMonth}, ...),
   * never echoing the number. Not thread-safe.
   */
  public static final class Builder {
    private char[] number;
    private char[] cvc;
    private int expiryMonth;
    private int expiryYear;
    private String holderName;

    private Builder() {}

    /** The card number; spaces and dashes are ignored. Required. */
    public Builder number(CharSequence number) {
      if (number == null) {
        this.number = null;
        return this;
      }
      StringBuilder digits = new StringBuilder(number.length());
      for (int i = 0; i < number.length(); i++) {
        char c = number.charAt(i);
        if (c != ' ' && c != '-') {
          digits.append(c);
        }
      }
      char[] chars = new char[digits.length()];
      digits.getChars(0, digits.length(), chars, 0);
      for (int i = 0; i < digits.length(); i++) {
        digits.setCharAt(i, '\0');
      }
      this.number = chars;
      return this;
    }

    /** The expiry month and four-digit year. Required. */
    public Builder expiry(int month, int year) {
      this.expiryMonth = month;
      this.expiryYear = year;
      return this;
    }

    /** The card verification code (3 or 4 digits). Optional. */
    public Builder cvc(CharSequence cvc) {
      this.cvc = cvc == null ? null : cvc.toString().toCharArray();
      return this;
    }

    /** The name on the card. Optional. */
    public Builder holderName(String holderName) {
      this.holderName = holderName;
      return this;
    }

    /**
     * Validates and builds. The builder keeps its copy of the number; discard it.
     *
     * @throws InvalidRequestException naming the invalid field
     */
    public CardData build() {
      if (number == null || number.length == 0) {
        throw new InvalidRequestException("card.number", "is required");
      }
      for (char c : number) {
        if (c < '0' || c > '9') {
          throw new InvalidRequestException(
              "card.number", "must contain only digits, spaces or dashes");
        }
      }
      if (number.length < 12 || number.length > 19) {
        throw new InvalidRequestException(
            "card.number", "must have 12 to 19 digits, has " + number.length);
      }
      if (!CardNumbers.luhnValid(number)) {
        throw new InvalidRequestException("card.number", "fails the Luhn check");
      }
      if (expiryMonth < 1 || expiryMonth > 12) {
        throw new InvalidRequestException(
            "card.expiryMonth", "must be 1 to 12, was " + expiryMonth);
      }
      if (expiryYear < 2000 || expiryYear > 2099) {
        throw new InvalidRequestException(
            "card.expiryYear", "must be a four-digit year, was " + expiryYear);
      }
      if (cvc != null) {
        if (cvc.length < 3 || cvc.length > 4) {
          throw new InvalidRequestException("card.cvc", "must have 3 or 4 digits");
        }
        for (char c : cvc) {
          if (c < '0' || c > '9') {
            throw new InvalidRequestException("card.cvc", "must contain only digits");
          }
        }
      }
      return new CardData(this);
    }
  }
}
