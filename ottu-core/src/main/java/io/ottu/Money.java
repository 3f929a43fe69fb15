package io.ottu;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An exact amount of money in one {@link CurrencyUnit}: {@code Money.of("12.500", "KWD")}.
 *
 * <p>The amount always has exactly as many decimal places as ISO 4217 gives the currency (0 for
 * JPY, 2 for USD, 3 for KWD, 4 for CLF), so {@code 12.5 USD} and {@code 12.50 USD} are the same
 * value, and {@link #toMinorUnits()} is the integer that gateways such as Stripe and Adyen expect.
 * Nothing here rounds behind the caller's back: an amount finer than the currency's minor unit is
 * rejected, and the only rounding operation, {@link #multiply(BigDecimal, RoundingMode)}, takes the
 * rounding mode as an argument. Operations that combine two amounts refuse to mix currencies.
 *
 * <p>An amount is at most {@link Long#MAX_VALUE} minor units in absolute value (about 9.2 × 10^18;
 * 92,233,720,368,547,758.07 USD). The range is symmetric, so {@link #negate()} and {@link #abs()}
 * never overflow; arithmetic whose result leaves the range throws {@link ArithmeticException}.
 *
 * <p>Instances are immutable and thread-safe. {@link #equals(Object)} is true for the same currency
 * and the same amount, and agrees with {@link #compareTo(Money)}.
 *
 * <p>Invalid input throws {@link InvalidRequestException} whose {@link
 * InvalidRequestException#field() field} is {@code amount}, {@code currency}, {@code ratios} or
 * {@code parts}; a null argument throws {@link NullPointerException} naming the parameter.
 */
public final class Money implements Comparable<Money> {
  /**
   * Longer strings are no amount a payment can carry; refusing them early keeps a hostile request
   * from making the parser do quadratic work on megabytes of digits.
   */
  private static final int MAX_AMOUNT_LENGTH = 64;

  /** The largest number of decimal digits a long can hold, which bounds the work before scaling. */
  private static final int LONG_DIGITS = 19;

  /**
   * In [-Long.MAX_VALUE, Long.MAX_VALUE]: Long.MIN_VALUE is excluded so negation is always safe.
   */
  private final long minor;

  private final CurrencyUnit currency;

  private Money(long minor, CurrencyUnit currency) {
    this.minor = minor;
    this.currency = currency;
  }

  /**
   * Parses an amount written as a plain decimal number: {@code "12.5"}, {@code "12.500"}, {@code
   * "-3"}.
   *
   * @param amount ASCII digits with an optional leading {@code -} and an optional {@code .}
   *     followed by at least one digit; no exponent, grouping, spaces or {@code +}. Trailing zeros
   *     beyond the currency's minor units are accepted ({@code "12.500"} USD is 12.50 USD)
   * @param currencyCode an ISO 4217 code as accepted by {@link CurrencyUnit#of(String)}
   * @return the money
   * @throws NullPointerException if an argument is null
   * @throws InvalidRequestException with field {@code amount} if the string is not a plain decimal
   *     number, has more (non-zero) decimal places than the currency allows, or is out of range;
   *     with field {@code currency} if the code is not a usable ISO 4217 code
   */
  public static Money of(String amount, String currencyCode) {
    Objects.requireNonNull(amount, "amount");
    return of(amount, CurrencyUnit.of(Objects.requireNonNull(currencyCode, "currencyCode")));
  }

  /**
   * As {@link #of(String, String)}, with the currency already resolved.
   *
   * @param amount a plain decimal number, see {@link #of(String, String)}
   * @param currency the currency
   * @return the money
   * @throws NullPointerException if an argument is null
   * @throws InvalidRequestException with field {@code amount} if the string is not a plain decimal
   *     number, has more (non-zero) decimal places than the currency allows, or is out of range
   */
  public static Money of(String amount, CurrencyUnit currency) {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    if (amount.length() > MAX_AMOUNT_LENGTH) {
      throw new InvalidRequestException(
          "amount",
          CurrencyUnit.quote(amount)
              + " is too long for an amount (at most "
              + MAX_AMOUNT_LENGTH
              + " characters)");
    }
    if (!isPlainDecimal(amount)) {
      throw new InvalidRequestException(
          "amount",
          "not a plain decimal number: "
              + CurrencyUnit.quote(amount)
              + " (expected digits, an optional leading '-' and an optional '.', e.g. \"12.50\")");
    }
    return fromDecimal(new BigDecimal(amount), currency, () -> CurrencyUnit.quote(amount));
  }

  /**
   * Converts a {@link BigDecimal}, whatever its scale, without rounding.
   *
   * @param amount the amount; {@code new BigDecimal("12.500")} and {@code 12.5} are both 12.50 USD
   * @param currencyCode an ISO 4217 code as accepted by {@link CurrencyUnit#of(String)}
   * @return the money
   * @throws NullPointerException if an argument is null
   * @throws InvalidRequestException with field {@code amount} if the amount has more (non-zero)
   *     decimal places than the currency allows or is out of range; with field {@code currency} if
   *     the code is not a usable ISO 4217 code
   */
  public static Money of(BigDecimal amount, String currencyCode) {
    Objects.requireNonNull(amount, "amount");
    return of(amount, CurrencyUnit.of(Objects.requireNonNull(currencyCode, "currencyCode")));
  }

  /**
   * As {@link #of(BigDecimal, String)}, with the currency already resolved.
   *
   * @param amount the amount, of any scale
   * @param currency the currency
   * @return the money
   * @throws NullPointerException if an argument is null
   * @throws InvalidRequestException with field {@code amount} if the amount has more (non-zero)
   *     decimal places than the currency allows or is out of range
   */
  public static Money of(BigDecimal amount, CurrencyUnit currency) {
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(currency, "currency");
    return fromDecimal(amount, currency, () -> CurrencyUnit.quote(describe(amount)));
  }

  /**
   * Creates money from a count of minor units, the form most gateway APIs use: {@code ofMinor(1250,
   * "USD")} is 12.50 USD, {@code ofMinor(1250, "KWD")} is 1.250 KWD.
   *
   * @param minorUnits the amount in the currency's smallest unit
   * @param currencyCode an ISO 4217 code as accepted by {@link CurrencyUnit#of(String)}
   * @return the money
   * @throws NullPointerException if {@code currencyCode} is null
   * @throws InvalidRequestException with field {@code amount} if {@code minorUnits} is {@link
   *     Long#MIN_VALUE}; with field {@code currency} if the code is not a usable ISO 4217 code
   */
  public static Money ofMinor(long minorUnits, String currencyCode) {
    return ofMinor(
        minorUnits, CurrencyUnit.of(Objects.requireNonNull(currencyCode, "currencyCode")));
  }

  /**
   * As {@link #ofMinor(long, String)}, with the currency already resolved.
   *
   * @param minorUnits the amount in the currency's smallest unit
   * @param currency the currency
   * @return the money
   * @throws NullPointerException if {@code currency} is null
   * @throws InvalidRequestException with field {@code amount} if {@code minorUnits} is {@link
   *     Long#MIN_VALUE}
   */
  public static Money ofMinor(long minorUnits, CurrencyUnit currency) {
    Objects.requireNonNull(currency, "currency");
    if (minorUnits == Long.MIN_VALUE) {
      throw new InvalidRequestException(
          "amount",
          minorUnits
              + " minor units of "
              + currency
              + " is out of range: at most "
              + Long.MAX_VALUE
              + " in absolute value");
    }
    return new Money(minorUnits, currency);
  }

  /**
   * Zero in a currency.
   *
   * @param currencyCode an ISO 4217 code as accepted by {@link CurrencyUnit#of(String)}
   * @return zero, with the currency's scale ({@code 0.000 KWD})
   * @throws NullPointerException if {@code currencyCode} is null
   * @throws InvalidRequestException with field {@code currency} if the code is not a usable ISO
   *     4217 code
   */
  public static Money zero(String currencyCode) {
    return zero(CurrencyUnit.of(Objects.requireNonNull(currencyCode, "currencyCode")));
  }

  /**
   * Zero in a currency.
   *
   * @param currency the currency
   * @return zero, with the currency's scale ({@code 0.000 KWD})
   * @throws NullPointerException if {@code currency} is null
   */
  public static Money zero(CurrencyUnit currency) {
    return Objects.requireNonNull(currency, "currency").zero();
  }

  /**
   * The amount, with a scale equal to the currency's minor units ({@code 12.50} for USD, {@code 12}
   * for JPY).
   *
   * @return the amount; {@link BigDecimal} is immutable, so the caller may keep it
   */
  public BigDecimal amount() {
    return BigDecimal.valueOf(minor, currency.minorUnits());
  }

  /**
   * The currency.
   *
   * @return the currency
   */
  public CurrencyUnit currency() {
    return currency;
  }

  /**
   * The currency's ISO 4217 alphabetic code.
   *
   * @return for example {@code "KWD"}
   */
  public String currencyCode() {
    return currency.code();
  }

  /**
   * The amount in the currency's smallest unit: 1250 for 12.50 USD, 12500 for 12.500 KWD, 12 for 12
   * JPY. Exact and never throws, because amounts are bounded when they are created.
   *
   * @return the amount in minor units
   */
  public long toMinorUnits() {
    return minor;
  }

  /**
   * The sum of this and another amount in the same currency.
   *
   * @param other the amount to add
   * @return the sum
   * @throws NullPointerException if {@code other} is null
   * @throws InvalidRequestException with field {@code currency} if the currencies differ
   * @throws ArithmeticException if the sum is out of range
   */
  public Money plus(Money other) {
    requireSameCurrency(other);
    long sum;
    try {
      sum = Math.addExact(minor, other.minor);
    } catch (ArithmeticException e) {
      throw overflow(() -> this + " + " + other);
    }
    return result(sum, () -> this + " + " + other);
  }

  /**
   * The difference of this and another amount in the same currency.
   *
   * @param other the amount to subtract
   * @return this minus {@code other}, which may be negative
   * @throws NullPointerException if {@code other} is null
   * @throws InvalidRequestException with field {@code currency} if the currencies differ
   * @throws ArithmeticException if the difference is out of range
   */
  public Money minus(Money other) {
    requireSameCurrency(other);
    long difference;
    try {
      difference = Math.subtractExact(minor, other.minor);
    } catch (ArithmeticException e) {
      throw overflow(() -> this + " - " + other);
    }
    return result(difference, () -> this + " - " + other);
  }

  /**
   * The amount with the opposite sign. Never overflows.
   *
   * @return {@code -this}
   */
  public Money negate() {
    return minor == 0 ? this : new Money(-minor, currency);
  }

  /**
   * The absolute value. Never overflows.
   *
   * @return this if it is not negative, otherwise {@link #negate()}
   */
  public Money abs() {
    return minor < 0 ? new Money(-minor, currency) : this;
  }

  /**
   * This amount times a whole number, exactly.
   *
   * @param factor any whole number
   * @return the product
   * @throws ArithmeticException if the product is out of range
   */
  public Money multiply(long factor) {
    long product;
    try {
      product = Math.multiplyExact(minor, factor);
    } catch (ArithmeticException e) {
      throw overflow(() -> this + " * " + factor);
    }
    return result(product, () -> this + " * " + factor);
  }

  /**
   * This amount times a decimal factor, rounded to the currency's minor units with the given mode.
   * The one operation on money that rounds, so the rounding is always the caller's visible choice
   * (fees and exchange-rate conversions typically use {@link RoundingMode#HALF_EVEN}).
   *
   * @param factor any decimal number, for example a rate or a percentage as a fraction
   * @param mode how to round the exact product; {@link RoundingMode#UNNECESSARY} asserts that the
   *     product needs no rounding
   * @return the rounded product
   * @throws NullPointerException if an argument is null
   * @throws ArithmeticException if the product is out of range, or if {@code mode} is {@link
   *     RoundingMode#UNNECESSARY} and the product has more decimal places than the currency allows
   */
  public Money multiply(BigDecimal factor, RoundingMode mode) {
    Objects.requireNonNull(factor, "factor");
    Objects.requireNonNull(mode, "mode");
    int scale = currency.minorUnits();
    BigDecimal product = amount().multiply(factor);
    if (product.signum() == 0) {
      return zero(currency);
    }
    Supplier<String> description = () -> this + " * " + describe(factor);
    // |product| < 10^digits minor units; bounding this first keeps setScale from building huge
    // powers of ten for factors such as 1E+999999999 or 1E-999999999.
    long digits = (long) product.precision() - product.scale() + scale;
    if (digits > LONG_DIGITS) {
      throw overflow(description);
    }
    if (digits < -1) {
      // Smaller than a tenth of a minor unit: every rounding mode treats it like any other value
      // of that sign and size, so round a small stand-in instead of the real (possibly huge-scale)
      // value.
      product = BigDecimal.valueOf(product.signum(), scale + 2);
    }
    BigDecimal rounded;
    try {
      rounded = product.setScale(scale, mode);
    } catch (ArithmeticException e) {
      throw new ArithmeticException(
          description.get()
              + " has more decimal places than "
              + currency
              + " allows ("
              + scale
              + ") and the rounding mode is UNNECESSARY");
    }
    BigInteger unscaled = rounded.unscaledValue();
    if (unscaled.abs().bitLength() > Long.SIZE - 1) {
      throw overflow(description);
    }
    return result(unscaled.longValue(), description);
  }

  /**
   * Splits this amount by ratios without losing or inventing a minor unit: the parts always sum to
   * exactly this amount. Each part first gets the whole minor units of its exact share; the minor
   * units left over go one each to the parts with the largest fractional remainders (earlier parts
   * first on ties). So every part differs from its exact share by less than one minor unit, and a
   * part with ratio 0 gets zero. Negative amounts split like their absolute value, negated.
   *
   * <p>Example: 100.00 USD by {@code 1, 1, 1} is 33.34, 33.33 and 33.33 USD.
   *
   * @param ratios one non-negative weight per part, with a positive sum that fits in a long
   * @return the parts, in the order of {@code ratios}; an unmodifiable list
   * @throws NullPointerException if {@code ratios} is null
   * @throws InvalidRequestException with field {@code ratios} if there are none, one is negative,
   *     they are all zero, or their sum overflows a long
   */
  public List<Money> allocate(long... ratios) {
    Objects.requireNonNull(ratios, "ratios");
    if (ratios.length == 0) {
      throw new InvalidRequestException("ratios", "at least one ratio is required");
    }
    long total = 0;
    for (int i = 0; i < ratios.length; i++) {
      if (ratios[i] < 0) {
        throw new InvalidRequestException(
            "ratios", "ratios must not be negative, but ratios[" + i + "] is " + ratios[i]);
      }
      try {
        total = Math.addExact(total, ratios[i]);
      } catch (ArithmeticException e) {
        throw new InvalidRequestException(
            "ratios", "the sum of the ratios exceeds " + Long.MAX_VALUE);
      }
    }
    if (total == 0) {
      throw new InvalidRequestException(
          "ratios", "the ratios must have a positive sum, but all " + ratios.length + " are zero");
    }

    long magnitude = Math.abs(minor);
    long[] shares = new long[ratios.length];
    long[] remainders = new long[ratios.length];
    long allocated = 0;
    for (int i = 0; i < ratios.length; i++) {
      long high = Math.multiplyHigh(magnitude, ratios[i]);
      long low = magnitude * ratios[i];
      if (high == 0 && low >= 0) {
        shares[i] = low / total;
        remainders[i] = low % total;
      } else {
        BigInteger[] qr =
            BigInteger.valueOf(magnitude)
                .multiply(BigInteger.valueOf(ratios[i]))
                .divideAndRemainder(BigInteger.valueOf(total));
        shares[i] = qr[0].longValueExact();
        remainders[i] = qr[1].longValueExact();
      }
      allocated += shares[i];
    }

    long leftover = magnitude - allocated;
    if (leftover > 0) {
      // leftover equals the sum of the fractional remainders, each below one, so there are more
      // parts with a non-zero remainder than leftover units: no zero-ratio part gets one.
      Integer[] order = new Integer[ratios.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      // Arrays.sort on objects is stable, so equal remainders keep the earlier part first.
      Arrays.sort(order, (a, b) -> Long.compare(remainders[b], remainders[a]));
      for (int k = 0; k < leftover; k++) {
        shares[order[k]]++;
      }
    }

    long sign = Long.signum(minor);
    List<Money> parts = new ArrayList<>(ratios.length);
    for (long share : shares) {
      parts.add(new Money(sign * share, currency));
    }
    return Collections.unmodifiableList(parts);
  }

  /**
   * Splits this amount into equal parts without losing or inventing a minor unit; the first parts
   * get the minor units left over. Example: 100.00 USD in 3 parts is 33.34, 33.33 and 33.33 USD.
   *
   * @param parts how many parts, at least 1
   * @return the parts; an unmodifiable list
   * @throws InvalidRequestException with field {@code parts} if {@code parts} is less than 1
   */
  public List<Money> allocate(int parts) {
    if (parts < 1) {
      throw new InvalidRequestException("parts", "must be at least 1, but is " + parts);
    }
    long[] ratios = new long[parts];
    Arrays.fill(ratios, 1);
    return allocate(ratios);
  }

  /**
   * Whether the amount is zero.
   *
   * @return {@code true} for zero
   */
  public boolean isZero() {
    return minor == 0;
  }

  /**
   * Whether the amount is greater than zero.
   *
   * @return {@code true} for a positive amount
   */
  public boolean isPositive() {
    return minor > 0;
  }

  /**
   * Whether the amount is less than zero.
   *
   * @return {@code true} for a negative amount
   */
  public boolean isNegative() {
    return minor < 0;
  }

  /**
   * The sign of the amount.
   *
   * @return -1, 0 or 1
   */
  public int signum() {
    return Long.signum(minor);
  }

  /**
   * Whether this is more than another amount in the same currency.
   *
   * @param other the amount to compare with
   * @return {@code this > other}
   * @throws NullPointerException if {@code other} is null
   * @throws InvalidRequestException with field {@code currency} if the currencies differ
   */
  public boolean isGreaterThan(Money other) {
    return compareTo(other) > 0;
  }

  /**
   * Whether this is at least another amount in the same currency.
   *
   * @param other the amount to compare with
   * @return {@code this >= other}
   * @throws NullPointerException if {@code other} is null
   * @throws InvalidRequestException with field {@code currency} if the currencies differ
   */
  public boolean isGreaterThanOrEqualTo(Money other) {
    return compareTo(other) >= 0;
  }

  /**
   * Whether this is less than another amount in the same currency.
   *
   * @param other the amount to compare with
   * @return {@code this < other}
   * @throws NullPointerException if {@code other} is null
   * @throws InvalidRequestException with field {@code currency} if the currencies differ
   */
  public boolean isLessThan(Money other) {
    return compareTo(other) < 0;
  }

  /**
   * Whether this is at most another amount in the same currency.
   *
   * @param other the amount to compare with
   * @return {@code this <= other}
   * @throws NullPointerException if {@code other} is null
   * @throws InvalidRequestException with field {@code currency} if the currencies differ
   */
  public boolean isLessThanOrEqualTo(Money other) {
    return compareTo(other) <= 0;
  }

  /**
   * The smaller of this and another amount in the same currency.
   *
   * @param other the amount to compare with
   * @return the smaller amount; this one if they are equal
   * @throws NullPointerException if {@code other} is null
   * @throws InvalidRequestException with field {@code currency} if the currencies differ
   */
  public Money min(Money other) {
    return compareTo(other) <= 0 ? this : other;
  }

  /**
   * The larger of this and another amount in the same currency.
   *
   * @param other the amount to compare with
   * @return the larger amount; this one if they are equal
   * @throws NullPointerException if {@code other} is null
   * @throws InvalidRequestException with field {@code currency} if the currencies differ
   */
  public Money max(Money other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /**
   * Orders amounts of the same currency by value. Amounts of different currencies have no order
   * without an exchange rate, so comparing them throws rather than inventing one.
   *
   * @param other the amount to compare with
   * @return negative, zero or positive as this is less than, equal to or greater than {@code other}
   * @throws NullPointerException if {@code other} is null
   * @throws InvalidRequestException with field {@code currency} if the currencies differ
   */
  @Override
  public int compareTo(Money other) {
    requireSameCurrency(other);
    return Long.compare(minor, other.minor);
  }

  /**
   * Equal when the other object is money with the same currency and the same amount. Never throws
   * for a different currency; it is simply not equal.
   *
   * @param o any object
   * @return whether {@code o} is the same amount of the same currency
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Money)) {
      return false;
    }
    Money that = (Money) o;
    return minor == that.minor && currency.equals(that.currency);
  }

  /**
   * A hash of the currency and the amount, consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return 31 * currency.hashCode() + Long.hashCode(minor);
  }

  /**
   * The amount as a plain decimal number with exactly the currency's decimal places, which {@link
   * #of(String, String)} parses back to an equal value.
   *
   * @return for example {@code "12.500"} for 12.5 KWD, {@code "-3.00"} for -3 USD, {@code "12"} for
   *     12 JPY
   */
  public String toPlainString() {
    return amount().toPlainString();
  }

  /**
   * The amount and the currency code, for logs and messages.
   *
   * @return for example {@code "12.500 KWD"}
   */
  @Override
  public String toString() {
    return toPlainString() + " " + currency.code();
  }

  private void requireSameCurrency(Money other) {
    Objects.requireNonNull(other, "other");
    if (!currency.equals(other.currency)) {
      throw new InvalidRequestException(
          "currency", "currency mismatch: " + currency + " vs " + other.currency);
    }
  }

  private Money result(long minorUnits, Supplier<String> description) {
    if (minorUnits == Long.MIN_VALUE) {
      throw overflow(description);
    }
    return new Money(minorUnits, currency);
  }

  private ArithmeticException overflow(Supplier<String> description) {
    return new ArithmeticException(
        description.get()
            + " is out of range: "
            + currency
            + " amounts are at most "
            + BigDecimal.valueOf(Long.MAX_VALUE, currency.minorUnits()).toPlainString()
            + " in absolute value");
  }

  // The description is for error messages only, so it is built only when one is thrown.
  private static Money fromDecimal(
      BigDecimal amount, CurrencyUnit currency, Supplier<String> shown) {
    int scale = currency.minorUnits();
    if (amount.signum() == 0) {
      return new Money(0, currency);
    }
    BigDecimal stripped = amount.stripTrailingZeros();
    if (stripped.scale() > scale) {
      throw new InvalidRequestException(
          "amount",
          shown.get() + " has more decimal places than " + currency + " allows (" + scale + ")");
    }
    // Checked before setScale so that 1E+999999999 is refused instead of being expanded.
    long digits = (long) stripped.precision() - stripped.scale() + scale;
    BigInteger unscaled =
        digits > LONG_DIGITS
            ? null
            : stripped.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue();
    if (unscaled == null || unscaled.abs().bitLength() > Long.SIZE - 1) {
      throw new InvalidRequestException(
          "amount",
          shown.get()
              + " is out of range: "
              + currency
              + " amounts are at most "
              + BigDecimal.valueOf(Long.MAX_VALUE, scale).toPlainString()
              + " in absolute value");
    }
    return new Money(unscaled.longValue(), currency);
  }

  /**
   * Accepts exactly {@code -?[0-9]+(\.[0-9]+)?}, checked by hand because {@link BigDecimal}'s own
   * parser also takes exponents, a leading {@code +} and non-ASCII digits.
   */
  private static boolean isPlainDecimal(String s) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    int i = s.charAt(0) == '-' ? 1 : 0;
    int integerStart = i;
    while (i < n && isAsciiDigit(s.charAt(i))) {
      i++;
    }
    if (i == integerStart) {
      return false;
    }
    if (i == n) {
      return true;
    }
    if (s.charAt(i) != '.') {
      return false;
    }
    int fractionStart = ++i;
    while (i < n && isAsciiDigit(s.charAt(i))) {
      i++;
    }
    return i == n && i > fractionStart;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A readable rendering of a decimal for messages, without expanding an extreme exponent. */
  private static String describe(BigDecimal value) {
    return Math.abs((long) value.scale()) <= MAX_AMOUNT_LENGTH
        ? value.toPlainString()
        : value.toString();
  }
}
