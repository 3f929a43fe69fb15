package io.ottu.webhooks;

import static io.ottu.event.PaymentEventType.PAYMENT_CAPTURED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottu.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A receiver that is down, then back, gets every event; after de-duplication by {@code webhook-id},
 * each exactly once, and each payment's events in order.
 */
class DownThenBackTest {
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
  private static final int PAYMENTS = 5;
  private static final int EVENTS_PER_PAYMENT = 4;

  private final ObjectMapper json = new ObjectMapper();
  private Receiver rx;

  /** What the receiver's application processed, after de-duplicating by webhook-id. */
  private final Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();

  private final Map<String, List<Long>> sequences = new ConcurrentHashMap<>();
  private final AtomicBoolean up = new AtomicBoolean();
  private final AtomicInteger lostAcks = new AtomicInteger(3);

  @BeforeEach
  void start() throws Exception {
    rx = Receiver.start();
    rx.status =
        r -> {
          if (!up.get()) {
            return 503;
          }
          if (!Signing.standardValid(
              TestSecrets.ENDPOINT,
              r.header("webhook-id"),
              r.header("webhook-timestamp"),
              r.header("webhook-signature"),
              r.body())) {
            return 401;
          }
          String id = r.header("webhook-id");
          AtomicInteger seen = processed.computeIfAbsent(id, k -> new AtomicInteger());
          if (seen.get() == 0) {
            seen.incrementAndGet();
            try {
              var data = json.readTree(r.body()).path("data");
              sequences
                  .computeIfAbsent(data.path("payment_id").asText(), k -> new ArrayList<>())
                  .add(data.path("sequence").asLong());
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
          // A few acknowledgements get lost on the way back: the sender must send again.
          return lostAcks.getAndDecrement() > 0 ? 502 : 200;
        };
  }

  @AfterEach
  void stop() {
    rx.close();
  }

  private void publishAll(WebhookPublisher p) {
    for (int s = 1; s <= EVENTS_PER_PAYMENT; s++) {
      for (int i = 0; i < PAYMENTS; i++) {
        p.onEvent(Events.event("evt_" + i + "_" + s, "pay_" + i, s * 2L, PAYMENT_CAPTURED, T0));
      }
    }
  }

  private WebhookPublisher.Builder builder(MutableClock clock) {
    return WebhookPublisher.builder()
        .endpoint(
            WebhookEndpoint.builder()
                .id("orders")
                .url(rx.url("/hooks"))
                .secret(TestSecrets.ENDPOINT)
                .maxConcurrency(3)
                .build())
        .addressGuard(AddressGuard.builder().allowLoopback().build())
        .clock(clock);
  }

  private void assertEveryEventExactlyOnceInOrder() {
    assertThat(processed).hasSize(PAYMENTS * EVENTS_PER_PAYMENT);
    assertThat(processed.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    Map<String, List<Long>> expected = new LinkedHashMap<>();
    for (int i = 0; i < PAYMENTS; i++) {
      expected.put("pay_" + i, List.of(2L, 4L, 6L, 8L));
    }
    assertThat(sequences).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void onTheFakeClockTheRetryScheduleBringsEverythingThrough() {
    MutableClock clock = new MutableClock(T0);
    try (WebhookPublisher p = builder(clock).build()) {
      publishAll(p);
      p.dispatchDue();
      // Down for 40 minutes, while the schedule backs off; then back.
      for (int minute = 1;
          minute <= 24 * 60 && processed.size() < PAYMENTS * EVENTS_PER_PAYMENT;
          minute++) {
        clock.advance(Duration.ofMinutes(1));
        if (minute == 40) {
          up.set(true);
        }
        p.dispatchDue();
      }

      assertEveryEventExactlyOnceInOrder();
      assertThat(p.deadLetters(100)).isEmpty();
      assertThat(rx.received.size()).isGreaterThan(PAYMENTS * EVENTS_PER_PAYMENT);
      // Everything came through on the retry schedule, long before it would have given up.
      assertThat(Duration.between(T0, clock.instant()))
          .isGreaterThan(Duration.ofMinutes(40))
          .isLessThan(Duration.ofHours(3));
    }
  }

  @Test
  void inTheBackgroundOnRealTimeToo() {
    MutableClock clock = new MutableClock(T0);
    AtomicInteger downFor = new AtomicInteger(12);
    var status = rx.status;
    rx.status = r -> downFor.getAndDecrement() > 0 ? 503 : forceUp(status, r);
    try (WebhookPublisher p =
        builder(clock)
            .clock(java.time.Clock.systemUTC())
            .retrySchedule(
                RetrySchedule.exponential(Duration.ofMillis(20), 2, Duration.ofMillis(200), 20))
            .pollInterval(Duration.ofMillis(10))
            .build()
            .start()) {
      publishAll(p);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> processed.size() == PAYMENTS * EVENTS_PER_PAYMENT);
    }
    assertEveryEventExactlyOnceInOrder();
  }

  private int forceUp(
      java.util.function.ToIntFunction<Receiver.Received> status, Receiver.Received r) {
    up.set(true);
    return status.applyAsInt(r);
  }
}
