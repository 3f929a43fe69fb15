package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

  @Nested
  class Scale {
    @ParameterizedTest
    @CsvSource({
      "12,      JPY, 12,      0",
      "12.5,    USD, 12.50,   2",
      "12.5,    KWD, 12.500,  3",
      "0.001,   BHD, 0.001,   3",
      "1.2345,  CLF, 1.2345,  4",
      "-3,      USD, -3.00,   2",
      "12.500,  USD, 12.50,   2",
      "1.0000,  JPY, 1,       0",
      "-0.00,   EUR, 0.00,    2",
      "007.10,  USD, 7.10,    2",
    })
    void amountIsScaledExactlyToTheCurrencysMinorUnits(
        String input, String code, String plain, int scale) {
      Money money = Money.of(input, code);

      assertThat(money.amount().scale()).isEqualTo(scale);
      assertThat(money.toPlainString()).isEqualTo(plain);
      assertThat(money).hasToString(plain + " " + code);
      assertThat(money.currency()).isSameAs(CurrencyUnit.of(code));
      assertThat(money.currencyCode()).isEqualTo(code);
    }

    @Test
    void bigDecimalOfAnyScaleIsAcceptedWhenItIsExact() {
      assertThat(Money.of(new BigDecimal("12.5"), "KWD")).isEqualTo(Money.of("12.500", "KWD"));
      assertThat(Money.of(new BigDecimal("1.2E+3"), "USD").toPlainString()).isEqualTo("1200.00");
      assertThat(Money.of(new BigDecimal("5.000000"), CurrencyUnit.of("JPY")).toMinorUnits())
          .isEqualTo(5);
      assertThat(Money.of(BigDecimal.ZERO.setScale(-5), "USD")).isEqualTo(Money.zero("USD"));
    }

    @Test
    void minorUnitsRoundTrip() {
      assertThat(Money.of("12.50", "USD").toMinorUnits()).isEqualTo(1250);
      assertThat(Money.of("12.500", "KWD").toMinorUnits()).isEqualTo(12500);
      assertThat(Money.of("12", "JPY").toMinorUnits()).isEqualTo(12);
      assertThat(Money.ofMinor(1250, "KWD")).isEqualTo(Money.of("1.250", "KWD"));
      assertThat(Money.ofMinor(-1, CurrencyUnit.of("CLF")).toPlainString()).isEqualTo("-0.0001");
    }

    @Test
    void zeroHasTheCurrencysScale() {
      assertThat(Money.zero("KWD").toPlainString()).isEqualTo("0.000");
      assertThat(Money.zero(CurrencyUnit.of("JPY")).toPlainString()).isEqualTo("0");
      assertThat(Money.zero("USD").isZero()).isTrue();
    }
  }

  @Nested
  class Rejection {
    @Test
    void amountFinerThanTheMinorUnitIsAnErrorNotARounding() {
      assertThatThrownBy(() -> Money.of("1.005", "USD"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("1.005")
          .hasMessageContaining("USD")
          .hasMessageContaining("more decimal places than USD allows (2)")
          .satisfies(e -> assertField(e, "amount"));
      assertThatThrownBy(() -> Money.of("1.5", "JPY"))
          .hasMessageContaining("more decimal places than JPY allows (0)");
      assertThatThrownBy(() -> Money.of(new BigDecimal("0.0005"), "KWD"))
          .hasMessageContaining("0.0005")
          .hasMessageContaining("KWD allows (3)");
      assertThatThrownBy(() -> Money.of("0.00001", "CLF")).hasMessageContaining("CLF allows (4)");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
        strings = {
          "1e3",
          "1E3",
          " 1",
          "1 ",
          "1,000",
          "1.000,00",
          "+1",
          ".5",
          "5.",
          "-",
          "--1",
          "1.2.3",
          "0x10",
          "NaN",
          "Infinity",
          "١٢",
          "1_000",
          "12 USD"
        })
    void malformedAmountsAreRejectedNamingTheValue(String input) {
      if (input == null) {
        assertThatThrownBy(() -> Money.of((String) null, "USD"))
            .isInstanceOf(NullPointerException.class)
            .hasMessage("amount");
        return;
      }
      assertThatThrownBy(() -> Money.of(input, "USD"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("not a plain decimal number: \"" + input + "\"")
          .satisfies(e -> assertField(e, "amount"));
    }

    @Test
    void absurdlyLongInputIsRefusedBeforeParsing() {
      String digits = "1".repeat(1_000_000);
      assertThatThrownBy(() -> Money.of(digits, "USD"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("is too long")
          .hasMessageContaining("(1000000 characters)");
    }

    @Test
    void unknownCurrency() {
      assertThatThrownBy(() -> Money.of("1.00", "XYZ"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("unknown currency code: \"XYZ\"")
          .satisfies(e -> assertField(e, "currency"));
      assertThatThrownBy(() -> Money.ofMinor(1, "usd"))
          .hasMessageContaining("malformed currency code: \"usd\"");
      assertThatThrownBy(() -> Money.zero("ANG")).hasMessageContaining("use XCG");
    }

    @Test
    void nullArgumentsNameTheParameter() {
      assertThatThrownBy(() -> Money.of("1", (String) null)).hasMessage("currencyCode");
      assertThatThrownBy(() -> Money.of("1", (CurrencyUnit) null)).hasMessage("currency");
      assertThatThrownBy(() -> Money.of((BigDecimal) null, "USD")).hasMessage("amount");
      assertThatThrownBy(() -> Money.zero((CurrencyUnit) null)).hasMessage("currency");
      assertThatThrownBy(() -> usd("1").plus(null)).hasMessage("other");
      assertThatThrownBy(() -> usd("1").multiply(null, RoundingMode.HALF_EVEN))
          .hasMessage("factor");
      assertThatThrownBy(() -> usd("1").multiply(BigDecimal.ONE, null)).hasMessage("mode");
      assertThatThrownBy(() -> usd("1").allocate((long[]) null)).hasMessage("ratios");
    }

    @Test
    void amountsWhoseMinorUnitsDoNotFitInALongAreRejectedAtConstruction() {
      assertThat(Money.of("92233720368547758.07", "USD").toMinorUnits()).isEqualTo(Long.MAX_VALUE);
      assertThat(Money.of("-92233720368547758.07", "USD").toMinorUnits())
          .isEqualTo(-Long.MAX_VALUE);

      assertOutOfRange(() -> Money.of("92233720368547758.08", "USD"), "92233720368547758.08");
      // Long.MIN_VALUE minor units is excluded so that negate() and abs() never overflow.
      assertOutOfRange(() -> Money.of("-92233720368547758.08", "USD"), "-92233720368547758.08");
      assertOutOfRange(() -> Money.of("9223372036854775808", "JPY"), "9223372036854775808");
      assertOutOfRange(
          () -> Money.of("100000000000000000000000", "KWD"), "100000000000000000000000");
      assertOutOfRange(() -> Money.of(new BigDecimal("1E+999999999"), "USD"), "1E+999999999");
      assertThatThrownBy(() -> Money.ofMinor(Long.MIN_VALUE, "USD"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(String.valueOf(Long.MIN_VALUE));
    }

    @Test
    void aHugeNegativeExponentIsRejectedWithoutExpandingIt() {
      assertThatThrownBy(() -> Money.of(new BigDecimal("1E-999999999"), "USD"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("\"1E-999999999\"")
          .hasMessageContaining("more decimal places");
    }

    private void assertOutOfRange(ThrowingCallable call, String value) {
      assertThatThrownBy(call)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("\"" + value + "\"")
          .hasMessageContaining("out of range")
          .satisfies(e -> assertField(e, "amount"));
    }
  }

  @Nested
  class Arithmetic {
    @Test
    void plusMinusNegateAbs() {
      assertThat(usd("10.25").plus(usd("0.75"))).isEqualTo(usd("11.00"));
      assertThat(usd("10.25").minus(usd("20"))).isEqualTo(usd("-9.75"));
      assertThat(usd("-9.75").negate()).isEqualTo(usd("9.75"));
      assertThat(usd("-9.75").abs()).isEqualTo(usd("9.75"));
      assertThat(usd("9.75").abs()).isEqualTo(usd("9.75"));
      assertThat(Money.zero("USD").negate()).isEqualTo(Money.zero("USD"));
      assertThat(Money.ofMinor(-Long.MAX_VALUE, "USD").negate().toMinorUnits())
          .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void multiplyByAWholeNumberIsExact() {
      assertThat(kwd("1.125").multiply(3)).isEqualTo(kwd("3.375"));
      assertThat(kwd("1.125").multiply(-2)).isEqualTo(kwd("-2.250"));
      assertThat(kwd("1.125").multiply(0)).isEqualTo(Money.zero("KWD"));
    }

    @Test
    void multiplyByADecimalRoundsOnlyAsTold() {
      Money price = usd("10.05");
      BigDecimal half = new BigDecimal("0.5");

      assertThat(price.multiply(half, RoundingMode.HALF_EVEN)).isEqualTo(usd("5.02"));
      assertThat(price.multiply(half, RoundingMode.HALF_UP)).isEqualTo(usd("5.03"));
      assertThat(price.multiply(half, RoundingMode.DOWN)).isEqualTo(usd("5.02"));
      assertThat(usd("-10.05").multiply(half, RoundingMode.FLOOR)).isEqualTo(usd("-5.03"));
      assertThat(usd("10.00").multiply(half, RoundingMode.UNNECESSARY)).isEqualTo(usd("5.00"));
      assertThat(Money.of("1000", "JPY").multiply(new BigDecimal("0.029"), RoundingMode.HALF_EVEN))
          .isEqualTo(Money.of("29", "JPY"));
      assertThatThrownBy(() -> price.multiply(half, RoundingMode.UNNECESSARY))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageContaining("10.05 USD * 0.5")
          .hasMessageContaining("UNNECESSARY");
    }

    @Test
    void multiplyByAnExtremeFactorNeitherHangsNorLies() {
      Money one = usd("1.00");
      BigDecimal tiny = new BigDecimal("1E-999999999");

      assertThat(one.multiply(tiny, RoundingMode.HALF_EVEN)).isEqualTo(Money.zero("USD"));
      assertThat(one.multiply(tiny, RoundingMode.UP)).isEqualTo(usd("0.01"));
      assertThat(one.negate().multiply(tiny, RoundingMode.FLOOR)).isEqualTo(usd("-0.01"));
      assertThat(one.multiply(tiny, RoundingMode.CEILING)).isEqualTo(usd("0.01"));
      assertThatThrownBy(() -> one.multiply(tiny, RoundingMode.UNNECESSARY))
          .isInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> one.multiply(new BigDecimal("1E+999999999"), RoundingMode.HALF_EVEN))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageContaining("out of range");
    }

    @Test
    void overflowingArithmeticThrowsInsteadOfWrapping() {
      Money max = Money.ofMinor(Long.MAX_VALUE, "USD");
      Money min = Money.ofMinor(-Long.MAX_VALUE, "USD");

      assertThatThrownBy(() -> max.plus(usd("0.01")))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageContaining("92233720368547758.07 USD + 0.01 USD is out of range");
      assertThatThrownBy(() -> min.minus(usd("0.01"))).isInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> max.multiply(2)).isInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> max.multiply(-1).multiply(Long.MAX_VALUE))
          .isInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> max.multiply(new BigDecimal("1.01"), RoundingMode.DOWN))
          .isInstanceOf(ArithmeticException.class);
      assertThat(max.minus(max)).isEqualTo(Money.zero("USD"));
      assertThat(max.multiply(-1)).isEqualTo(min);
    }

    @Test
    void mixingCurrenciesIsRefused() {
      Money usd = usd("1.00");
      Money kwd = kwd("1.000");

      for (ThrowingCallable call :
          List.<ThrowingCallable>of(
              () -> usd.plus(kwd),
              () -> usd.minus(kwd),
              () -> usd.compareTo(kwd),
              () -> usd.isGreaterThan(kwd),
              () -> usd.isLessThanOrEqualTo(kwd),
              () -> usd.min(kwd),
              () -> usd.max(kwd))) {
        assertThatThrownBy(call)
            .isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("currency mismatch: USD vs KWD")
            .satisfies(e -> assertField(e, "currency"));
      }
      assertThat(usd).isNotEqualTo(Money.of("1", "EUR"));
    }
  }

  @Nested
  class Comparison {
    @Test
    void signAndOrder() {
      Money a = usd("-1.00");
      Money b = usd("0");
      Money c = usd("2.50");

      assertThat(a.isNegative()).isTrue();
      assertThat(a.signum()).isEqualTo(-1);
      assertThat(b.isZero()).isTrue();
      assertThat(b.signum()).isZero();
      assertThat(c.isPositive()).isTrue();
      assertThat(c.signum()).isEqualTo(1);
      assertThat(c.isGreaterThan(a)).isTrue();
      assertThat(c.isGreaterThanOrEqualTo(usd("2.5"))).isTrue();
      assertThat(a.isLessThan(b)).isTrue();
      assertThat(b.isLessThanOrEqualTo(b)).isTrue();
      assertThat(a.min(c)).isSameAs(a);
      assertThat(a.max(c)).isSameAs(c);
      assertThat(List.of(c, a, b).stream().sorted().toList()).containsExactly(a, b, c);
    }

    @Test
    void equalsAndHashCodeFollowCurrencyAndAmount() {
      assertThat(usd("12.5")).isEqualTo(usd("12.50")).hasSameHashCodeAs(usd("12.50"));
      assertThat(usd("12.5")).isEqualTo(Money.of(new BigDecimal("12.500000"), "USD"));
      assertThat(usd("12.5")).isNotEqualTo(usd("12.51"));
      assertThat(Money.of("12.5", "USD")).isNotEqualTo(Money.of("12.5", "EUR"));
      assertThat(usd("12.5").compareTo(usd("12.50"))).isZero();
    }
  }

  @Nested
  class Allocation {
    @Test
    void equalThirdsGiveTheLeftoverCentToTheFirstPart() {
      assertThat(usd("100.00").allocate(1, 1, 1))
          .containsExactly(usd("33.34"), usd("33.33"), usd("33.33"));
      assertThat(usd("100.00").allocate(3))
          .containsExactly(usd("33.34"), usd("33.33"), usd("33.33"));
    }

    @Test
    void threeDecimalCurrency() {
      assertThat(kwd("0.005").allocate(3))
          .containsExactly(kwd("0.002"), kwd("0.002"), kwd("0.001"));
      assertThat(kwd("10.000").allocate(70, 30)).containsExactly(kwd("7.000"), kwd("3.000"));
    }

    @Test
    void zeroDecimalCurrency() {
      Money yen = Money.of("100", "JPY");
      assertThat(yen.allocate(3))
          .containsExactly(Money.of("34", "JPY"), Money.of("33", "JPY"), Money.of("33", "JPY"));
      assertThat(Money.of("5", "JPY").allocate(1, 1))
          .containsExactly(Money.of("3", "JPY"), Money.of("2", "JPY"));
    }

    @Test
    void leftoverGoesToTheLargestRemainderNotBlindlyToTheFirstPart() {
      // Exact shares are 3, 1.5 and 1.5: the first part's share is whole, so the leftover cent
      // goes to the second part; giving it to the first would miss its share by a full cent.
      assertThat(usd("0.06").allocate(2, 1, 1))
          .containsExactly(usd("0.03"), usd("0.02"), usd("0.01"));
    }

    @Test
    void zeroRatioGetsNothing() {
      assertThat(usd("0.05").allocate(0, 1, 1)).containsExactly(usd("0"), usd("0.03"), usd("0.02"));
    }

    @Test
    void negativeAmountsSplitLikeTheirAbsoluteValue() {
      assertThat(usd("-100.00").allocate(1, 1, 1))
          .containsExactly(usd("-33.34"), usd("-33.33"), usd("-33.33"));
    }

    @Test
    void largeAmountsAndRatiosDoNotOverflow() {
      Money max = Money.ofMinor(Long.MAX_VALUE, "USD");
      long half = Long.MAX_VALUE / 2;
      List<Money> parts = max.allocate(half, half - 1, 1);

      assertThat(parts.get(0).plus(parts.get(1)).plus(parts.get(2))).isEqualTo(max);
      assertThat(parts.get(0).toMinorUnits()).isBetween(half, half + 1);
      assertThat(parts.get(2).toMinorUnits()).isBetween(1L, 2L);
    }

    @Test
    void partsAreUnmodifiable() {
      List<Money> parts = usd("1.00").allocate(2);
      assertThatThrownBy(() -> parts.add(usd("1")))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidRatiosAreRejectedNamingThem() {
      Money m = usd("1.00");
      assertRatios(() -> m.allocate(), "at least one ratio");
      assertRatios(() -> m.allocate(1, -1), "ratios[1] is -1");
      assertRatios(() -> m.allocate(0, 0), "positive sum");
      assertRatios(() -> m.allocate(Long.MAX_VALUE, 1), "sum of the ratios exceeds");
      assertThatThrownBy(() -> m.allocate(0))
          .isInstanceOf(InvalidRequestException.class)
          .satisfies(e -> assertField(e, "parts"))
          .hasMessageContaining("at least 1");
    }

    private void assertRatios(ThrowingCallable call, String message) {
      assertThatThrownBy(call)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("ratios")
          .hasMessageContaining(message)
          .satisfies(e -> assertField(e, "ratios"));
    }
  }

  private static void assertField(Throwable e, String field) {
    assertThat(((InvalidRequestException) e).field()).isEqualTo(field);
  }

  private static Money usd(String amount) {
    return Money.of(amount, "USD");
  }

  private static Money kwd(String amount) {
    return Money.of(amount, "KWD");
  }
}
