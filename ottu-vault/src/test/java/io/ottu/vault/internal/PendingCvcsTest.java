package io.ottu.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PendingCvcsTest {
  private static final class TestClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final TestClock clock = new TestClock();

  @Test
  void consumeReturnsACopyOnceAndTheCallerArrayIsNotKept() {
    PendingCvcs cvcs = new PendingCvcs(clock, Duration.ofMinutes(1), 10);
    char[] given = "737".toCharArray();
    cvcs.put("tok_a", given);
    given[0] = 'X';

    assertThat(cvcs.consume("tok_a")).containsExactly('7', '3', '7');
    assertThat(cvcs.consume("tok_a")).isNull();
    assertThat(cvcs.size()).isZero();
  }

  @Test
  void expiredCvcIsNotReturned() {
    PendingCvcs cvcs = new PendingCvcs(clock, Duration.ofSeconds(30), 10);
    cvcs.put("tok_a", "123".toCharArray());
    clock.now = clock.now.plusSeconds(29);
    cvcs.put("tok_b", "456".toCharArray());
    clock.now = clock.now.plusSeconds(1);

    assertThat(cvcs.consume("tok_a")).isNull();
    assertThat(cvcs.consume("tok_b")).containsExactly('4', '5', '6');
  }

  @Test
  void purgeDropsExpiredOldestFirstAndKeepsTheRest() {
    PendingCvcs cvcs = new PendingCvcs(clock, Duration.ofSeconds(10), 10);
    cvcs.put("tok_1", "111".toCharArray());
    clock.now = clock.now.plusSeconds(5);
    cvcs.put("tok_2", "222".toCharArray());
    clock.now = clock.now.plusSeconds(5);

    assertThat(cvcs.purge()).isEqualTo(1);
    assertThat(cvcs.size()).isEqualTo(1);
    assertThat(cvcs.consume("tok_2")).containsExactly('2', '2', '2');
  }

  @Test
  void capacityDropsTheOldest() {
    PendingCvcs cvcs = new PendingCvcs(clock, Duration.ofHours(1), 2);
    cvcs.put("tok_1", "111".toCharArray());
    cvcs.put("tok_2", "222".toCharArray());
    cvcs.put("tok_3", "333".toCharArray());

    assertThat(cvcs.size()).isEqualTo(2);
    assertThat(cvcs.consume("tok_1")).isNull();
    assertThat(cvcs.consume("tok_2")).containsExactly('2', '2', '2');
    assertThat(cvcs.consume("tok_3")).containsExactly('3', '3', '3');
  }

  @Test
  void replacingAndDiscardingKeepCountsRight() {
    PendingCvcs cvcs = new PendingCvcs(clock, Duration.ofHours(1), 10);
    cvcs.put("tok_1", "111".toCharArray());
    cvcs.put("tok_1", "999".toCharArray());
    assertThat(cvcs.size()).isEqualTo(1);
    cvcs.discard("tok_1");
    assertThat(cvcs.size()).isZero();
    assertThat(cvcs.consume("tok_1")).isNull();
    cvcs.put("tok_2", "222".toCharArray());
    cvcs.clear();
    assertThat(cvcs.size()).isZero();
    assertThat(cvcs.consume("tok_2")).isNull();
  }
}
