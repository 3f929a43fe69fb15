package io.ottu.gateways;

import io.ottu.gateway.DeclineTable;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateways.internal.GatewayHttpClients;
import io.ottu.gateways.internal.GatewaySettings;
import io.ottu.gateways.internal.GatewayTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The settings every built-in adapter's builder shares: id, base URL, HTTP client, timeouts,
 * decline table, capabilities, logging and clock. Each adapter's {@code Builder} extends it, adds
 * its credentials and gateway-specific settings, and sets its own defaults through the constructor.
 *
 * <p>Not thread-safe, like the builders that extend it; reusable: {@code build()} validates and
 * copies.
 *
 * <p>It serves the adapters of this module only: its {@code settings(...)} hands subclasses the
 * module's internal transport. An adapter of your own implements {@link io.ottu.gateway.Gateway}
 * directly, with the HTTP client of your choice, and runs the {@code ottu-testkit} kit on it.
 *
 * @param <B> the concrete builder, so that setters chain without casts
 */
public abstract class GatewayBuilder<B extends GatewayBuilder<B>> {
  /**
   * The default bound on one gateway operation: 30 s, the same as {@code
   * GatewayPolicy.defaults().timeout()}, so that with both defaults the engine needs no timer of
   * its own per call.
   */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

  private String id;
  private String baseUrl;
  private OkHttpClient httpClient;
  private Duration connectTimeout;
  private Duration readTimeout;
  private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
  private DeclineTable declineTable;
  private GatewayCapabilities capabilities;
  private RedactingLoggingInterceptor logging;
  private Clock clock = Clock.systemUTC();

  /**
   * A builder with the adapter's defaults; the clock is the system UTC clock, and there is no host
   * client and no logging.
   *
   * @param id the gateway's id in the client
   * @param baseUrl the API's base URL, or null if the adapter derives it from other settings
   * @param connectTimeout the TCP and TLS connect timeout
   * @param readTimeout the read timeout
   * @param declineTable the adapter's curated decline table
   * @param capabilities the adapter's default capabilities, or null if the adapter derives them
   *     from other settings
   */
  protected GatewayBuilder(
      String id,
      String baseUrl,
      Duration connectTimeout,
      Duration readTimeout,
      DeclineTable declineTable,
      GatewayCapabilities capabilities) {
    this.id = id;
    this.baseUrl = baseUrl;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.declineTable = declineTable;
    this.capabilities = capabilities;
  }

  /** The gateway's id in the client; the adapter's name by default. */
  public B id(String id) {
    this.id = id;
    return self();
  }

  /**
   * The API's base URL; by default the one the adapter's builder names (a test server in tests).
   */
  public B baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
    return self();
  }

  /**
   * The host's shared client. The adapter derives its own from it with {@code newBuilder()}, so
   * connection pool and dispatcher are shared, and only retries, redirects, TLS versions and
   * timeouts differ. Without one, the adapter creates its own client (and pool).
   */
  public B httpClient(OkHttpClient httpClient) {
    this.httpClient = httpClient;
    return self();
  }

  /** The TCP and TLS connect timeout; 10 s by default. */
  public B connectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
    return self();
  }

  /**
   * The read timeout; 60 s by default. A read timeout is an unknown outcome that needs a lookup or
   * a resend with the same key, so do not set it much shorter than the slowest issuer or acquirer.
   */
  public B readTimeout(Duration readTimeout) {
    this.readTimeout = readTimeout;
    return self();
  }

  /**
   * The bound on one whole gateway operation ({@code authorize}, {@code capture}, a {@code lookup}
   * that reads several pages, a PayPal call that first fetches a token...): every HTTP exchange it
   * makes gets the time that is left as its OkHttp call timeout, which cancels the exchange
   * wherever it is (DNS, connect, TLS, writing, waiting, reading). 30 s ({@link
   * #DEFAULT_CALL_TIMEOUT}) by default.
   *
   * <p>The adapter declares it as {@link io.ottu.gateway.Gateway#callTimeout()}: when it is no
   * longer than the gateway's {@code GatewayPolicy.timeout()}, the engine relies on it and runs no
   * timer of its own per call. Set the two together. A call cut short after the request was sent is
   * an unknown outcome (looked up or resent with the same idempotency key), so do not set it much
   * shorter than the slowest issuer or acquirer.
   */
  public B callTimeout(Duration callTimeout) {
    this.callTimeout = callTimeout;
    return self();
  }

  /** The decline table; the adapter's {@code defaultDeclineTable()} by default. */
  public B declineTable(DeclineTable declineTable) {
    this.declineTable = declineTable;
    return self();
  }

  /**
   * What routing may offer this gateway; the adapter's {@code defaultCapabilities()} by default.
   */
  public B capabilities(GatewayCapabilities capabilities) {
    this.capabilities = capabilities;
    return self();
  }

  /** Logs traffic through this interceptor (redacted); nothing is logged by default. */
  public B logging(RedactingLoggingInterceptor logging) {
    this.logging = logging;
    return self();
  }

  /**
   * The clock for {@code Retry-After} dates and the adapter's own timing (token expiry, lookup
   * windows); the system UTC clock by default.
   */
  public B clock(Clock clock) {
    this.clock = clock;
    return self();
  }

  /** The base URL as set, or null if neither the adapter's default nor the caller set one. */
  protected final String baseUrl() {
    return baseUrl;
  }

  /** The capabilities as set, or null if neither the adapter's default nor the caller set them. */
  protected final GatewayCapabilities capabilities() {
    return capabilities;
  }

  /**
   * Checks the id; adapters call it where their {@code build()} has always checked it, so that the
   * first error reported stays the same.
   *
   * @throws IllegalArgumentException naming {@code id} if it is null or blank
   */
  protected final void checkId() {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("id: must not be blank");
    }
  }

  /**
   * Validates the shared settings and derives the adapter's client and transport from the base URL
   * and capabilities as set.
   *
   * @param requestIdHeader the response header carrying the gateway's request id, or null
   * @return the validated settings
   * @throws IllegalArgumentException naming {@code id}, {@code baseUrl}, {@code connectTimeout},
   *     {@code readTimeout} or {@code callTimeout}
   * @throws NullPointerException naming {@code declineTable}, {@code capabilities} or {@code clock}
   *     if null
   */
  protected final GatewaySettings settings(String requestIdHeader) {
    return settings(baseUrl, capabilities, requestIdHeader, url -> {});
  }

  /**
   * Validates the shared settings and derives the adapter's client and transport, for an adapter
   * that computes its base URL or capabilities from its own settings.
   *
   * @param effectiveBaseUrl the base URL to parse and call
   * @param effectiveCapabilities the capabilities the gateway reports
   * @param requestIdHeader the response header carrying the gateway's request id, or null
   * @param checkBaseUrl the adapter's own checks of the parsed base URL, run before the timeouts
   *     are checked; it throws {@link IllegalArgumentException} naming the field
   * @return the validated settings
   * @throws IllegalArgumentException naming {@code id}, {@code baseUrl}, {@code connectTimeout},
   *     {@code readTimeout} or {@code callTimeout}, or as {@code checkBaseUrl} throws
   * @throws NullPointerException naming {@code declineTable}, {@code capabilities} or {@code clock}
   *     if null
   */
  protected final GatewaySettings settings(
      String effectiveBaseUrl,
      GatewayCapabilities effectiveCapabilities,
      String requestIdHeader,
      Consumer<HttpUrl> checkBaseUrl) {
    checkId();
    Objects.requireNonNull(declineTable, "declineTable");
    Objects.requireNonNull(effectiveCapabilities, "capabilities");
    Objects.requireNonNull(clock, "clock");
    HttpUrl url = GatewayHttpClients.baseUrl(effectiveBaseUrl);
    checkBaseUrl.accept(url);
    OkHttpClient client =
        GatewayHttpClients.forGateway(
            httpClient,
            url,
            GatewayHttpClients.checkTimeout("connectTimeout", connectTimeout),
            GatewayHttpClients.checkTimeout("readTimeout", readTimeout),
            GatewayHttpClients.checkTimeout("callTimeout", callTimeout),
            logging);
    return new GatewaySettings(
        id,
        url,
        new GatewayTransport(id, client, requestIdHeader, callTimeout, clock),
        declineTable,
        effectiveCapabilities,
        clock);
  }

  @SuppressWarnings("unchecked") // B is this builder's own class, by the type parameter's bound
  private B self() {
    return (B) this;
  }
}
