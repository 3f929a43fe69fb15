/**
 * Exchange-rate feeds over HTTP for {@link io.ottu.fx.CurrencyConverter}: {@link
 * io.ottu.gateways.fx.EcbExchangeRates}, the European Central Bank's daily euro foreign exchange
 * reference rates, as a {@link io.ottu.fx.RateTableSource}.
 */
package io.ottu.gateways.fx;
