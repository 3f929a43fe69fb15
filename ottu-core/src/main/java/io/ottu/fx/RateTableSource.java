package io.ottu.fx;

/**
 * Fetches a whole {@link RateTable} at once, as central banks publish rates: one request for every
 * currency against a pivot. Wrap it in {@link
 * CachingExchangeRateProvider#forTable(RateTableSource)} so that it is fetched once per
 * time-to-live, not once per pair or per payment. The ECB's daily reference rates ({@code
 * io.ottu.gateways.fx.EcbExchangeRates} in {@code ottu-gateways}) are one.
 *
 * <p>Implementations must be thread-safe, must bound the time a fetch may take (the caching
 * provider makes concurrent callers wait for a fetch in progress when it has nothing to serve), and
 * must never return a partial table: a source that cannot read all of its data throws.
 */
@FunctionalInterface
public interface RateTableSource {

  /**
   * Fetches the current table.
   *
   * @return the table; never null
   * @throws ExchangeRateUnavailableException if the source cannot be reached or its data is not
   *     trustworthy (HTTP error, timeout, malformed content); the message names the source
   */
  RateTable fetch();
}
