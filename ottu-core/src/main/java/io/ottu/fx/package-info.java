/**
 * Currency conversion: {@link io.ottu.fx.CurrencyConverter} turns {@link io.ottu.Money} in one
 * currency into {@code Money} in another, at a rate from an {@link
 * io.ottu.fx.ExchangeRateProvider}.
 *
 * <p>Providers: {@link io.ottu.fx.ExchangeRates#fixed()} (rates the host sets), a {@link
 * io.ottu.fx.RateTable} (a pivot currency and the rate of every other currency against it, as
 * central banks publish them), {@link io.ottu.fx.CachingExchangeRateProvider} (a table or pair
 * source fetched at most once per time-to-live, with a {@link io.ottu.fx.StalePolicy} for when a
 * refresh fails) and {@link io.ottu.fx.ExchangeRates#firstAvailable(ExchangeRateProvider...)} (a
 * fallback chain). The European Central Bank's daily reference rates are a {@link
 * io.ottu.fx.RateTableSource} in {@code ottu-gateways} ({@code io.ottu.gateways.fx}), the module
 * that owns HTTP.
 *
 * <p>Arithmetic conventions, everywhere in this package:
 *
 * <ul>
 *   <li>A rate {@code r} for the pair {@code BASE/QUOTE} means 1 BASE = r QUOTE.
 *   <li>Derived rates (an inverse, or a cross rate through a pivot currency) are computed with at
 *       most one rounding, to 34 significant digits ({@link java.math.MathContext#DECIMAL128},
 *       half-even). Money is never rounded while rates are derived.
 *   <li>Money is rounded exactly once, when {@link io.ottu.fx.CurrencyConverter} converts it: the
 *       exact product {@code amount × rate × (1 + markup)} is rounded half-even to the target
 *       currency's ISO 4217 minor units.
 * </ul>
 */
package io.ottu.fx;
