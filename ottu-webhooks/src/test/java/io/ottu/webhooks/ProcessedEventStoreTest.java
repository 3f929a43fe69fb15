package io.ottu.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProcessedEventStoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

  @Test
  void remembersPerGatewayUntilTheTtl() {
    ProcessedEventStore s = ProcessedEventStore.inMemory(10, Duration.ofHours(1), clock);
    s.record("stripe", "evt_1", clock.instant());

    assertThat(s.contains("stripe", "evt_1")).isTrue();
    assertThat(s.contains("adyen", "evt_1")).isFalse();
    clock.advance(Duration.ofMinutes(59));
    assertThat(s.contains("stripe", "evt_1")).isTrue();
    clock.advance(Duration.ofMinutes(1));
    assertThat(s.contains("stripe", "evt_1")).isFalse();
  }

  @Test
  void forgetsTheOldestWhenFull() {
    ProcessedEventStore s = ProcessedEventStore.inMemory(3, Duration.ofDays(1), clock);
    for (int i = 1; i <= 4; i++) {
      s.record("g", "evt_" + i, clock.instant());
    }

    assertThat(s.contains("g", "evt_1")).isFalse();
    assertThat(s.contains("g", "evt_2")).isTrue();
    assertThat(s.contains("g", "evt_4")).isTrue();
  }

  @Test
  void refusesNonsenseLimits() {
    assertThatThrownBy(() -> ProcessedEventStore.inMemory(0, Duration.ofDays(1), clock))
        .hasMessageStartingWith("maxEntries:");
    assertThatThrownBy(() -> ProcessedEventStore.inMemory(1, Duration.ZERO, clock))
        .hasMessageStartingWith("ttl:");
  }
}
