package io.ottu.fx;

import static io.ottu.fx.ExchangeRateTest.EUR;
import static io.ottu.fx.ExchangeRateTest.JPY;
import static io.ottu.fx.ExchangeRateTest.KWD;
import static io.ottu.fx.ExchangeRateTest.T0;
import static io.ottu.fx.ExchangeRateTest.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import io.ottu.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingExchangeRateProviderTest {
  static final Instant START = Instant.parse("2026-11-25T15:00:00Z");
  static final Duration TTL = Duration.ofHours(1);

  private final MutableClock clock = new MutableClock(START);

  static RateTable table(String usdPerEur) {
    return RateTable.of(
        EUR, Map.of(USD, new BigDecimal(usdPerEur), JPY, new BigDecimal("171.94")), T0, "ECB");
  }

  private CachingExchangeRateProvider.Builder cached(RateTableSource source) {
    return CachingExchangeRateProvider.forTable(source).ttl(TTL).clock(clock).name("test feed");
  }

  @Test
  void fetchesTheTableOncePerTtlWhateverPairsAreAskedFor() {
    ScriptedTableSource source =
        new ScriptedTableSource().thenReturn(table("1.0705")).thenReturn(table("1.08"));
    CachingExchangeRateProvider rates = cached(source).build();
    assertThat(source.fetches()).as("nothing fetched at build").isZero();

    assertThat(rates.rate(EUR, USD).rate()).isEqualByComparingTo("1.0705");
    assertThat(rates.rate(USD, JPY).rate())
        .isEqualByComparingTo("160.6165343297524521251751517982251");
    assertThat(rates.rate(JPY, EUR).rate()).isPositive();
    clock.advance(TTL.minusSeconds(1));
    assertThat(rates.rate(EUR, USD).rate()).isEqualByComparingTo("1.0705");
    assertThat(source.fetches()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    assertThat(rates.rate(EUR, USD).rate()).isEqualByComparingTo("1.08");
    assertThat(rates.rate(USD, JPY).rate())
        .isEqualByComparingTo("159.2037037037037037037037037037037");
    assertThat(source.fetches()).isEqualTo(2);
  }

  @Test
  void sameCurrencyNeedsNoFetch() {
    ScriptedTableSource source = new ScriptedTableSource().thenFail("down");
    ExchangeRate one = cached(source).build().rate(KWD, KWD);
    assertThat(one.rate()).isEqualByComparingTo("1");
    assertThat(one.asOf()).isEqualTo(START);
    assertThat(one.source()).isEqualTo("test feed");
    assertThat(source.fetches()).isZero();
  }

  @Test
  void aPairTheTableLacksFailsWithoutRefetching() {
    ScriptedTableSource source = new ScriptedTableSource().thenReturn(table("1.0705"));
    CachingExchangeRateProvider rates = cached(source).build();
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> rates.rate(USD, KWD))
          .isInstanceOf(ExchangeRateUnavailableException.class)
          .hasMessage(
              "no exchange rate for USD/KWD: ECB has no rate for KWD (it quotes 2 currencies"
                  + " against EUR)");
    }
    assertThat(source.fetches()).isEqualTo(1);
  }

  @Test
  void failPolicyThrowsOnceTheTtlPassedAndTheRefreshFailed() {
    ScriptedTableSource source =
        new ScriptedTableSource()
            .thenReturn(table("1.0705"))
            .thenFail("ECB: HTTP 503")
            .thenReturn(table("1.08"));
    CachingExchangeRateProvider rates =
        cached(source).stalePolicy(StalePolicy.FAIL).failureBackoff(Duration.ZERO).build();
    rates.rate(EUR, USD);
    clock.advance(TTL);
    assertThatThrownBy(() -> rates.rate(EUR, USD))
        .isInstanceOfSatisfying(
            ExchangeRateUnavailableException.class,
            e -> {
              assertThat(e.base()).contains(EUR);
              assertThat(e.quote()).contains(USD);
              assertThat(e.getCause())
                  .hasMessage(
                      "test feed: the rates fetched at "
                          + START
                          + " expired at "
                          + START.plus(TTL)
                          + " (stale policy FAIL); refresh failed: ECB: HTTP 503");
              assertThat(e.getCause().getCause()).hasMessage("ECB: HTTP 503");
            })
        .hasMessageStartingWith("no exchange rate for EUR/USD: test feed: the rates fetched at");
    // With no back-off, the next call tries again, and succeeds.
    assertThat(rates.rate(EUR, USD).rate()).isEqualByComparingTo("1.08");
    assertThat(source.fetches()).isEqualTo(3);
  }

  @Test
  void aFirstFetchThatFailsSaysNoRatesCouldBeFetched() {
    ScriptedTableSource source = new ScriptedTableSource().thenFail("ECB: connection refused");
    assertThatThrownBy(() -> cached(source).build().rate(USD, JPY))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessage(
            "no exchange rate for USD/JPY: test feed: no rates could be fetched; refresh failed:"
                + " ECB: connection refused");
  }

  @Test
  void serveStaleServesTheLastGoodRatesUpToMaxStalenessBeyondTheTtl() {
    ScriptedTableSource source =
        new ScriptedTableSource().thenReturn(table("1.0705")).thenFail("ECB: HTTP 500");
    CachingExchangeRateProvider rates =
        cached(source)
            .stalePolicy(StalePolicy.serveStaleUpTo(Duration.ofHours(24)))
            .failureBackoff(Duration.ZERO)
            .build();
    rates.rate(EUR, USD);
    clock.advance(TTL);
    assertThat(rates.rate(EUR, USD).rate()).isEqualByComparingTo("1.0705");
    clock.advance(Duration.ofHours(24).minusSeconds(1));
    assertThat(rates.rate(USD, JPY).rate())
        .isEqualByComparingTo("160.6165343297524521251751517982251");
    assertThat(source.fetches()).as("each call past the TTL tries to refresh").isEqualTo(3);
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> rates.rate(EUR, USD))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageContaining(
            "may not be served past " + START.plus(TTL).plus(Duration.ofHours(24)))
        .hasMessageContaining("stale policy SERVE_STALE_UP_TO(PT24H)")
        .hasMessageEndingWith("refresh failed: ECB: HTTP 500");
  }

  @Test
  void aSuccessfulRefreshEndsTheOutage() {
    ScriptedTableSource source =
        new ScriptedTableSource()
            .thenReturn(table("1.0705"))
            .thenFail("ECB: HTTP 500")
            .thenReturn(table("1.08"));
    CachingExchangeRateProvider rates =
        cached(source)
            .stalePolicy(StalePolicy.serveStaleUpTo(Duration.ofHours(24)))
            .failureBackoff(Duration.ofMinutes(5))
            .build();
    rates.rate(EUR, USD);
    clock.advance(TTL);
    assertThat(rates.rate(EUR, USD).rate()).isEqualByComparingTo("1.0705");
    clock.advance(Duration.ofMinutes(5));
    assertThat(rates.rate(EUR, USD).rate()).isEqualByComparingTo("1.08");
    clock.advance(TTL.minusSeconds(1));
    assertThat(rates.rate(EUR, USD).rate()).isEqualByComparingTo("1.08");
    assertThat(source.fetches()).isEqualTo(3);
  }

  @Test
  void afterAFailureTheSourceRestsForTheBackoff() {
    ScriptedTableSource source =
        new ScriptedTableSource()
            .thenReturn(table("1.0705"))
            .thenFail("ECB: HTTP 500")
            .thenReturn(table("1.08"));
    CachingExchangeRateProvider rates = cached(source).build();
    rates.rate(EUR, USD);
    clock.advance(TTL);
    assertThatThrownBy(() -> rates.rate(EUR, USD))
        .isInstanceOf(ExchangeRateUnavailableException.class);
    clock.advance(CachingExchangeRateProvider.DEFAULT_FAILURE_BACKOFF.minusSeconds(1));
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> rates.rate(EUR, USD))
          .isInstanceOf(ExchangeRateUnavailableException.class)
          .hasMessageContaining(
              "the next is not tried before "
                  + START.plus(TTL).plus(CachingExchangeRateProvider.DEFAULT_FAILURE_BACKOFF))
          .hasMessageEndingWith("refresh failed: ECB: HTTP 500");
    }
    assertThat(source.fetches()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(rates.rate(EUR, USD).rate()).isEqualByComparingTo("1.08");
    assertThat(source.fetches()).isEqualTo(3);
  }

  @Test
  void aSourceBugCountsAsAFailureAndNullAsNoTable() {
    AtomicInteger calls = new AtomicInteger();
    RateTableSource buggy =
        () -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("bug");
          }
          return null;
        };
    CachingExchangeRateProvider rates = cached(buggy).failureBackoff(Duration.ZERO).build();
    assertThatThrownBy(() -> rates.rate(EUR, USD))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageEndingWith("refresh failed: bug");
    assertThatThrownBy(() -> rates.rate(EUR, USD))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageEndingWith("refresh failed: test feed: the source returned nothing");
  }

  @Test
  void pairModeCachesEachPairOnItsOwn() {
    AtomicInteger calls = new AtomicInteger();
    FixedExchangeRates fixed = ExchangeRates.fixed().asOf(T0).rate("USD", "KWD", "0.3075").build();
    ExchangeRateProvider counting =
        (base, quote) -> {
          calls.incrementAndGet();
          return fixed.rate(base, quote);
        };
    CachingExchangeRateProvider rates =
        CachingExchangeRateProvider.forPairs(counting).ttl(TTL).clock(clock).build();
    for (int i = 0; i < 3; i++) {
      assertThat(rates.rate(USD, KWD).rate()).isEqualByComparingTo("0.3075");
      assertThat(rates.rate(KWD, USD).rate()).isGreaterThan(BigDecimal.ONE);
    }
    assertThat(calls).hasValue(2);
    clock.advance(TTL);
    rates.rate(USD, KWD);
    assertThat(calls).hasValue(3);
    assertThatThrownBy(() -> rates.rate(USD, JPY))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageStartingWith("no exchange rate for USD/JPY: exchange rate provider:");
  }

  @Test
  void pairModeRefusesARateForAnotherPair() {
    ExchangeRateProvider wrong =
        (base, quote) -> ExchangeRate.of(quote, base, BigDecimal.TEN, T0, "x");
    CachingExchangeRateProvider rates =
        CachingExchangeRateProvider.forPairs(wrong).ttl(TTL).clock(clock).build();
    assertThatThrownBy(() -> rates.rate(USD, KWD))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageContaining("the provider returned KWD/USD 10");
  }

  @Test
  void validatesItsSettingsByName() {
    RateTableSource source = () -> table("1");
    assertThatThrownBy(() -> CachingExchangeRateProvider.forTable(source).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("ttl: must be positive, was null");
    assertThatThrownBy(() -> cached(source).ttl(Duration.ofSeconds(-1)).build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("ttl"));
    assertThatThrownBy(() -> cached(source).stalePolicy(null).build())
        .hasMessage("stalePolicy: is required");
    assertThatThrownBy(() -> cached(source).failureBackoff(Duration.ofSeconds(-1)).build())
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("failureBackoff"));
    assertThatThrownBy(() -> cached(source).clock(null).build()).hasMessage("clock: is required");
    assertThatThrownBy(() -> cached(source).name(" ").build())
        .hasMessage("name: must not be blank");
    assertThatThrownBy(() -> StalePolicy.serveStaleUpTo(Duration.ZERO))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("maxStaleness"));
    assertThat(StalePolicy.serveStaleUpTo(Duration.ofHours(2)))
        .isEqualTo(StalePolicy.serveStaleUpTo(Duration.ofMinutes(120)))
        .hasToString("SERVE_STALE_UP_TO(PT2H)");
    assertThat(StalePolicy.FAIL.maxStaleness()).isZero();
  }

  @Test
  void toBuilderStartsAFreshCacheWithTheSameSettings() {
    ScriptedTableSource source = new ScriptedTableSource().thenReturn(table("1.0705"));
    CachingExchangeRateProvider first = cached(source).build();
    first.rate(EUR, USD);
    CachingExchangeRateProvider second = first.toBuilder().build();
    second.rate(EUR, USD);
    assertThat(source.fetches()).isEqualTo(2);
    assertThat(second).hasToString("CachingExchangeRateProvider[test feed, ttl PT1H, FAIL]");
  }

  @Test
  void currencyUnitsFromCodesWork() {
    ScriptedTableSource source = new ScriptedTableSource().thenReturn(table("1.0705"));
    assertThat(cached(source).build().rate("EUR", "USD").quote()).isEqualTo(CurrencyUnit.of("USD"));
  }
}
