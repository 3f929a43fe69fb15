package io.ottu.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link OutboxStore} must do. A JDBC implementation's test extends this class and
 * supplies its store, as the in-memory one's does.
 */
abstract class OutboxStoreContract {
  static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
  static final Instant LEASE = T0.plusSeconds(60);

  /** A new, empty store. */
  abstract OutboxStore newStore();

  static OutboxMessage msg(String endpoint, String event, String payment, long seq, Instant at) {
    return OutboxMessage.pending(
        endpoint, event, "payment.captured", payment, seq, "{\"id\":\"" + event + "\"}", at, at);
  }

  static DeliveryAttempt failed(int n) {
    return new DeliveryAttempt(n, T0, Duration.ofMillis(5), 503, "", "down");
  }

  static DeliveryAttempt ok(int n) {
    return new DeliveryAttempt(n, T0, Duration.ofMillis(5), 200, "", "ok");
  }

  @Test
  void appendingTheSameMessageTwiceKeepsOne() {
    OutboxStore s = newStore();
    s.append(List.of(msg("e", "evt_1", "pay_1", 1, T0)));
    s.markDelivered("e:evt_1", ok(1));
    s.append(List.of(msg("e", "evt_1", "pay_1", 1, T0)));

    assertThat(s.find("e:evt_1"))
        .get()
        .extracting(OutboxMessage::status)
        .isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(s.findCreatedBetween(T0, T0.plusSeconds(1))).hasSize(1);
  }

  @Test
  void aPaymentsMessagesAreClaimedOneAtATimeInSequence() {
    OutboxStore s = newStore();
    s.append(
        List.of(
            msg("e", "evt_3", "pay_1", 3, T0),
            msg("e", "evt_1", "pay_1", 1, T0),
            msg("e", "evt_2", "pay_1", 2, T0)));

    assertThat(s.claimDue("e", T0, 10, LEASE))
        .extracting(OutboxMessage::webhookId)
        .containsExactly("evt_1");
    assertThat(s.claimDue("e", T0, 10, LEASE)).as("evt_1 is in flight").isEmpty();

    s.scheduleRetry("e:evt_1", failed(1), T0.plusSeconds(5));
    assertThat(s.claimDue("e", T0.plusSeconds(4), 10, LEASE))
        .as("evt_1 waits; evt_2 waits behind it")
        .isEmpty();
    assertThat(s.claimDue("e", T0.plusSeconds(5), 10, LEASE))
        .extracting(OutboxMessage::webhookId)
        .containsExactly("evt_1");

    s.markDeadLettered("e:evt_1", failed(2));
    assertThat(s.claimDue("e", T0.plusSeconds(5), 10, LEASE))
        .extracting(OutboxMessage::webhookId)
        .containsExactly("evt_2");
    s.markDelivered("e:evt_2", ok(1));
    assertThat(s.claimDue("e", T0.plusSeconds(5), 10, LEASE))
        .extracting(OutboxMessage::webhookId)
        .containsExactly("evt_3");
  }

  @Test
  void differentPaymentsAndEndpointsDoNotWaitForEachOther() {
    OutboxStore s = newStore();
    s.append(
        List.of(
            msg("a", "evt_1", "pay_1", 1, T0),
            msg("b", "evt_1", "pay_1", 1, T0),
            msg("a", "evt_2", "pay_2", 1, T0.plusMillis(1))));

    assertThat(s.claimDue("a", T0.plusSeconds(1), 1, LEASE))
        .extracting(OutboxMessage::id)
        .containsExactly("a:evt_1");
    assertThat(s.claimDue("a", T0.plusSeconds(1), 5, LEASE))
        .extracting(OutboxMessage::id)
        .containsExactly("a:evt_2");
    assertThat(s.claimDue("b", T0.plusSeconds(1), 5, LEASE))
        .extracting(OutboxMessage::id)
        .containsExactly("b:evt_1");
  }

  @Test
  void anExpiredClaimIsClaimedAgain() {
    OutboxStore s = newStore();
    s.append(List.of(msg("e", "evt_1", "pay_1", 1, T0)));
    s.claimDue("e", T0, 1, T0.plusSeconds(60));

    assertThat(s.claimDue("e", T0.plusSeconds(59), 1, T0.plusSeconds(120))).isEmpty();
    assertThat(s.claimDue("e", T0.plusSeconds(60), 1, T0.plusSeconds(120)))
        .singleElement()
        .satisfies(m -> assertThat(m.leaseUntil()).isEqualTo(T0.plusSeconds(120)));
  }

  @Test
  void settlingRecordsAttemptsAndRequeueStartsANewRound() {
    OutboxStore s = newStore();
    s.append(List.of(msg("e", "evt_1", "pay_1", 1, T0)));
    s.claimDue("e", T0, 1, LEASE);
    s.scheduleRetry("e:evt_1", failed(1), T0.plusSeconds(5));
    s.claimDue("e", T0.plusSeconds(5), 1, LEASE);
    s.markDeadLettered("e:evt_1", failed(2));

    OutboxMessage dead = s.find("e:evt_1").orElseThrow();
    assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD_LETTERED);
    assertThat(dead.attempts()).isEqualTo(2);
    assertThat(dead.history()).extracting(DeliveryAttempt::number).containsExactly(1, 2);
    assertThat(s.findByStatus(DeliveryStatus.DEAD_LETTERED, 10)).hasSize(1);

    assertThat(s.requeue("e:evt_1", T0.plusSeconds(100))).isTrue();
    OutboxMessage again = s.find("e:evt_1").orElseThrow();
    assertThat(again.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(again.attempts()).isZero();
    assertThat(again.history()).hasSize(2);
    assertThat(s.claimDue("e", T0.plusSeconds(99), 1, LEASE)).isEmpty();
    assertThat(s.claimDue("e", T0.plusSeconds(100), 1, LEASE)).hasSize(1);
    assertThat(s.requeue("e:evt_1", T0)).as("in flight").isFalse();
    assertThat(s.requeue("e:nope", T0)).isFalse();
  }

  @Test
  void findsByEventTimeAndPurgesOnlySettledMessages() {
    OutboxStore s = newStore();
    s.append(
        List.of(
            msg("e", "evt_1", "pay_1", 1, T0),
            msg("e", "evt_2", "pay_2", 1, T0.plusSeconds(10)),
            msg("e", "evt_3", "pay_3", 1, T0.plusSeconds(20))));
    s.claimDue("e", T0.plusSeconds(30), 3, LEASE);
    s.markDelivered("e:evt_1", ok(1));
    s.markDeadLettered("e:evt_2", failed(1));

    assertThat(s.findCreatedBetween(T0.plusSeconds(5), T0.plusSeconds(20)))
        .extracting(OutboxMessage::webhookId)
        .containsExactly("evt_2");
    assertThat(s.purge(T0.plusSeconds(60))).isEqualTo(2);
    assertThat(s.find("e:evt_3")).isPresent();
    assertThat(s.find("e:evt_1")).isEmpty();
  }

  @Test
  void concurrentClaimsNeverHandOutAMessageTwice() throws Exception {
    OutboxStore s = newStore();
    List<OutboxMessage> all = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      all.add(msg("e", "evt_" + i, "pay_" + i, 1, T0));
    }
    s.append(all);
    Set<String> claimed = ConcurrentHashMap.newKeySet();
    List<String> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < 8; t++) {
      pool.execute(
          () -> {
            try {
              start.await();
            } catch (InterruptedException e) {
              return;
            }
            List<OutboxMessage> got;
            while (!(got = s.claimDue("e", T0, 7, LEASE)).isEmpty()) {
              for (OutboxMessage m : got) {
                if (!claimed.add(m.id())) {
                  duplicates.add(m.id());
                }
                s.markDelivered(m.id(), ok(1));
              }
            }
          });
    }
    start.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

    assertThat(duplicates).isEmpty();
    assertThat(claimed).hasSize(500);
  }
}
