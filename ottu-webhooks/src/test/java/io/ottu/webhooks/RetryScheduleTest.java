package io.ottu.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  @Test
  void theDefaultSpansAboutADayInTenAttempts() {
    RetrySchedule d = RetrySchedule.defaultSchedule();

    assertThat(d.maxAttempts()).isEqualTo(10);
    assertThat(d.total()).isEqualTo(Duration.ofHours(22).plusMinutes(42).plusSeconds(35));
    assertThat(d.jitter()).isEqualTo(0.1);
    assertThat(d.delays().get(0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.delays().get(8)).isEqualTo(Duration.ofHours(12));
  }

  @Test
  void afterTheLastWaitComesTheDeadLetter() {
    RetrySchedule s = RetrySchedule.of(Duration.ofSeconds(1), Duration.ofSeconds(2));
    SplittableRandom r = new SplittableRandom(1);

    assertThat(s.delayAfter(1, r)).contains(Duration.ofSeconds(1));
    assertThat(s.delayAfter(2, r)).contains(Duration.ofSeconds(2));
    assertThat(s.delayAfter(3, r)).isEmpty();
    assertThat(RetrySchedule.of().delayAfter(1, r)).isEmpty();
    assertThatThrownBy(() -> s.delayAfter(0, r)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jitterStaysWithinItsFractionAndVaries() {
    RetrySchedule s = RetrySchedule.of(Duration.ofSeconds(100)).withJitter(0.2);
    SplittableRandom r = new SplittableRandom(42);
    java.util.Set<Duration> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      Duration d = s.delayAfter(1, r).orElseThrow();
      assertThat(d).isBetween(Duration.ofSeconds(80), Duration.ofSeconds(120));
      seen.add(d);
    }
    assertThat(seen).hasSizeGreaterThan(100);
  }

  @Test
  void exponentialGrowsToItsCap() {
    RetrySchedule s =
        RetrySchedule.exponential(Duration.ofSeconds(1), 3, Duration.ofSeconds(20), 5);

    assertThat(s.delays())
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            Duration.ofSeconds(9),
            Duration.ofSeconds(20),
            Duration.ofSeconds(20));
  }

  @Test
  void invalidSchedulesAreRefusedByName() {
    assertThatThrownBy(() -> RetrySchedule.of(Duration.ofSeconds(-1)))
        .hasMessageStartingWith("delays:");
    assertThatThrownBy(() -> RetrySchedule.defaultSchedule().withJitter(1.5))
        .hasMessageStartingWith("jitter:");
    assertThatThrownBy(() -> RetrySchedule.exponential(Duration.ZERO, 2, Duration.ofSeconds(1), 1))
        .hasMessageStartingWith("first:");
    assertThatThrownBy(
            () -> RetrySchedule.exponential(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 1))
        .hasMessageStartingWith("factor:");
  }
}
