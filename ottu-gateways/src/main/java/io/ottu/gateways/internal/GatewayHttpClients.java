package io.ottu.gateways.internal;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.TlsVersion;

/**
 * Builds the {@link OkHttpClient} an adapter uses, from the host's client when it gave one.
 *
 * <p>{@link OkHttpClient#newBuilder()} keeps the host's connection pool, dispatcher, proxy, DNS,
 * certificate pinning and event listener, and changes only what payment calls need:
 *
 * <ul>
 *   <li>{@code retryOnConnectionFailure(false)}: OkHttp would otherwise re-send a request after
 *       some connection failures, invisibly. The engine owns retries, so each attempt is seen,
 *       classified, counted and carries its idempotency key (DESIGN §7).
 *   <li>No redirects: a payment API does not redirect, and following one would re-send or turn a
 *       POST into a GET.
 *   <li>TLS 1.3 and 1.2 only (the JDK negotiates 1.3 when the server has it); plain HTTP only to a
 *       loopback base URL, for tests.
 *   <li>The adapter's connect, read and write timeouts, and the {@link SendState} marker as the
 *       first network interceptor.
 * </ul>
 */
public final class GatewayHttpClients {
  /** TLS 1.3 and 1.2 with OkHttp's modern cipher suites. */
  public static final ConnectionSpec TLS_1_2_PLUS =
      new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS)
          .tlsVersions(TlsVersion.TLS_1_3, TlsVersion.TLS_1_2)
          .build();

  private GatewayHttpClients() {}

  /**
   * Parses and checks an adapter's base URL.
   *
   * @param value an absolute {@code https://} URL, or {@code http://} to localhost, 127.0.0.1 or
   *     [::1] (tests)
   * @return the URL, without a trailing slash in its path
   * @throws IllegalArgumentException naming {@code baseUrl} if it is missing, malformed, plain HTTP
   *     to another host, or carries a query
   */
  public static HttpUrl baseUrl(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("baseUrl: is required");
    }
    HttpUrl url = HttpUrl.parse(value.strip());
    if (url == null) {
      throw new IllegalArgumentException("baseUrl: is not an absolute http(s) URL: " + value);
    }
    if (url.query() != null || url.fragment() != null) {
      throw new IllegalArgumentException("baseUrl: must not carry a query or fragment: " + value);
    }
    if (!url.isHttps() && !isLoopback(url)) {
      throw new IllegalArgumentException(
          "baseUrl: must be https; plain http is allowed only to localhost for tests: " + value);
    }
    String path = url.encodedPath();
    if (path.endsWith("/") && path.length() > 1) {
      url = url.newBuilder().encodedPath(path.substring(0, path.length() - 1)).build();
    }
    return url;
  }

  /**
   * Resolves {@code path} (segments separated by {@code /}, already safe) under the base URL,
   * keeping a base path such as Adyen's {@code /v71}.
   */
  public static HttpUrl.Builder resolve(HttpUrl baseUrl, String path) {
    HttpUrl.Builder b = baseUrl.newBuilder();
    String base = baseUrl.encodedPath();
    String joined = (base.equals("/") ? "" : base) + (path.startsWith("/") ? path : "/" + path);
    return b.encodedPath(joined);
  }

  /**
   * The client for one adapter.
   *
   * @param hostClient the host's shared client, or null to start from a new one (its own pool)
   * @param baseUrl the adapter's base URL, from {@link #baseUrl(String)}
   * @param connectTimeout the TCP and TLS connect timeout
   * @param readTimeout the read (and write) timeout per socket operation
   * @param callTimeout the timeout of one whole exchange, a backstop: {@link GatewayTransport}
   *     narrows it to what is left of the operation's time
   * @param logging an application interceptor for logging (the redacting one), or null
   */
  public static OkHttpClient forGateway(
      OkHttpClient hostClient,
      HttpUrl baseUrl,
      Duration connectTimeout,
      Duration readTimeout,
      Duration callTimeout,
      Interceptor logging) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    OkHttpClient.Builder b =
        hostClient == null ? new OkHttpClient.Builder() : hostClient.newBuilder();
    b.retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .writeTimeout(readTimeout)
        .callTimeout(callTimeout)
        .connectionSpecs(
            isLoopback(baseUrl) && !baseUrl.isHttps()
                ? List.of(TLS_1_2_PLUS, ConnectionSpec.CLEARTEXT)
                : List.of(TLS_1_2_PLUS));
    b.networkInterceptors().remove(SendState.MARKER);
    b.networkInterceptors().add(0, SendState.MARKER);
    if (logging != null && !b.interceptors().contains(logging)) {
      b.addInterceptor(logging);
    }
    return b.build();
  }

  /**
   * Checks a timeout given to a builder.
   *
   * @throws IllegalArgumentException naming {@code field} unless positive and at most 10 minutes
   */
  public static Duration checkTimeout(String field, Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(field + ": must be positive, was " + timeout);
    }
    if (timeout.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(field + ": must be at most 10 minutes, was " + timeout);
    }
    return timeout;
  }

  private static boolean isLoopback(HttpUrl url) {
    String host = url.host().toLowerCase(Locale.ROOT);
    return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("::1");
  }
}
