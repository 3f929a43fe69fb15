package io.ottu.fx;

import io.ottu.InvalidRequestException;
import java.math.BigDecimal;
import java.math.MathContext;

/** The one place that says what a usable rate is, so that every type of the package agrees. */
final class Rates {
  /** Every derived rate is rounded once, to this. */
  static final MathContext MATH = MathContext.DECIMAL128;

  /** Largest order of magnitude, in either direction, a rate may have. */
  static final int MAX_EXPONENT = 30;

  private static final BigDecimal MIN = BigDecimal.ONE.scaleByPowerOfTen(-MAX_EXPONENT);
  private static final BigDecimal MAX = BigDecimal.ONE.scaleByPowerOfTen(MAX_EXPONENT);

  private Rates() {}

  /**
   * Checks a rate and returns it without trailing zeros, so that equal rates have equal
   * representations.
   *
   * @throws InvalidRequestException naming {@code field} if the rate is not positive, has more than
   *     34 significant digits or lies outside [1E-30, 1E+30]
   */
  static BigDecimal check(String field, BigDecimal rate) {
    if (rate == null) {
      throw new InvalidRequestException(field, "is required");
    }
    if (rate.signum() <= 0) {
      throw new InvalidRequestException(field, "must be positive, was " + describe(rate));
    }
    // Magnitude first: precision() and stripTrailingZeros() are cheap, but comparing or scaling
    // a value such as 1E+999999999 is not, and a rate that large or small is no rate.
    long magnitude = (long) rate.precision() - rate.scale();
    if (magnitude > MAX_EXPONENT + 1 || magnitude < -MAX_EXPONENT - 1) {
      throw outOfRange(field, rate);
    }
    if (rate.compareTo(MIN) < 0 || rate.compareTo(MAX) > 0) {
      throw outOfRange(field, rate);
    }
    BigDecimal stripped = rate.stripTrailingZeros();
    if (stripped.precision() > MATH.getPrecision()) {
      throw new InvalidRequestException(
          field,
          "has more than "
              + MATH.getPrecision()
              + " significant digits: "
              + describe(rate)
              + " (round it to MathContext.DECIMAL128)");
    }
    return stripped;
  }

  /**
   * Parses a rate written as a plain decimal ({@code "0.3075"}).
   *
   * @throws InvalidRequestException naming {@code field} if it is not a plain positive decimal or
   *     not a usable rate
   */
  static BigDecimal parse(String field, String rate) {
    if (rate == null) {
      throw new InvalidRequestException(field, "is required");
    }
    if (rate.length() > 80 || !rate.matches("[0-9]+(\\.[0-9]+)?")) {
      throw new InvalidRequestException(
          field,
          "not a plain positive decimal number: \""
              + (rate.length() > 40 ? rate.substring(0, 40) + "..." : rate)
              + "\" (expected e.g. \"0.3075\")");
    }
    return check(field, new BigDecimal(rate));
  }

  /** A rate for messages and {@code toString()}: plain, unless the exponent is absurd. */
  static String describe(BigDecimal rate) {
    return Math.abs((long) rate.scale()) <= 64 ? rate.toPlainString() : rate.toString();
  }

  private static InvalidRequestException outOfRange(String field, BigDecimal rate) {
    return new InvalidRequestException(
        field, "must be between 1E-30 and 1E+30, was " + describe(rate));
  }
}
