package io.ottu.gateways.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import io.ottu.testkit.KitWireMock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The transport's NOT_SENT / UNKNOWN_OUTCOME line, decided by whether a connection was made, over
 * real sockets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayTransportTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);

  // Started before the class and stopped after it; reset by each class's own @BeforeEach.
  @RegisterExtension
  static final WireMockExtension wireMock =
      WireMockExtension.newInstance().options(KitWireMock.options()).resetOnEachTest(false).build();

  @BeforeEach
  void reset() {
    wireMock.resetAll();
  }

  private GatewayTransport transport(String baseUrl, OkHttpClient host) {
    return transport(baseUrl, host, Duration.ofMillis(500));
  }

  private GatewayTransport transport(String baseUrl, OkHttpClient host, Duration readTimeout) {
    return transport(baseUrl, host, readTimeout, Duration.ofSeconds(30));
  }

  private GatewayTransport transport(
      String baseUrl, OkHttpClient host, Duration readTimeout, Duration callTimeout) {
    HttpUrl url = GatewayHttpClients.baseUrl(baseUrl);
    return new GatewayTransport(
        "test",
        GatewayHttpClients.forGateway(
            host, url, Duration.ofSeconds(2), readTimeout, callTimeout, null),
        "Request-Id",
        callTimeout,
        CLOCK);
  }

  private GatewayException fails(GatewayTransport transport, String url) {
    return catchThrowableOfType(
        GatewayException.class, () -> transport.execute(new Request.Builder().url(url).build()));
  }

  @Test
  void aRefusedConnectionIsNotSent() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String base = "http://127.0.0.1:" + port;
    GatewayException e = fails(transport(base, null), base + "/v1/x");
    assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_SENT);
    assertThat(e.getMessage()).contains("GET /v1/x").contains("before anything was sent");
  }

  @Test
  void aDnsFailureIsNotSent() {
    OkHttpClient host =
        new OkHttpClient.Builder()
            .dns(
                hostname -> {
                  throw new UnknownHostException("no such host: " + hostname);
                })
            .build();
    GatewayException e =
        fails(transport("https://gateway.invalid", host), "https://gateway.invalid/v1/x");
    assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_SENT);
    assertThat(e.getCause()).isInstanceOf(UnknownHostException.class);
  }

  @Test
  void aConnectTimeoutIsNotSentThoughItIsTheSameExceptionTypeAsAReadTimeout() {
    OkHttpClient host =
        new OkHttpClient.Builder()
            .socketFactory(
                new javax.net.SocketFactory() {
                  @Override
                  public java.net.Socket createSocket() {
                    return new java.net.Socket() {
                      @Override
                      public void connect(java.net.SocketAddress endpoint, int timeout)
                          throws IOException {
                        throw new java.net.SocketTimeoutException("connect timed out");
                      }
                    };
                  }

                  @Override
                  public java.net.Socket createSocket(String host, int port) {
                    throw new UnsupportedOperationException();
                  }

                  @Override
                  public java.net.Socket createSocket(
                      String host, int port, InetAddress localHost, int localPort) {
                    throw new UnsupportedOperationException();
                  }

                  @Override
                  public java.net.Socket createSocket(InetAddress host, int port) {
                    throw new UnsupportedOperationException();
                  }

                  @Override
                  public java.net.Socket createSocket(
                      InetAddress address, int port, InetAddress localAddress, int localPort) {
                    throw new UnsupportedOperationException();
                  }
                })
            .build();
    String base = "http://127.0.0.1:" + wireMock.getPort();
    GatewayException e = fails(transport(base, host), base + "/v1/x");
    assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_SENT);
    assertThat(e.getCause()).isInstanceOf(java.net.SocketTimeoutException.class);
    assertThat(wireMock.getAllServeEvents()).isEmpty();
  }

  @Test
  void aTlsHandshakeFailureIsNotSent() {
    // WireMock speaks plain HTTP on this port: the TLS ClientHello gets garbage back.
    String base = "https://127.0.0.1:" + wireMock.getPort();
    GatewayException e = fails(transport(base, null), base + "/v1/x");
    assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_SENT);
    assertThat(e.getCause()).isInstanceOf(SSLException.class);
  }

  @Test
  void cleartextToAnotherHostIsRefusedBeforeConnecting() {
    OkHttpClient client =
        GatewayHttpClients.forGateway(
            null,
            GatewayHttpClients.baseUrl("https://api.example.com"),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            null);
    GatewayException e =
        fails(
            new GatewayTransport("test", client, null, Duration.ofSeconds(5), CLOCK),
            "http://127.0.0.1:" + wireMock.getPort() + "/v1/x");
    assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_SENT);
    assertThat(wireMock.getAllServeEvents()).isEmpty();
  }

  @Test
  void aResetAfterTheRequestWasReadIsAnUnknownOutcome() {
    wireMock.stubFor(
        any(anyUrl()).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    String base = "http://127.0.0.1:" + wireMock.getPort();
    GatewayException e = fails(transport(base, null), base + "/v1/x");
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.getMessage()).contains("after the request was sent");
  }

  @Test
  void aReadTimeoutIsAnUnknownOutcome() {
    wireMock.stubFor(any(anyUrl()).willReturn(okJson("{}").withFixedDelay(2000)));
    String base = "http://127.0.0.1:" + wireMock.getPort();
    GatewayException e = fails(transport(base, null), base + "/v1/x");
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  @Test
  void aBodyCutShortIsAnUnknownOutcome() {
    wireMock.stubFor(
        any(anyUrl()).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
    String base = "http://127.0.0.1:" + wireMock.getPort();
    GatewayException e = fails(transport(base, null), base + "/v1/x");
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  @Test
  void anOversizedBodyIsAnUnknownOutcome() {
    wireMock.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Request-Id", "req_big")
                    .withBody(new byte[(int) GatewayTransport.MAX_BODY_BYTES + 10])));
    String base = "http://127.0.0.1:" + wireMock.getPort();
    GatewayException e = fails(transport(base, null, Duration.ofSeconds(10)), base + "/v1/x");
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.requestId()).as(e.getMessage()).contains("req_big");
  }

  @Test
  void everyStatusComesBackAsAReplyWithItsRequestId() {
    wireMock.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Request-Id", "req_503")
                    .withHeader("Retry-After", "Sun, 01 Jun 2025 12:00:30 GMT")
                    .withBody("<html>down</html>")));
    String base = "http://127.0.0.1:" + wireMock.getPort();
    HttpReply reply =
        transport(base, null).execute(new Request.Builder().url(base + "/v1/x").build());
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.requestId()).contains("req_503");
    assertThat(reply.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(reply.jsonOrMissing().isMissingNode()).isTrue();
    GatewayException e = HttpFailures.classify(reply, null, null);
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(e.requestId()).contains("req_503");
  }

  @Test
  void theAdapterClientNeverRetriesOrRedirectsAndSharesTheHostsPool() {
    OkHttpClient host = new OkHttpClient.Builder().retryOnConnectionFailure(true).build();
    OkHttpClient client =
        GatewayHttpClients.forGateway(
            host,
            GatewayHttpClients.baseUrl("https://api.stripe.com"),
            Duration.ofSeconds(3),
            Duration.ofSeconds(7),
            Duration.ofSeconds(20),
            null);
    assertThat(client.retryOnConnectionFailure()).isFalse();
    assertThat(client.followRedirects()).isFalse();
    assertThat(client.followSslRedirects()).isFalse();
    assertThat(client.connectionPool()).isSameAs(host.connectionPool());
    assertThat(client.dispatcher()).isSameAs(host.dispatcher());
    assertThat(client.connectTimeoutMillis()).isEqualTo(3000);
    assertThat(client.readTimeoutMillis()).isEqualTo(7000);
    assertThat(client.writeTimeoutMillis()).isEqualTo(7000);
    assertThat(client.callTimeoutMillis()).isEqualTo(20000);
    assertThat(client.connectionSpecs()).isEqualTo(List.of(GatewayHttpClients.TLS_1_2_PLUS));
    assertThat(GatewayHttpClients.TLS_1_2_PLUS.tlsVersions())
        .extracting(v -> v.javaName())
        .containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(client.networkInterceptors().get(0)).isSameAs(SendState.MARKER);
    OkHttpClient again =
        GatewayHttpClients.forGateway(
            client,
            GatewayHttpClients.baseUrl("https://api.stripe.com"),
            Duration.ofSeconds(3),
            Duration.ofSeconds(7),
            Duration.ofSeconds(20),
            null);
    assertThat(again.networkInterceptors()).containsOnlyOnce(SendState.MARKER);
  }

  @Test
  void anOperationsExchangesShareOneDeadline() {
    // Each exchange alone fits in the call timeout; the two together do not. The second gets only
    // what the first left, and is cut off after it was sent: an unknown outcome.
    wireMock.stubFor(any(anyUrl()).willReturn(okJson("{\"id\":\"x\"}").withFixedDelay(700)));
    String base = "http://127.0.0.1:" + wireMock.getPort();
    GatewayTransport t = transport(base, null, Duration.ofSeconds(10), Duration.ofSeconds(1));
    Request first = new Request.Builder().url(base + "/v1/first").build();
    Request second = new Request.Builder().url(base + "/v1/second").build();
    GatewayException e =
        catchThrowableOfType(
            GatewayException.class,
            () ->
                t.withinCallTimeout(
                    () -> {
                      assertThat(t.execute(first).status()).isEqualTo(200);
                      return t.execute(second);
                    }));
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.getMessage()).contains("GET /v1/second").contains("timed out");
    assertThat(wireMock.getAllServeEvents()).hasSize(2);
  }

  @Test
  void anExchangeAfterTheDeadlinePassedIsNotSent() {
    wireMock.stubFor(any(anyUrl()).willReturn(okJson("{}").withFixedDelay(600)));
    String base = "http://127.0.0.1:" + wireMock.getPort();
    GatewayTransport t = transport(base, null, Duration.ofSeconds(10), Duration.ofMillis(500));
    Request first = new Request.Builder().url(base + "/v1/first").build();
    Request second = new Request.Builder().url(base + "/v1/second").build();
    GatewayException e =
        catchThrowableOfType(
            GatewayException.class,
            () ->
                t.withinCallTimeout(
                    () -> {
                      GatewayException timedOut =
                          catchThrowableOfType(GatewayException.class, () -> t.execute(first));
                      assertThat(timedOut.getMessage()).contains("timed out");
                      return t.execute(second);
                    }));
    assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_SENT);
    assertThat(e.getMessage())
        .contains("GET /v1/second")
        .contains("call timeout of PT0.5S ran out before it");
    // Only the first request reached the server.
    assertThat(wireMock.getAllServeEvents())
        .extracting(ev -> ev.getRequest().getUrl())
        .containsExactly("/v1/first");
  }

  @Test
  void eachOperationGetsItsOwnDeadlineAndANestedOneKeepsTheOuter() {
    wireMock.stubFor(any(anyUrl()).willReturn(okJson("{}").withFixedDelay(900)));
    String base = "http://127.0.0.1:" + wireMock.getPort();
    GatewayTransport t = transport(base, null, Duration.ofSeconds(10), Duration.ofMillis(1_500));
    Request r = new Request.Builder().url(base + "/v1/x").build();
    // Two operations of one 900 ms exchange each: both within their own 1.5 s.
    assertThat(t.withinCallTimeout(() -> t.execute(r)).status()).isEqualTo(200);
    assertThat(t.withinCallTimeout(() -> t.execute(r)).status()).isEqualTo(200);
    // Two exchanges in one operation, the second inside a nested operation: the outer deadline
    // holds, so the second is cut off.
    GatewayException e =
        catchThrowableOfType(
            GatewayException.class,
            () ->
                t.withinCallTimeout(
                    () -> {
                      t.execute(r);
                      return t.withinCallTimeout(() -> t.execute(r));
                    }));
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  @Test
  void outsideAnOperationTheClientsCallTimeoutBoundsEachExchange() {
    wireMock.stubFor(any(anyUrl()).willReturn(okJson("{}").withFixedDelay(5_000)));
    String base = "http://127.0.0.1:" + wireMock.getPort();
    GatewayTransport t = transport(base, null, Duration.ofSeconds(30), Duration.ofMillis(300));
    GatewayException e = fails(t, base + "/v1/x");
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.getMessage()).contains("after the request was sent");
    assertThat(t.callTimeout()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aCallTimeoutMustBePositive() {
    OkHttpClient client = new OkHttpClient();
    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> new GatewayTransport("test", client, null, Duration.ZERO, CLOCK)))
        .hasMessageStartingWith("callTimeout: must be positive");
  }

  @Test
  void baseUrlsAreCheckedByName() {
    assertThat(GatewayHttpClients.baseUrl("https://checkout-test.adyen.com/v71/").encodedPath())
        .isEqualTo("/v71");
    assertThat(
            GatewayHttpClients.resolve(
                    GatewayHttpClients.baseUrl("https://checkout-test.adyen.com/v71"), "/payments")
                .build()
                .toString())
        .isEqualTo("https://checkout-test.adyen.com/v71/payments");
    for (String bad :
        new String[] {null, " ", "ftp://x", "http://api.stripe.com", "https://x/?a=b", "nope"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatewayHttpClients.baseUrl(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("baseUrl:");
    }
    assertThat(GatewayHttpClients.baseUrl("http://localhost:8080").isHttps()).isFalse();
  }
}
