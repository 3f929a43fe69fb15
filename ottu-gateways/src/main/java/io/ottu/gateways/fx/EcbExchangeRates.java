package io.ottu.gateways.fx;

import io.ottu.InvalidRequestException;
import io.ottu.fx.CachingExchangeRateProvider;
import io.ottu.fx.ExchangeRateUnavailableException;
import io.ottu.fx.RateTable;
import io.ottu.fx.RateTableSource;
import io.ottu.fx.StalePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The European Central Bank's euro foreign exchange reference rates: about 30 currencies quoted
 * against the euro, published once a working day around 16:00 CET as a snapshot of 14:10 CET, at
 * {@value #DEFAULT_URL}. A {@link RateTableSource}: one fetch gives the whole table, and every pair
 * of its currencies is converted through EUR as {@link RateTable} describes ({@code USD/JPY =
 * rate(JPY) ÷ rate(USD)}, one rounding to 34 significant digits).
 *
 * <pre>{@code
 * EcbExchangeRates ecb = EcbExchangeRates.builder().httpClient(sharedClient).build();
 * ExchangeRateProvider rates = ExchangeRates.firstAvailable(
 *     ecb.cached(Duration.ofHours(1), StalePolicy.serveStaleUpTo(Duration.ofDays(3))),
 *     ExchangeRates.fixed().rate("USD", "KWD", "0.3075").build());   // the ECB has no KWD
 * }</pre>
 *
 * <p>What the ECB does not publish (KWD, SAR, AED, BHD, ...) fails with {@link
 * ExchangeRateUnavailableException}; combine with fixed rates as above. The fallback answers a pair
 * from one provider or the next, never by chaining one provider's rate with another's: with the
 * example, USD/KWD and KWD/USD come from the fixed rates, and EUR/KWD fails until it is set there
 * too. The ECB publishes these rates "for information purposes only": check that your use (pricing,
 * display) fits.
 *
 * <p>Each {@link #fetch()} is one GET. A table is all or nothing: an HTTP error, an I/O failure, a
 * timeout, a body over 1 MiB, XML that is not well-formed, carries a DOCTYPE or entity, or has a
 * malformed date, code or rate throws {@link ExchangeRateUnavailableException} naming the URL, and
 * never returns a partial table. Codes that are not usable ISO 4217 currencies (withdrawn ones such
 * as BGN, which the ECB listed until the end of 2025) are left out and logged at debug. The table's
 * time is the feed's date at 14:10 Frankfurt time; its source is {@value #SOURCE}.
 *
 * <p>Instances are immutable and thread-safe; they hold no cache (see {@link #cached(Duration,
 * StalePolicy)}).
 */
public final class EcbExchangeRates implements RateTableSource {
  /** The daily feed. */
  public static final String DEFAULT_URL =
      "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml";

  /** The {@link RateTable#source()} of every table, and so of every rate derived from one. */
  public static final String SOURCE = "ECB";

  /** The daily file is under 2 KB and the 90-day file under 100 KB; nothing legitimate is near. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private final HttpUrl url;
  private final OkHttpClient client;
  private final int maxBodyBytes;
  private final Builder config;

  private EcbExchangeRates(Builder config, HttpUrl url, OkHttpClient client) {
    this.config = config;
    this.url = url;
    this.client = client;
    this.maxBodyBytes = config.maxBodyBytes;
  }

  /**
   * A builder for the default URL, with a client of its own unless one is given.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder with this source's settings.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return config.copy();
  }

  /**
   * Fetches and parses the feed, once, with no cache.
   *
   * @return the latest day's rates, EUR as pivot
   * @throws ExchangeRateUnavailableException naming the URL, if the feed cannot be fetched or is
   *     not trustworthy (see the class comment)
   */
  @Override
  public RateTable fetch() {
    Request request =
        new Request.Builder()
            .url(url)
            .header("Accept", "application/xml, text/xml;q=0.9")
            .get()
            .build();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new ExchangeRateUnavailableException(
            "ECB reference rates: HTTP " + response.code() + " from " + url);
      }
      return EcbFeed.parse(read(response.body(), maxBodyBytes), url.toString());
    } catch (IOException e) {
      throw new ExchangeRateUnavailableException(
          "ECB reference rates: cannot fetch " + url + ": " + e, e);
    }
  }

  /**
   * This source behind a cache, fetched once per {@code ttl} at most, timed by the system clock.
   * The same as {@code CachingExchangeRateProvider.forTable(this).ttl(ttl).stalePolicy(stalePolicy)
   * .name("ECB euro reference rates").build()}.
   *
   * @param ttl how long a fetched table is used; the ECB publishes once a working day, so an hour
   *     is plenty
   * @param stalePolicy what to serve when a refresh fails; {@code
   *     StalePolicy.serveStaleUpTo(Duration.ofDays(3))} rides out an outage over a weekend
   * @return a thread-safe provider; keep one per application
   * @throws InvalidRequestException naming {@code ttl} or {@code stalePolicy} if invalid
   */
  public CachingExchangeRateProvider cached(Duration ttl, StalePolicy stalePolicy) {
    return cached(ttl, stalePolicy, Clock.systemUTC());
  }

  /**
   * As {@link #cached(Duration, StalePolicy)}, timed by the given clock.
   *
   * @param ttl how long a fetched table is used
   * @param stalePolicy what to serve when a refresh fails
   * @param clock the clock for the TTL and staleness
   * @return a thread-safe provider
   * @throws InvalidRequestException naming {@code ttl}, {@code stalePolicy} or {@code clock} if
   *     invalid
   */
  public CachingExchangeRateProvider cached(Duration ttl, StalePolicy stalePolicy, Clock clock) {
    return CachingExchangeRateProvider.forTable(this)
        .ttl(ttl)
        .stalePolicy(stalePolicy)
        .clock(clock)
        .name("ECB euro reference rates")
        .build();
  }

  /**
   * For logs: the URL.
   *
   * @return a short description
   */
  @Override
  public String toString() {
    return "EcbExchangeRates[" + url + "]";
  }

  private static byte[] read(ResponseBody body, int maxBodyBytes) throws IOException {
    long declared = body.contentLength();
    if (declared > maxBodyBytes) {
      throw new ExchangeRateUnavailableException(
          "ECB reference rates: the response is "
              + declared
              + " bytes, over the limit of "
              + maxBodyBytes);
    }
    try (InputStream in = body.byteStream()) {
      byte[] buffer = new byte[8192];
      int length = 0;
      int n;
      while ((n = in.read(buffer, length, buffer.length - length)) != -1) {
        length += n;
        if (length > maxBodyBytes) {
          throw new ExchangeRateUnavailableException(
              "ECB reference rates: the response is over the limit of " + maxBodyBytes + " bytes");
        }
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, maxBodyBytes + 1));
        }
      }
      return Arrays.copyOf(buffer, length);
    }
  }

  /**
   * Configures an {@link EcbExchangeRates}. Not thread-safe; {@link #build()} copies, so a builder
   * can be reused.
   */
  public static final class Builder {
    private String url = DEFAULT_URL;
    private OkHttpClient httpClient;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(20);
    private Duration callTimeout = Duration.ofSeconds(30);
    private int maxBodyBytes = MAX_BODY_BYTES;

    private Builder() {}

    /**
     * Where to fetch the feed; {@value #DEFAULT_URL} by default. The ECB's 90-day file ({@code
     * eurofxref-hist-90d.xml}) works too: its latest day is used.
     *
     * @param url an absolute {@code https://} URL, or {@code http://} to localhost, 127.0.0.1 or
     *     [::1] for tests: exchange rates are money, and plain HTTP would let anyone on the path
     *     change them
     * @return this builder
     */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /**
     * The host's shared client. This source derives its own with {@code newBuilder()}, sharing the
     * connection pool and dispatcher, with its own timeouts, {@code
     * retryOnConnectionFailure(false)} (a failed fetch is the cache's to handle, seen and logged,
     * not silently repeated) and {@code followSslRedirects(false)} (a redirect from HTTPS to plain
     * HTTP fails the fetch). Without one, a client of its own.
     *
     * @param httpClient the client
     * @return this builder
     */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /**
     * The TCP and TLS connect timeout; 10 seconds by default.
     *
     * @param connectTimeout positive, at most 10 minutes
     * @return this builder
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * The longest wait for each read; 20 seconds by default.
     *
     * @param readTimeout positive, at most 10 minutes
     * @return this builder
     */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    /**
     * The longest a whole fetch may take, connection, redirects and body included; 30 seconds by
     * default. Callers of a cold cache wait for the fetch, so this bounds their wait.
     *
     * @param callTimeout positive, at most 10 minutes
     * @return this builder
     */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = callTimeout;
      return this;
    }

    /**
     * For tests: a body limit below {@link EcbExchangeRates#MAX_BODY_BYTES}, so they need not send
     * 1 MiB.
     */
    Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the source
     * @throws InvalidRequestException naming the field: {@code url} missing, malformed, with a
     *     fragment, or plain HTTP to a host other than loopback; {@code connectTimeout}, {@code
     *     readTimeout} or {@code callTimeout} missing, not positive or over 10 minutes
     */
    public EcbExchangeRates build() {
      HttpUrl parsed = checkUrl(url);
      OkHttpClient.Builder b =
          httpClient == null ? new OkHttpClient.Builder() : httpClient.newBuilder();
      OkHttpClient client =
          b.retryOnConnectionFailure(false)
              .followSslRedirects(false)
              .connectTimeout(checkTimeout("connectTimeout", connectTimeout))
              .readTimeout(checkTimeout("readTimeout", readTimeout))
              .writeTimeout(readTimeout)
              .callTimeout(checkTimeout("callTimeout", callTimeout))
              .build();
      return new EcbExchangeRates(copy(), parsed, client);
    }

    private Builder copy() {
      Builder b = new Builder();
      b.url = url;
      b.httpClient = httpClient;
      b.connectTimeout = connectTimeout;
      b.readTimeout = readTimeout;
      b.callTimeout = callTimeout;
      b.maxBodyBytes = maxBodyBytes;
      return b;
    }

    private static HttpUrl checkUrl(String value) {
      if (value == null || value.isBlank()) {
        throw new InvalidRequestException("url", "is required");
      }
      HttpUrl parsed = HttpUrl.parse(value.strip());
      if (parsed == null) {
        throw new InvalidRequestException("url", "is not an absolute http(s) URL: " + value);
      }
      if (parsed.fragment() != null) {
        throw new InvalidRequestException("url", "must not carry a fragment: " + value);
      }
      String host = parsed.host().toLowerCase(Locale.ROOT);
      boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
      if (!parsed.isHttps() && !loopback) {
        throw new InvalidRequestException(
            "url", "must be https; plain http is allowed only to localhost for tests: " + value);
      }
      return parsed;
    }

    private static Duration checkTimeout(String field, Duration timeout) {
      Objects.requireNonNull(field, "field");
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new InvalidRequestException(field, "must be positive, was " + timeout);
      }
      if (timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new InvalidRequestException(field, "must be at most 10 minutes, was " + timeout);
      }
      return timeout;
    }
  }
}
