package io.ottu.fx;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Caches rates from a slower source for a time-to-live (TTL), so that payments do not wait on a
 * rate feed:
 *
 * <pre>{@code
 * ExchangeRateProvider rates = CachingExchangeRateProvider.forTable(ecb)
 *     .ttl(Duration.ofHours(1))
 *     .stalePolicy(StalePolicy.serveStaleUpTo(Duration.ofDays(1)))
 *     .build();
 * }</pre>
 *
 * <p>Two shapes of source:
 *
 * <ul>
 *   <li>{@link #forTable(RateTableSource)}: a source that returns a whole {@link RateTable} in one
 *       fetch, such as the ECB's daily reference rates. The table is fetched at most once per TTL,
 *       whichever pairs are asked for, and every pair is derived from it as {@link RateTable}
 *       describes (cross rates through the table's pivot).
 *   <li>{@link #forPairs(ExchangeRateProvider)}: a source that answers one pair at a time. Each
 *       pair is cached on its own.
 * </ul>
 *
 * <p>Refreshing: nothing runs in the background. The first call that finds the cached rates expired
 * fetches new ones on its own thread; while it does, callers that find the rates expired do not
 * fetch again: under {@link StalePolicy#FAIL} they wait for that fetch, and under {@link
 * StalePolicy#serveStaleUpTo(Duration)} they get the last good rates at once (or wait, when there
 * are none they may have). The source must therefore bound its fetch time (HTTP timeouts).
 *
 * <p>Failures: when a refresh fails, the {@link StalePolicy} decides whether the last good rates
 * are still served; otherwise callers get {@link ExchangeRateUnavailableException} naming the pair,
 * with the source's failure as cause. After a failed refresh the source is not asked again for the
 * {@linkplain Builder#failureBackoff(Duration) failure back-off} (30 seconds by default), so a
 * source that is down is not hit by every payment. The first failure of an outage is logged as a
 * warning, the recovery at info.
 *
 * <p>The same currency twice gives a rate of 1 without any fetch. Instances are thread-safe. The
 * {@link Clock} is injectable, so tests move time instead of sleeping.
 */
public final class CachingExchangeRateProvider implements ExchangeRateProvider {
  /** The failure back-off unless set. */
  public static final Duration DEFAULT_FAILURE_BACKOFF = Duration.ofSeconds(30);

  private final Builder config;
  private final RefreshingValue<RateTable> table;
  private final ConcurrentMap<CurrencyPair, RefreshingValue<ExchangeRate>> pairs;

  private CachingExchangeRateProvider(Builder config) {
    this.config = config;
    if (config.tableSource != null) {
      this.table = slot(config.tableSource::fetch, config.name);
      this.pairs = null;
    } else {
      this.table = null;
      this.pairs = new ConcurrentHashMap<>();
    }
  }

  /**
   * A builder for a cache over a source of whole tables, fetched once per TTL.
   *
   * @param source the table source, for example {@code EcbExchangeRates} from {@code ottu-gateways}
   * @return a new builder; {@link Builder#ttl(Duration)} is required
   * @throws NullPointerException if {@code source} is null
   */
  public static Builder forTable(RateTableSource source) {
    return new Builder(Objects.requireNonNull(source, "source"), null);
  }

  /**
   * A builder for a cache over a provider that answers one pair at a time; each pair is fetched
   * once per TTL.
   *
   * @param provider the provider
   * @return a new builder; {@link Builder#ttl(Duration)} is required
   * @throws NullPointerException if {@code provider} is null
   */
  public static Builder forPairs(ExchangeRateProvider provider) {
    return new Builder(null, Objects.requireNonNull(provider, "provider"));
  }

  /**
   * A builder with this cache's source and settings. What it builds starts with an empty cache.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return config.copy();
  }

  /**
   * The rate for the pair, from the cache while fresh, otherwise fetched (see the class comment).
   *
   * @throws ExchangeRateUnavailableException naming the pair, if the source cannot be reached and
   *     the stale policy allows no cached rates, or the source does not know the pair
   */
  @Override
  public ExchangeRate rate(CurrencyUnit base, CurrencyUnit quote) {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(quote, "quote");
    if (base.equals(quote)) {
      return ExchangeRate.of(base, quote, BigDecimal.ONE, config.clock.instant(), config.name);
    }
    if (table != null) {
      RateTable current;
      try {
        current = table.get();
      } catch (ExchangeRateUnavailableException e) {
        throw new ExchangeRateUnavailableException(base, quote, e.getMessage(), e);
      }
      return current.rate(base, quote);
    }
    CurrencyPair pair = new CurrencyPair(base, quote);
    RefreshingValue<ExchangeRate> slot =
        pairs.computeIfAbsent(
            pair,
            p ->
                slot(() -> checked(config.pairSource.rate(base, quote), base, quote), config.name));
    try {
      return slot.get();
    } catch (ExchangeRateUnavailableException e) {
      throw new ExchangeRateUnavailableException(base, quote, e.getMessage(), e);
    }
  }

  /**
   * For logs: the source's name and the settings.
   *
   * @return a short description
   */
  @Override
  public String toString() {
    return "CachingExchangeRateProvider["
        + config.name
        + ", ttl "
        + config.ttl
        + ", "
        + config.stalePolicy
        + "]";
  }

  private <V> RefreshingValue<V> slot(Supplier<V> fetch, String name) {
    return new RefreshingValue<>(
        fetch, name, config.ttl, config.stalePolicy, config.failureBackoff, config.clock);
  }

  private static ExchangeRate checked(ExchangeRate rate, CurrencyUnit base, CurrencyUnit quote) {
    if (rate == null || !rate.base().equals(base) || !rate.quote().equals(quote)) {
      throw new ExchangeRateUnavailableException(
          base, quote, "the provider returned " + rate + " instead", null);
    }
    return rate;
  }

  /**
   * Configures a {@link CachingExchangeRateProvider}. Not thread-safe; {@link #build()} copies, so
   * a builder can be reused.
   */
  public static final class Builder {
    private final RateTableSource tableSource;
    private final ExchangeRateProvider pairSource;
    private Duration ttl;
    private StalePolicy stalePolicy = StalePolicy.FAIL;
    private Duration failureBackoff = DEFAULT_FAILURE_BACKOFF;
    private Clock clock = Clock.systemUTC();
    private String name;

    private Builder(RateTableSource tableSource, ExchangeRateProvider pairSource) {
      this.tableSource = tableSource;
      this.pairSource = pairSource;
      this.name = tableSource != null ? "rate table source" : "exchange rate provider";
    }

    /**
     * How long fetched rates are used before they are fetched again. Required. For the ECB's daily
     * rates (published once a working day around 16:00 CET) an hour is plenty.
     *
     * @param ttl a positive duration
     * @return this builder
     */
    public Builder ttl(Duration ttl) {
      this.ttl = ttl;
      return this;
    }

    /**
     * What to do when the rates have expired and the refresh fails; {@link StalePolicy#FAIL} by
     * default.
     *
     * @param stalePolicy the policy
     * @return this builder
     */
    public Builder stalePolicy(StalePolicy stalePolicy) {
      this.stalePolicy = stalePolicy;
      return this;
    }

    /**
     * How long after a failed refresh the source is not asked again: calls in that window get the
     * last good rates if the stale policy allows, or the last failure. 30 seconds by default; zero
     * asks the source again on the next call.
     *
     * @param failureBackoff zero or positive
     * @return this builder
     */
    public Builder failureBackoff(Duration failureBackoff) {
      this.failureBackoff = failureBackoff;
      return this;
    }

    /**
     * The clock that times the TTL, the staleness and the back-off; the system UTC clock by
     * default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * A name for the source in messages and logs, such as {@code "ECB euro reference rates"}; also
     * the {@link ExchangeRate#source()} of same-currency rates.
     *
     * @param name a non-blank name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Validates and builds a provider with an empty cache. Nothing is fetched until the first call.
     *
     * @return the provider
     * @throws InvalidRequestException with field {@code ttl} if it is missing or not positive;
     *     {@code stalePolicy}, {@code clock} if null; {@code failureBackoff} if null or negative;
     *     {@code name} if null or blank
     */
    public CachingExchangeRateProvider build() {
      if (ttl == null || ttl.isNegative() || ttl.isZero()) {
        throw new InvalidRequestException("ttl", "must be positive, was " + ttl);
      }
      if (stalePolicy == null) {
        throw new InvalidRequestException("stalePolicy", "is required");
      }
      if (failureBackoff == null || failureBackoff.isNegative()) {
        throw new InvalidRequestException(
            "failureBackoff", "must be zero or positive, was " + failureBackoff);
      }
      if (clock == null) {
        throw new InvalidRequestException("clock", "is required");
      }
      if (name == null || name.isBlank()) {
        throw new InvalidRequestException("name", "must not be blank");
      }
      return new CachingExchangeRateProvider(copy());
    }

    private Builder copy() {
      Builder b = new Builder(tableSource, pairSource);
      b.ttl = ttl;
      b.stalePolicy = stalePolicy;
      b.failureBackoff = failureBackoff;
      b.clock = clock;
      b.name = name;
      return b;
    }
  }
}
