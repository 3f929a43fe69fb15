package io.ottu.routing;

import io.ottu.CardBrand;
import io.ottu.CurrencyUnit;
import io.ottu.Money;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A condition on a payment for {@link Routing#rules()}: currency, amount range, card brand, BIN
 * prefix, customer country, metadata, and their combinations. Immutable; {@link #toString()} reads
 * like the rule, because it appears in routing explanations.
 */
@FunctionalInterface
public interface RouteCondition {
  /** Whether the payment matches. */
  boolean test(RoutingContext context);

  /** Payments in one of these currencies. */
  static RouteCondition currency(String... codes) {
    Set<String> set = new java.util.LinkedHashSet<>();
    for (String c : codes) {
      set.add(CurrencyUnit.of(c).code());
    }
    return named("currency in " + set, c -> set.contains(c.amount().currencyCode()));
  }

  /**
   * Payments whose amount is at least {@code min} and below {@code max} (either may be null for an
   * open end); only payments in the bounds' currency match.
   */
  static RouteCondition amountBetween(Money min, Money max) {
    if (min == null && max == null) {
      throw new IllegalArgumentException("amountBetween: give at least one bound");
    }
    if (min != null && max != null && !min.currency().equals(max.currency())) {
      throw new IllegalArgumentException("amountBetween: bounds in different currencies");
    }
    CurrencyUnit currency = min != null ? min.currency() : max.currency();
    return named(
        "amount in [" + (min == null ? "-" : min) + ", " + (max == null ? "-" : max) + ")",
        c ->
            c.amount().currency().equals(currency)
                && (min == null || c.amount().isGreaterThanOrEqualTo(min))
                && (max == null || c.amount().isLessThan(max)));
  }

  /** Card payments of these brands. */
  static RouteCondition brand(CardBrand first, CardBrand... more) {
    Set<CardBrand> set = EnumSet.of(first, more);
    return named("brand in " + set, c -> set.contains(c.brand()));
  }

  /** Card payments whose number starts with one of these prefixes (1 to 8 digits). */
  static RouteCondition binPrefix(String... prefixes) {
    List<String> list = List.of(prefixes);
    for (String p : list) {
      if (!p.matches("[0-9]{1,8}")) {
        throw new IllegalArgumentException("binPrefix: \"" + p + "\" is not 1 to 8 digits");
      }
    }
    return named(
        "BIN starts with " + list,
        c ->
            c.bin() != null
                && list.stream()
                    .anyMatch(p -> c.bin().startsWith(p.length() > 6 ? p.substring(0, 6) : p)));
  }

  /** Payments whose customer is in one of these countries (ISO 3166-1 alpha-2). */
  static RouteCondition country(String... countries) {
    Set<String> set = Set.of(countries);
    return named("country in " + set, c -> c.country() != null && set.contains(c.country()));
  }

  /** Payments whose metadata has {@code key} equal to {@code value}. */
  static RouteCondition metadata(String key, String value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return named("metadata." + key + " = " + value, c -> value.equals(c.metadata().get(key)));
  }

  /** Both conditions. */
  default RouteCondition and(RouteCondition other) {
    RouteCondition self = this;
    return named("(" + self + " and " + other + ")", c -> self.test(c) && other.test(c));
  }

  /** Either condition. */
  default RouteCondition or(RouteCondition other) {
    RouteCondition self = this;
    return named("(" + self + " or " + other + ")", c -> self.test(c) || other.test(c));
  }

  /** The opposite condition. */
  default RouteCondition negate() {
    RouteCondition self = this;
    return named("not " + self, c -> !self.test(c));
  }

  /** A condition with a name for explanations. */
  static RouteCondition named(String name, RouteCondition condition) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(condition, "condition");
    return new RouteCondition() {
      @Override
      public boolean test(RoutingContext context) {
        return condition.test(context);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
