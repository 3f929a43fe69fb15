package io.ottu.fx;

import io.ottu.CurrencyUnit;

/** A currency pair, as a map key. */
final class CurrencyPair {
  final CurrencyUnit base;
  final CurrencyUnit quote;

  CurrencyPair(CurrencyUnit base, CurrencyUnit quote) {
    this.base = base;
    this.quote = quote;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CurrencyPair
        && base.equals(((CurrencyPair) o).base)
        && quote.equals(((CurrencyPair) o).quote);
  }

  @Override
  public int hashCode() {
    return 31 * base.hashCode() + quote.hashCode();
  }

  @Override
  public String toString() {
    return base + "/" + quote;
  }
}
