package io.ottu.gateways.fx;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.ottu.gateways.fx.EcbFixtures.DAILY_2024_06_28;
import static io.ottu.gateways.fx.EcbFixtures.PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import io.ottu.Money;
import io.ottu.fx.CachingExchangeRateProvider;
import io.ottu.fx.Conversion;
import io.ottu.fx.CurrencyConverter;
import io.ottu.fx.ExchangeRate;
import io.ottu.fx.ExchangeRateProvider;
import io.ottu.fx.ExchangeRateUnavailableException;
import io.ottu.fx.ExchangeRates;
import io.ottu.fx.RateTable;
import io.ottu.fx.StalePolicy;
import io.ottu.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EcbExchangeRatesTest {
  static final CurrencyUnit EUR = CurrencyUnit.of("EUR");
  static final CurrencyUnit USD = CurrencyUnit.of("USD");
  static final CurrencyUnit JPY = CurrencyUnit.of("JPY");
  static final CurrencyUnit KWD = CurrencyUnit.of("KWD");

  /** 14:10 in Frankfurt on 28 June 2024, summer time (UTC+2). */
  static final Instant AS_OF = Instant.parse("2024-06-28T12:10:00Z");

  private WireMockServer wireMock;
  private final MutableClock clock = new MutableClock(Instant.parse("2024-06-28T15:00:00Z"));

  @BeforeEach
  void start() {
    wireMock =
        new WireMockServer(
            wireMockConfig().dynamicPort().bindAddress("127.0.0.1").gzipDisabled(true));
    wireMock.start();
  }

  @AfterEach
  void stop() {
    wireMock.stop();
  }

  private String url() {
    return "http://127.0.0.1:" + wireMock.port() + PATH;
  }

  private EcbExchangeRates ecb() {
    return EcbExchangeRates.builder().url(url()).build();
  }

  private void serve(String xml) {
    wireMock.stubFor(
        get(PATH)
            .willReturn(
                aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(xml)));
  }

  @Test
  void parsesTheRealDailyFile() {
    serve(DAILY_2024_06_28);
    RateTable table = ecb().fetch();

    assertThat(table.pivot()).isEqualTo(EUR);
    assertThat(table.asOf()).isEqualTo(AS_OF);
    assertThat(table.source()).isEqualTo("ECB");
    // 30 currencies in the file; BGN is no longer an ISO 4217 currency.
    assertThat(table.rates()).hasSize(29).doesNotContainKey(CurrencyUnit.of("EUR"));
    assertThat(
            table.rates().keySet().stream()
                .map(CurrencyUnit::code)
                .collect(Collectors.joining(",")))
        .isEqualTo(
            "AUD,BRL,CAD,CHF,CNY,CZK,DKK,GBP,HKD,HUF,IDR,ILS,INR,ISK,JPY,KRW,MXN,MYR,NOK,NZD,PHP,PLN,"
                + "RON,SEK,SGD,THB,TRY,USD,ZAR");
    assertThat(table.rateAgainstPivot(USD)).contains(new BigDecimal("1.0705"));
    assertThat(table.rateAgainstPivot(JPY)).contains(new BigDecimal("171.94"));
    assertThat(table.rateAgainstPivot(CurrencyUnit.of("HUF")).orElseThrow().toPlainString())
        .isEqualTo("395.1");
    assertThat(table.rateAgainstPivot(CurrencyUnit.of("IDR")).orElseThrow().toPlainString())
        .isEqualTo("17487.21");
    wireMock.verify(
        1,
        getRequestedFor(urlEqualTo(PATH))
            .withHeader("Accept", equalTo("application/xml, text/xml;q=0.9")));
  }

  @Test
  void crossRateUsdToJpyGoesThroughTheEuroAtDecimal128ThenHalfEvenAtConversion() {
    serve(DAILY_2024_06_28);
    CurrencyConverter converter =
        CurrencyConverter.builder()
            .provider(ecb().cached(Duration.ofHours(1), StalePolicy.FAIL, clock))
            .clock(clock)
            .build();

    Conversion conversion = converter.convert(Money.of("100.00", "USD"), JPY);
    // 171.94 ÷ 1.0705 to 34 significant digits.
    assertThat(conversion.rate().rate())
        .isEqualByComparingTo("160.6165343297524521251751517982251");
    assertThat(conversion.rate().asOf()).isEqualTo(AS_OF);
    assertThat(conversion.rateSource()).isEqualTo("ECB");
    // 16061.653... yen → 16062 JPY.
    assertThat(conversion.converted()).isEqualTo(Money.of("16062", "JPY"));
    // And back: 10000 × (1.0705 ÷ 171.94) = 62.2600907... → 62.26 USD.
    assertThat(converter.convert(Money.of("10000", "JPY"), USD).converted())
        .isEqualTo(Money.of("62.26", "USD"));
    // EUR → GBP is the published rate itself: 250.00 × 0.84638 = 211.595 → 211.60 (half-even).
    assertThat(converter.convert(Money.of("250.00", "EUR"), "GBP").converted())
        .isEqualTo(Money.of("211.60", "GBP"));
    wireMock.verify(1, getRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void kwdIsNotInTheEcbListAndFailsClearlyUnlessAnotherProviderHasIt() {
    serve(DAILY_2024_06_28);
    CachingExchangeRateProvider ecbRates =
        ecb().cached(Duration.ofHours(1), StalePolicy.FAIL, clock);
    assertThatThrownBy(() -> ecbRates.rate(USD, KWD))
        .isInstanceOfSatisfying(
            ExchangeRateUnavailableException.class,
            e -> {
              assertThat(e.base()).contains(USD);
              assertThat(e.quote()).contains(KWD);
            })
        .hasMessage(
            "no exchange rate for USD/KWD: ECB has no rate for KWD (it quotes 29 currencies"
                + " against EUR)");

    ExchangeRateProvider combined =
        ExchangeRates.firstAvailable(
            ecbRates,
            ExchangeRates.fixed().source("treasury").rate("USD", "KWD", "0.3075").build());
    CurrencyConverter converter =
        CurrencyConverter.builder().provider(combined).markupBasisPoints(150).clock(clock).build();
    Conversion kwd = converter.convert(Money.of("100.00", "USD"), KWD);
    assertThat(kwd.converted()).isEqualTo(Money.of("31.211", "KWD"));
    assertThat(kwd.rateSource()).isEqualTo("treasury");
    assertThat(converter.convert(Money.of("100.00", "USD"), JPY).rateSource()).isEqualTo("ECB");
    assertThatThrownBy(() -> converter.convert(Money.of("100.00", "EUR"), KWD))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageStartingWith("no exchange rate for EUR/KWD: none of 2 providers has it");
    wireMock.verify(1, getRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void theCacheFetchesOncePerTtl() {
    serve(DAILY_2024_06_28);
    CachingExchangeRateProvider rates = ecb().cached(Duration.ofHours(1), StalePolicy.FAIL, clock);
    for (String code : new String[] {"USD", "JPY", "GBP", "CHF", "ZAR"}) {
      assertThat(rates.rate(EUR, CurrencyUnit.of(code)).asOf()).isEqualTo(AS_OF);
      assertThat(rates.rate(CurrencyUnit.of(code), EUR).source()).isEqualTo("ECB");
    }
    clock.advance(Duration.ofMinutes(59));
    rates.rate(USD, JPY);
    wireMock.verify(1, getRequestedFor(urlEqualTo(PATH)));

    serve(EcbFixtures.daily("2024-07-01", "1.0740"));
    clock.advance(Duration.ofMinutes(1));
    ExchangeRate next = rates.rate(EUR, USD);
    assertThat(next.rate()).isEqualByComparingTo("1.0740");
    assertThat(next.asOf()).isEqualTo(Instant.parse("2024-07-01T12:10:00Z"));
    rates.rate(USD, JPY);
    wireMock.verify(2, getRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void staleRatesAreServedUpToTheLimitWhenTheFeedFails() {
    serve(DAILY_2024_06_28);
    CachingExchangeRateProvider rates =
        ecb().cached(Duration.ofHours(1), StalePolicy.serveStaleUpTo(Duration.ofDays(3)), clock);
    assertThat(rates.rate(EUR, USD).rate()).isEqualByComparingTo("1.0705");

    wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(503)));
    clock.advance(Duration.ofHours(1));
    assertThat(rates.rate(EUR, USD).rate()).isEqualByComparingTo("1.0705");
    // The failure back-off keeps the next calls from hitting the feed again.
    assertThat(rates.rate(USD, JPY).rate())
        .isEqualByComparingTo("160.6165343297524521251751517982251");
    wireMock.verify(2, getRequestedFor(urlEqualTo(PATH)));

    clock.advance(Duration.ofDays(3));
    assertThatThrownBy(() -> rates.rate(EUR, USD))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageStartingWith("no exchange rate for EUR/USD: ECB euro reference rates: the rates")
        .hasMessageContaining("SERVE_STALE_UP_TO(PT72H)")
        .hasMessageEndingWith("refresh failed: ECB reference rates: HTTP 503 from " + url());
    wireMock.verify(3, getRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void underFailPolicyAnExpiredTableIsNotUsedOnceTheRefreshFails() {
    serve(DAILY_2024_06_28);
    CachingExchangeRateProvider rates = ecb().cached(Duration.ofHours(1), StalePolicy.FAIL, clock);
    rates.rate(EUR, USD);
    wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(500).withBody("oops")));
    clock.advance(Duration.ofHours(1));
    assertThatThrownBy(() -> rates.rate(EUR, USD))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageContaining("(stale policy FAIL)")
        .hasMessageEndingWith("HTTP 500 from " + url());
  }

  @Test
  void httpErrorsFailNamingTheStatusAndUrl() {
    wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(404).withBody("<html>")));
    assertThatThrownBy(() -> ecb().fetch())
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessage("ECB reference rates: HTTP 404 from " + url());
    wireMock.stubFor(get(PATH).willReturn(aResponse().withStatus(500)));
    assertThatThrownBy(() -> ecb().fetch())
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessage("ECB reference rates: HTTP 500 from " + url());
    wireMock.stubFor(
        get(PATH).willReturn(aResponse().withStatus(301).withHeader("Location", "/elsewhere.xml")));
    wireMock.stubFor(get("/elsewhere.xml").willReturn(aResponse().withStatus(503)));
    assertThatThrownBy(() -> ecb().fetch()).hasMessageContaining("HTTP 503");
  }

  @Test
  void aReadTimeoutFails() {
    wireMock.stubFor(
        get(PATH)
            .willReturn(
                aResponse().withStatus(200).withBody(DAILY_2024_06_28).withFixedDelay(2_000)));
    EcbExchangeRates ecb = ecb().toBuilder().readTimeout(Duration.ofMillis(200)).build();
    assertThatThrownBy(ecb::fetch)
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageStartingWith("ECB reference rates: cannot fetch " + url() + ": ")
        .hasCauseInstanceOf(java.net.SocketTimeoutException.class);
  }

  @Test
  void aBodyThatDripsPastTheCallTimeoutFails() {
    wireMock.stubFor(
        get(PATH)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(DAILY_2024_06_28)
                    .withChunkedDribbleDelay(20, 3_000)));
    EcbExchangeRates ecb =
        ecb().toBuilder()
            .readTimeout(Duration.ofSeconds(5))
            .callTimeout(Duration.ofMillis(300))
            .build();
    assertThatThrownBy(ecb::fetch)
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageStartingWith("ECB reference rates: cannot fetch ");
  }

  @Test
  void connectionFailuresFailAndAreNotRetriedByOkHttp() {
    // A host client that would retry: OkHttp re-sends a request whose pooled connection fails.
    OkHttpClient hostClient = new OkHttpClient.Builder().retryOnConnectionFailure(true).build();
    EcbExchangeRates ecb = ecb().toBuilder().httpClient(hostClient).build();
    serve(DAILY_2024_06_28);
    ecb.fetch();
    wireMock.stubFor(get(PATH).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
    assertThatThrownBy(ecb::fetch)
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageStartingWith("ECB reference rates: cannot fetch " + url());
    // One request per fetch: the derived client does not retry (the host's would have sent 3).
    wireMock.verify(2, getRequestedFor(urlEqualTo(PATH)));

    int port = wireMock.port();
    wireMock.stop();
    assertThatThrownBy(ecb::fetch)
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageContaining("cannot fetch http://127.0.0.1:" + port + PATH);
    wireMock.start();
  }

  @Test
  void aBodyOverTheLimitIsRefused() {
    assertThat(DAILY_2024_06_28.length()).isGreaterThan(1024);
    EcbExchangeRates ecb = ecb().toBuilder().maxBodyBytes(1024).build();
    // Declared by Content-Length: refused before reading.
    wireMock.stubFor(
        get(PATH)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader(
                        "Content-Length",
                        String.valueOf(DAILY_2024_06_28.getBytes(StandardCharsets.UTF_8).length))
                    .withBody(DAILY_2024_06_28)));
    assertThatThrownBy(ecb::fetch)
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageMatching(
            "ECB reference rates: the response is \\d+ bytes, over the limit of 1024");
    // Undeclared (chunked): refused once the limit is crossed.
    wireMock.stubFor(
        get(PATH)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withChunkedDribbleDelay(4, 1)
                    .withBody(DAILY_2024_06_28)));
    assertThatThrownBy(ecb::fetch)
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessage("ECB reference rates: the response is over the limit of 1024 bytes");
    assertThat(EcbExchangeRates.MAX_BODY_BYTES).isEqualTo(1 << 20);
  }

  @Test
  void theUrlMustBeHttpsExceptToLoopbackAndTimeoutsAreChecked() {
    assertThatThrownBy(
            () -> EcbExchangeRates.builder().url("http://www.ecb.europa.eu/x.xml").build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("url"))
        .hasMessageContaining("must be https");
    assertThatThrownBy(() -> EcbExchangeRates.builder().url("not a url").build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("url"));
    assertThatThrownBy(() -> EcbExchangeRates.builder().url(null).build())
        .hasMessage("url: is required");
    assertThatThrownBy(() -> EcbExchangeRates.builder().readTimeout(Duration.ZERO).build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("readTimeout"));
    assertThatThrownBy(() -> EcbExchangeRates.builder().callTimeout(Duration.ofMinutes(11)).build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("callTimeout"));
    assertThat(EcbExchangeRates.builder().build())
        .hasToString("EcbExchangeRates[" + EcbExchangeRates.DEFAULT_URL + "]");
  }
}
