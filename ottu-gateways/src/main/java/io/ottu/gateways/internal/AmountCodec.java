package io.ottu.gateways.internal;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import io.ottu.Money;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How one gateway writes amounts: as integers in the gateway's minor unit or as decimal strings,
 * with the gateway's exceptions to ISO 4217 (Stripe sends ISK with two decimals and MGA with none,
 * and wants three-decimal amounts to end in 0; PayPal sends JPY, HUF and TWD without decimals).
 * Each adapter builds one constant instance from its gateway's published currency rules.
 *
 * <p>Conversions are exact. An amount the gateway cannot represent fails with an {@link
 * InvalidRequestException} for field {@code amount}, <em>before</em> anything is sent, naming the
 * gateway's rule and the nearest amounts it would take. Immutable and thread-safe.
 */
public final class AmountCodec {
  // Currency spellings as gateways send them ("usd"), each looked up once. Only spellings of real
  // currencies get in, three characters each: at most 8 per currency.
  private static final int MAX_SPELLINGS = 4096;
  private static final ConcurrentHashMap<String, CurrencyUnit> SPELLINGS =
      new ConcurrentHashMap<>();

  private final String gatewayName;
  private final Map<String, Integer> exponents;
  private final Map<String, Long> steps;
  private final Map<String, String> stepRules;

  private AmountCodec(Builder b) {
    this.gatewayName = b.gatewayName;
    this.exponents = Map.copyOf(b.exponents);
    this.steps = Map.copyOf(b.steps);
    this.stepRules = Map.copyOf(b.stepRules);
  }

  /** A codec for {@code gatewayName} (used in messages), following ISO 4217 unless told. */
  public static Builder builder(String gatewayName) {
    return new Builder(gatewayName);
  }

  /** The number of decimals the gateway uses for {@code currencyCode}. */
  public int exponent(String currencyCode) {
    String code = currencyCode.toUpperCase(Locale.ROOT);
    Integer e = exponents.get(code);
    return e != null ? e : CurrencyUnit.of(code).minorUnits();
  }

  /**
   * {@code money} as an integer in the gateway's minor unit.
   *
   * @throws InvalidRequestException for field {@code amount} if the gateway cannot represent it
   */
  public long toMinorUnits(Money money) {
    long value;
    int scale;
    if (isoExponent(money.currency())) {
      value = money.toMinorUnits();
      scale = money.currency().minorUnits();
    } else {
      BigDecimal scaled = scaled(money);
      value = scaled.unscaledValue().longValueExact();
      scale = scaled.scale();
    }
    Long step = steps.isEmpty() ? null : steps.get(money.currencyCode());
    if (step != null && value % step != 0) {
      long down = value - value % step;
      throw new InvalidRequestException(
          "amount",
          money
              + " cannot be sent to "
              + gatewayName
              + ": "
              + stepRules.get(money.currencyCode())
              + " (for example "
              + BigDecimal.valueOf(down, scale).toPlainString()
              + " or "
              + BigDecimal.valueOf(down + step, scale).toPlainString()
              + ")");
    }
    return value;
  }

  /**
   * {@code money} as a plain decimal string with the gateway's number of decimals ({@code "12.50"},
   * {@code "1500"} for JPY).
   *
   * @throws InvalidRequestException for field {@code amount} if the gateway cannot represent it
   */
  public String toDecimalString(Money money) {
    return BigDecimal.valueOf(toMinorUnits(money), exponent(money.currencyCode())).toPlainString();
  }

  /**
   * An amount the gateway reported in its minor unit.
   *
   * @param value the integer the gateway sent
   * @param currencyCode the currency as the gateway sent it (any case)
   * @throws IllegalArgumentException if the currency is unknown or the amount cannot be a {@link
   *     Money} in it; adapters turn this into {@code UNKNOWN_OUTCOME}
   */
  public Money fromMinorUnits(long value, String currencyCode) {
    CurrencyUnit currency = currency(currencyCode);
    if (isoExponent(currency)) {
      if (value == Long.MIN_VALUE) {
        throw new IllegalArgumentException(
            "amount " + value + " is not valid in " + currency.code());
      }
      return Money.ofMinor(value, currency);
    }
    return money(BigDecimal.valueOf(value, exponents.get(currency.code())), currency);
  }

  /**
   * Whether the gateway's minor unit is the currency's own (the usual case), so amounts convert
   * without decimal arithmetic.
   */
  private boolean isoExponent(CurrencyUnit currency) {
    Integer own = exponents.get(currency.code());
    return own == null || own == currency.minorUnits();
  }

  /**
   * An amount the gateway reported as a decimal string in major units.
   *
   * @throws IllegalArgumentException if the currency or the number is not valid
   */
  public Money fromDecimalString(String value, String currencyCode) {
    CurrencyUnit currency = currency(currencyCode);
    try {
      return money(new BigDecimal(Objects.requireNonNull(value, "value").strip()), currency);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a decimal amount: " + value, e);
    }
  }

  private BigDecimal scaled(Money money) {
    int exponent = exponent(money.currencyCode());
    try {
      return money.amount().setScale(exponent, java.math.RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new InvalidRequestException(
          "amount",
          money
              + " cannot be sent to "
              + gatewayName
              + ": it takes "
              + money.currencyCode()
              + " with "
              + exponent
              + " decimals");
    }
  }

  private static CurrencyUnit currency(String code) {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("missing currency");
    }
    CurrencyUnit known = SPELLINGS.get(code);
    if (known != null) {
      return known;
    }
    CurrencyUnit unit;
    try {
      unit = CurrencyUnit.of(code.strip().toUpperCase(Locale.ROOT));
    } catch (InvalidRequestException e) {
      throw new IllegalArgumentException("unknown currency " + code, e);
    }
    if (code.length() == 3 && SPELLINGS.size() < MAX_SPELLINGS) {
      SPELLINGS.putIfAbsent(code, unit);
    }
    return unit;
  }

  private static Money money(BigDecimal amount, CurrencyUnit currency) {
    try {
      return Money.of(amount, currency);
    } catch (InvalidRequestException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "amount " + amount.toPlainString() + " is not valid in " + currency.code(), e);
    }
  }

  /** Builds an {@link AmountCodec}. Not thread-safe. */
  public static final class Builder {
    private final String gatewayName;
    private final Map<String, Integer> exponents = new HashMap<>();
    private final Map<String, Long> steps = new HashMap<>();
    private final Map<String, String> stepRules = new HashMap<>();

    private Builder(String gatewayName) {
      this.gatewayName = Objects.requireNonNull(gatewayName, "gatewayName");
    }

    /** The gateway writes these currencies with {@code exponent} decimals, whatever ISO says. */
    public Builder exponent(int exponent, String... currencyCodes) {
      for (String c : currencyCodes) {
        exponents.put(c.toUpperCase(Locale.ROOT), exponent);
      }
      return this;
    }

    /**
     * The gateway takes only multiples of {@code step} (in its minor unit) for these currencies;
     * {@code rule} says so in words for the error message.
     */
    public Builder multipleOf(long step, String rule, String... currencyCodes) {
      if (step < 2) {
        throw new IllegalArgumentException("step: must be at least 2");
      }
      for (String c : currencyCodes) {
        steps.put(c.toUpperCase(Locale.ROOT), step);
        stepRules.put(c.toUpperCase(Locale.ROOT), Objects.requireNonNull(rule, "rule"));
      }
      return this;
    }

    /** Builds the immutable codec. */
    public AmountCodec build() {
      return new AmountCodec(this);
    }
  }
}
