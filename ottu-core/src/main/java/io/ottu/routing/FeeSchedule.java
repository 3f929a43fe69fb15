package io.ottu.routing;

import io.ottu.CardBrand;
import io.ottu.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What each gateway charges: a percentage (in basis points) plus a fixed fee, per gateway and
 * optionally per brand and currency, the most specific row winning. Used by {@link
 * Routing#lowestCost(FeeSchedule)} and as the tie-break of {@link Routing#smart()}. Immutable.
 *
 * <pre>{@code
 * FeeSchedule fees = FeeSchedule.builder()
 *     .fee("stripe", 290, Money.of("0.30", "USD"))                       // 2.9% + 0.30 USD
 *     .fee("knet", null, "KWD", 0, Money.of("0.100", "KWD"))             // flat 0.100 KWD
 *     .fee("adyen", CardBrand.AMERICAN_EXPRESS, null, 350, null)
 *     .build();
 * }</pre>
 */
public final class FeeSchedule {
  /**
   * One row.
   *
   * @param gatewayId the gateway
   * @param brand the brand it applies to, or null for any
   * @param currency the currency it applies to, or null for any
   * @param basisPoints the percentage part, in hundredths of a percent
   * @param fixed the fixed part, or null; applied only to payments in its currency
   */
  public record Row(
      String gatewayId, CardBrand brand, String currency, int basisPoints, Money fixed) {
    /** Validates. */
    public Row {
      Objects.requireNonNull(gatewayId, "gatewayId");
      if (basisPoints < 0 || basisPoints > 10_000) {
        throw new IllegalArgumentException("basisPoints must be 0 to 10000, was " + basisPoints);
      }
    }

    int specificity() {
      return (brand != null ? 2 : 0) + (currency != null ? 1 : 0);
    }
  }

  private final List<Row> rows;

  private FeeSchedule(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A schedule with no fees. */
  public static FeeSchedule none() {
    return new FeeSchedule(List.of());
  }

  /**
   * The fee {@code gatewayId} charges for {@code amount} of {@code brand}, in the amount's
   * currency, rounded HALF_EVEN to its minor units; zero when no row applies.
   */
  public Money fee(String gatewayId, CardBrand brand, Money amount) {
    Row best = null;
    for (Row r : rows) {
      if (r.gatewayId().equals(gatewayId)
          && (r.brand() == null || r.brand() == brand)
          && (r.currency() == null || r.currency().equals(amount.currencyCode()))
          && (best == null || r.specificity() > best.specificity())) {
        best = r;
      }
    }
    if (best == null) {
      return Money.zero(amount.currency());
    }
    Money fee =
        amount.multiply(
            BigDecimal.valueOf(best.basisPoints()).movePointLeft(4), RoundingMode.HALF_EVEN);
    if (best.fixed() != null && best.fixed().currency().equals(amount.currency())) {
      fee = fee.plus(best.fixed());
    }
    return fee;
  }

  /** The rows. */
  public List<Row> rows() {
    return rows;
  }

  /** Builds a {@link FeeSchedule}. Not thread-safe. */
  public static final class Builder {
    private final List<Row> rows = new ArrayList<>();

    private Builder() {}

    /** A fee for every payment through the gateway. */
    public Builder fee(String gatewayId, int basisPoints, Money fixed) {
      return fee(gatewayId, null, null, basisPoints, fixed);
    }

    /** A fee for payments of a brand and/or currency (null for any). */
    public Builder fee(
        String gatewayId, CardBrand brand, String currency, int basisPoints, Money fixed) {
      rows.add(new Row(gatewayId, brand, currency, basisPoints, fixed));
      return this;
    }

    /** Builds the schedule. */
    public FeeSchedule build() {
      return new FeeSchedule(rows);
    }
  }
}
