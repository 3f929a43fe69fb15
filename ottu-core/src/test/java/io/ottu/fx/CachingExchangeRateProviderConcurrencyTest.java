package io.ottu.fx;

import static io.ottu.fx.CachingExchangeRateProviderTest.START;
import static io.ottu.fx.CachingExchangeRateProviderTest.TTL;
import static io.ottu.fx.CachingExchangeRateProviderTest.table;
import static io.ottu.fx.ExchangeRateTest.JPY;
import static io.ottu.fx.ExchangeRateTest.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ottu.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many threads, one refresh. The fetch is held open by a latch until every other caller is parked
 * waiting for it (or has been served), so the overlap is certain rather than likely.
 */
class CachingExchangeRateProviderConcurrencyTest {
  private static final int THREADS = 16;

  private final MutableClock clock = new MutableClock(START);
  private final AtomicInteger fetches = new AtomicInteger();
  private final CountDownLatch fetchStarted = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** First fetch returns at once; every later fetch blocks until released. */
  private RateTable fetch(boolean blockFirst) {
    int n = fetches.incrementAndGet();
    if (n > 1 || blockFirst) {
      fetchStarted.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return table(n == 1 ? "1.0705" : "1.08");
  }

  private static Thread start(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void joinAll(List<Thread> threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
    }
  }

  @Test
  void coldCacheUnderFailPolicy_oneFetchAndEveryoneWaitsForIt() throws Exception {
    CachingExchangeRateProvider rates =
        CachingExchangeRateProvider.forTable(() -> fetch(true)).ttl(TTL).clock(clock).build();
    Map<String, BigDecimal> results = new ConcurrentHashMap<>();
    Runnable call =
        () -> results.put(Thread.currentThread().getName(), rates.rate(USD, JPY).rate());

    Thread leader = start("leader", call);
    assertThat(fetchStarted.await(30, TimeUnit.SECONDS)).isTrue();
    List<Thread> waiters = new ArrayList<>();
    for (int i = 0; i < THREADS - 1; i++) {
      waiters.add(start("waiter-" + i, call));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> waiters.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    assertThat(results).as("nobody has a rate before the one fetch completes").isEmpty();

    release.countDown();
    waiters.add(leader);
    joinAll(waiters);

    assertThat(fetches).hasValue(1);
    assertThat(results).hasSize(THREADS);
    assertThat(results.values())
        .allSatisfy(r -> assertThat(r).isEqualByComparingTo("160.6165343297524521251751517982251"));
  }

  @Test
  void expiredCacheUnderServeStale_oneFetchAndOthersGetTheLastRatesAtOnce() throws Exception {
    CachingExchangeRateProvider rates =
        CachingExchangeRateProvider.forTable(() -> fetch(false))
            .ttl(TTL)
            .stalePolicy(StalePolicy.serveStaleUpTo(Duration.ofHours(1)))
            .clock(clock)
            .build();
    assertThat(rates.rate(USD, JPY).rate())
        .isEqualByComparingTo("160.6165343297524521251751517982251");
    clock.advance(TTL);

    Map<String, BigDecimal> results = new ConcurrentHashMap<>();
    Thread leader = start("leader", () -> results.put("leader", rates.rate(USD, JPY).rate()));
    assertThat(fetchStarted.await(30, TimeUnit.SECONDS)).isTrue();
    List<Thread> others = new ArrayList<>();
    for (int i = 0; i < THREADS - 1; i++) {
      String name = "other-" + i;
      others.add(start(name, () -> results.put(name, rates.rate(USD, JPY).rate())));
    }
    // They finish while the refresh is still held open: nobody waited for it.
    joinAll(others);
    assertThat(leader.isAlive()).isTrue();
    assertThat(results).hasSize(THREADS - 1);
    assertThat(results.values())
        .allSatisfy(r -> assertThat(r).isEqualByComparingTo("160.6165343297524521251751517982251"));

    release.countDown();
    joinAll(List.of(leader));
    assertThat(results.get("leader")).isEqualByComparingTo("159.2037037037037037037037037037037");
    assertThat(rates.rate(USD, JPY).rate())
        .isEqualByComparingTo("159.2037037037037037037037037037037");
    assertThat(fetches).hasValue(2);
  }

  @Test
  void aFailedRefreshFailsEveryWaiterWithoutRefetching() throws Exception {
    RateTableSource failing =
        () -> {
          fetches.incrementAndGet();
          fetchStarted.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new ExchangeRateUnavailableException("ECB: read timed out");
        };
    CachingExchangeRateProvider rates =
        CachingExchangeRateProvider.forTable(failing).ttl(TTL).clock(clock).build();
    Map<String, String> failures = new ConcurrentHashMap<>();
    Runnable call =
        () -> {
          try {
            rates.rate(USD, JPY);
          } catch (ExchangeRateUnavailableException e) {
            failures.put(Thread.currentThread().getName(), e.getMessage());
          }
        };
    Thread leader = start("leader", call);
    assertThat(fetchStarted.await(30, TimeUnit.SECONDS)).isTrue();
    List<Thread> waiters = new ArrayList<>();
    for (int i = 0; i < THREADS - 1; i++) {
      waiters.add(start("waiter-" + i, call));
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> waiters.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
    release.countDown();
    waiters.add(leader);
    joinAll(waiters);

    assertThat(fetches).hasValue(1);
    assertThat(failures).hasSize(THREADS);
    assertThat(failures.values())
        .allSatisfy(
            m ->
                assertThat(m)
                    .endsWith("no rates could be fetched; refresh failed: ECB: read timed out"));
  }
}
