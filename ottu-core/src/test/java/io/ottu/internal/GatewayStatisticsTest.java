package io.ottu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ottu.CardBrand;
import io.ottu.internal.GatewayStatistics.Observation;
import io.ottu.routing.SegmentStats;
import io.ottu.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GatewayStatisticsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));

  private static void record(GatewayStatistics s, Observation o, int times) {
    for (int i = 0; i < times; i++) {
      s.record("g", "USD", CardBrand.VISA, o);
    }
  }

  @Test
  void theWindowBoundsTheMemoryOfABusySegment() {
    GatewayStatistics stats = new GatewayStatistics(clock, Duration.ofMinutes(30), 100);
    record(stats, Observation.APPROVAL, 10_000);
    SegmentStats before = stats.segment("g", "USD", CardBrand.VISA);
    // An exponential window of 100 holds at most 100 observations' weight.
    assertThat(before.samples()).isCloseTo(100, within(0.01));
    assertThat(before.failures()).isZero();

    // The gateway breaks: after one window of failures, the earlier approvals weigh (1-1/100)^100.
    record(stats, Observation.FAILURE, 100);
    SegmentStats after = stats.segment("g", "USD", CardBrand.VISA);
    assertThat(after.approvals()).isCloseTo(100 * Math.pow(0.99, 100), within(0.01));
    // The smoothed rate falls from ~0.98 to ~0.41 within those 100 payments.
    assertThat(before.approvalRate(0.8, 10)).isGreaterThan(0.98);
    assertThat(after.approvalRate(0.8, 10)).isLessThan(0.42);
    // The other segments and the per-gateway figure are kept apart.
    assertThat(stats.segment("g", "EUR", CardBrand.VISA).samples()).isZero();
    assertThat(stats.overall("g").samples()).isCloseTo(100, within(0.01));
  }

  @Test
  void withoutAWindowOnlyTimeForgets() {
    GatewayStatistics stats = new GatewayStatistics(clock, Duration.ofMinutes(30), 0);
    record(stats, Observation.APPROVAL, 10_000);
    record(stats, Observation.FAILURE, 100);
    SegmentStats s = stats.segment("g", "USD", CardBrand.VISA);
    assertThat(s.approvals()).isEqualTo(10_000);
    assertThat(s.failures()).isEqualTo(100);

    clock.advance(Duration.ofMinutes(30));
    assertThat(stats.segment("g", "USD", CardBrand.VISA).approvals())
        .isCloseTo(5_000, within(1e-6));
  }

  @Test
  void timeStillFadesAQuietSegmentWithAWindow() {
    GatewayStatistics stats = new GatewayStatistics(clock, Duration.ofMinutes(30), 200);
    record(stats, Observation.APPROVAL, 20);
    double fresh = stats.segment("g", "USD", CardBrand.VISA).samples();
    clock.advance(Duration.ofHours(1));
    assertThat(stats.segment("g", "USD", CardBrand.VISA).samples())
        .isCloseTo(fresh / 4, within(1e-9));
  }

  @Test
  void latencyPercentilesFollowASlowdownWithinOneWindowOfCalls() {
    GatewayStatistics stats = new GatewayStatistics(clock, Duration.ofMinutes(30), 100);
    for (int i = 0; i < 256; i++) {
      stats.latency("g", Duration.ofMillis(10));
    }
    assertThat(stats.percentiles("g")[1]).isEqualTo(Duration.ofMillis(10));
    // The gateway slows down: however fast the calls come, a window's worth of them (256) is seen.
    for (int i = 0; i < 256; i++) {
      stats.latency("g", Duration.ofSeconds(30));
      stats.percentiles("g");
    }
    assertThat(stats.percentiles("g")[0]).isEqualTo(Duration.ofSeconds(30));
    assertThat(stats.percentiles("g")[1]).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void oneReadOfSegmentAndOverallAgreesWithTheSeparateReads() {
    GatewayStatistics stats = new GatewayStatistics(clock, Duration.ofMinutes(30), 100);
    record(stats, Observation.APPROVAL, 30);
    record(stats, Observation.FAILURE, 5);
    stats.record("g", "EUR", CardBrand.VISA, Observation.APPROVAL);
    stats.latency("g", Duration.ofMillis(40));
    SegmentStats[] both = stats.segmentAndOverall("g", "USD", CardBrand.VISA);
    assertThat(both[0]).isEqualTo(stats.segment("g", "USD", CardBrand.VISA));
    assertThat(both[1]).isEqualTo(stats.overall("g"));
    assertThat(both[0].latencyP95()).isEqualTo(Duration.ofMillis(40));
    SegmentStats[] unknown = stats.segmentAndOverall("nobody", "USD", CardBrand.VISA);
    assertThat(unknown[0].samples()).isZero();
    assertThat(unknown[1].samples()).isZero();
  }

  @Test
  void aRegisteredGatewayReadsAndCountsExactlyAsOneSeenForTheFirstTime() {
    GatewayStatistics registered = new GatewayStatistics(clock, Duration.ofMinutes(30), 100);
    GatewayStatistics unregistered = new GatewayStatistics(clock, Duration.ofMinutes(30), 100);
    registered.register("g");
    registered.register("g"); // idempotent

    assertThat(registered.segmentAndOverall("g", "USD", CardBrand.VISA))
        .containsExactly(unregistered.segmentAndOverall("g", "USD", CardBrand.VISA));
    assertThat(registered.percentiles("g")).containsExactly(unregistered.percentiles("g"));
    for (GatewayStatistics s : new GatewayStatistics[] {registered, unregistered}) {
      record(s, Observation.APPROVAL, 7);
      record(s, Observation.FAILURE, 2);
      s.latency("g", Duration.ofMillis(25));
    }
    assertThat(registered.segmentAndOverall("g", "USD", CardBrand.VISA))
        .containsExactly(unregistered.segmentAndOverall("g", "USD", CardBrand.VISA));
    assertThat(registered.overall("g")).isEqualTo(unregistered.overall("g"));
    assertThat(registered.overall("g").samples()).isGreaterThan(8);
  }

  @Test
  void concurrentObservationsAreAllCounted() throws Exception {
    // No window and a clock that stands still: every observation counts exactly 1.
    GatewayStatistics stats = new GatewayStatistics(clock, Duration.ofMinutes(30), 0);
    int threads = 8;
    int each = 5_000;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < each; i++) {
                    stats.record(
                        "g",
                        "USD",
                        CardBrand.VISA,
                        id % 2 == 0 ? Observation.APPROVAL : Observation.FAILURE);
                    stats.latency("g", Duration.ofMillis(i % 100));
                    stats.segmentAndOverall("g", "USD", CardBrand.VISA);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    SegmentStats s = stats.segment("g", "USD", CardBrand.VISA);
    assertThat(s.approvals()).isEqualTo(threads / 2 * each);
    assertThat(s.failures()).isEqualTo(threads / 2 * each);
    assertThat(stats.overall("g").samples()).isEqualTo(threads * each);
    Duration[] p = stats.percentiles("g");
    assertThat(p[0]).isBetween(Duration.ZERO, Duration.ofMillis(99));
    assertThat(p[2]).isGreaterThanOrEqualTo(p[1]).isGreaterThanOrEqualTo(p[0]);
  }
}
