package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class MoneyProperties {

  @Property
  void plainStringParsesBackToTheSameMoney(@ForAll("money") Money m) {
    assertThat(Money.of(m.toPlainString(), m.currencyCode())).isEqualTo(m);
    assertThat(m.toPlainString()).doesNotContain("E", "e", "+");
    assertThat(m.amount().scale()).isEqualTo(m.currency().minorUnits());
  }

  @Property
  void paddingWithTrailingZerosDoesNotChangeTheValue(
      @ForAll("money") Money m, @ForAll @LongRange(min = 1, max = 6) long zeros) {
    String padded = m.toPlainString() + (m.currency().minorUnits() == 0 ? "." : "");
    padded += "0".repeat((int) zeros);
    assertThat(Money.of(padded, m.currency())).isEqualTo(m);
  }

  @Property
  void minorUnitsRoundTrip(@ForAll("money") Money m) {
    assertThat(Money.ofMinor(m.toMinorUnits(), m.currency())).isEqualTo(m);
    assertThat(m.amount().unscaledValue()).isEqualTo(BigInteger.valueOf(m.toMinorUnits()));
  }

  @Property
  void bigDecimalRoundTrip(@ForAll("money") Money m) {
    assertThat(Money.of(m.amount(), m.currency())).isEqualTo(m);
    assertThat(Money.of(m.amount().stripTrailingZeros(), m.currencyCode())).isEqualTo(m);
  }

  @Property
  void amountsFinerThanTheMinorUnitAreAlwaysRejected(
      @ForAll("money") Money m, @ForAll @LongRange(min = 1, max = 9) long digit) {
    String finer = m.toPlainString() + (m.currency().minorUnits() == 0 ? "." : "") + digit;
    assertThatThrownBy(() -> Money.of(finer, m.currency()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(finer)
        .hasMessageContaining("allows (" + m.currency().minorUnits() + ")");
  }

  @Property
  void plusAndMinusAreInverse(@ForAll("smallMoneyPair") List<Money> pair) {
    Money a = pair.get(0);
    Money b = pair.get(1);

    assertThat(a.plus(b).minus(b)).isEqualTo(a);
    assertThat(a.minus(b).plus(b)).isEqualTo(a);
    assertThat(a.plus(b)).isEqualTo(b.plus(a));
    assertThat(a.minus(b)).isEqualTo(b.minus(a).negate());
    assertThat(a.plus(b).amount()).isEqualByComparingTo(a.amount().add(b.amount()));
  }

  @Property
  void orderAgreesWithTheAmounts(@ForAll("smallMoneyPair") List<Money> pair) {
    Money a = pair.get(0);
    Money b = pair.get(1);

    assertThat(Integer.signum(a.compareTo(b)))
        .isEqualTo(Integer.signum(a.amount().compareTo(b.amount())));
    assertThat(a.equals(b)).isEqualTo(a.compareTo(b) == 0);
    assertThat(a.min(b).plus(a.max(b))).isEqualTo(a.plus(b));
  }

  @Property
  void allocationSumsExactlyAndEachPartIsWithinOneMinorUnitOfItsShare(
      @ForAll("money") Money m,
      @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 0, max = 1_000_000) Long> ratioList) {
    long[] ratios = ratioList.stream().mapToLong(Long::longValue).toArray();
    long total = ratioList.stream().mapToLong(Long::longValue).sum();
    Assume.that(total > 0);

    List<Money> parts = m.allocate(ratios);

    assertThat(parts).hasSize(ratios.length);
    BigInteger sum = BigInteger.ZERO;
    BigInteger amount = BigInteger.valueOf(m.toMinorUnits());
    BigInteger bigTotal = BigInteger.valueOf(total);
    for (int i = 0; i < parts.size(); i++) {
      Money part = parts.get(i);
      assertThat(part.currency()).isEqualTo(m.currency());
      sum = sum.add(BigInteger.valueOf(part.toMinorUnits()));
      // |part - amount * ratio / total| < 1, kept in integers: |part * total - amount * ratio| <
      // total.
      BigInteger error =
          BigInteger.valueOf(part.toMinorUnits())
              .multiply(bigTotal)
              .subtract(amount.multiply(BigInteger.valueOf(ratios[i])))
              .abs();
      assertThat(error).isLessThan(bigTotal);
      if (ratios[i] == 0) {
        assertThat(part.isZero()).isTrue();
      }
      if (!part.isZero()) {
        assertThat(part.signum()).isEqualTo(m.signum());
      }
    }
    assertThat(sum).isEqualTo(amount);
  }

  @Property
  void equalPartsDifferByAtMostOneMinorUnitAndTheLargerComeFirst(
      @ForAll("money") Money m, @ForAll @LongRange(min = 1, max = 50) long count) {
    List<Money> parts = m.allocate((int) count);

    Money total = Money.zero(m.currency());
    for (Money part : parts) {
      total = total.plus(part);
    }
    assertThat(total).isEqualTo(m);
    List<Long> magnitudes = new ArrayList<>();
    for (Money part : parts) {
      magnitudes.add(Math.abs(part.toMinorUnits()));
    }
    assertThat(magnitudes).isSortedAccordingTo((x, y) -> Long.compare(y, x));
    assertThat(magnitudes.get(0) - magnitudes.get(magnitudes.size() - 1)).isBetween(0L, 1L);
  }

  @Property
  void multiplyingByOneNeedsNoRounding(@ForAll("money") Money m) {
    assertThat(m.multiply(BigDecimal.ONE, RoundingMode.UNNECESSARY)).isEqualTo(m);
    assertThat(m.multiply(1)).isEqualTo(m);
    assertThat(m.negate().negate()).isEqualTo(m);
  }

  @Provide
  Arbitrary<CurrencyUnit> currency() {
    return Arbitraries.of(new ArrayList<>(CurrencyUnit.all()));
  }

  @Provide
  Arbitrary<Money> money() {
    Arbitrary<Long> minor =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-Long.MAX_VALUE, Long.MAX_VALUE),
            Arbitraries.longs().between(-1_000_000, 1_000_000),
            Arbitraries.of(0L, 1L, -1L, Long.MAX_VALUE, -Long.MAX_VALUE));
    return Combinators.combine(minor, currency()).as(Money::ofMinor);
  }

  /** Two amounts of one currency small enough that their sum and difference stay in range. */
  @Provide
  Arbitrary<List<Money>> smallMoneyPair() {
    Arbitrary<Long> minor = Arbitraries.longs().between(-(Long.MAX_VALUE / 2), Long.MAX_VALUE / 2);
    return Combinators.combine(minor, minor, currency())
        .as((a, b, c) -> List.of(Money.ofMinor(a, c), Money.ofMinor(b, c)));
  }
}
