package io.ottu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.PaymentNotFoundException;
import io.ottu.PaymentSource;
import io.ottu.PaymentStatus;
import io.ottu.SourceSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The in-memory store against the {@link PaymentStore} contract. */
class InMemoryPaymentStoreTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private final PaymentStore store = PaymentStore.inMemory();

  private static Payment payment(String id, String reference, String key, Instant createdAt) {
    return Payment.builder()
        .id(id)
        .reference(reference)
        .idempotencyKey(key)
        .amount(Money.of("12.50", "USD"))
        .status(PaymentStatus.PENDING)
        .source(new SourceSummary(PaymentSource.Type.GATEWAY_TOKEN, null, "pm_1"))
        .createdAt(createdAt)
        .build();
  }

  @Test
  void insertsAtVersionOneAndRefusesASecondPaymentWithTheSameId() {
    Payment stored = store.insert(payment("pay_1", "ord-1", null, T0)).payment();
    assertThat(stored.version()).isEqualTo(1);
    assertThat(store.find("pay_1")).contains(stored);
    assertThatThrownBy(() -> store.insert(payment("pay_1", "ord-2", null, T0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pay_1");
    assertThat(store.findByReference("ord-2")).isEmpty();
  }

  @Test
  void theIdempotencyKeysOwnerWinsAndTheLoserLeavesNoTrace() {
    PaymentStore.InsertResult first = store.insert(payment("pay_1", "ord-1", "k-1", T0));
    PaymentStore.InsertResult second = store.insert(payment("pay_2", "ord-2", "k-1", T0));
    assertThat(first.inserted()).isTrue();
    assertThat(second.inserted()).isFalse();
    assertThat(second.payment().id()).isEqualTo("pay_1");
    assertThat(store.find("pay_2")).isEmpty();
    assertThat(store.findByReference("ord-2")).isEmpty();
    assertThat(store.findByIdempotencyKey("k-1")).map(Payment::id).contains("pay_1");
  }

  @Test
  void everyPaymentOfAReferenceIsFoundOldestFirst() {
    assertThat(store.findByReference("ord-1")).isEmpty();
    store.insert(payment("pay_b", "ord-1", null, T0.plusSeconds(2)));
    assertThat(store.findByReference("ord-1")).extracting(Payment::id).containsExactly("pay_b");
    store.insert(payment("pay_c", "ord-1", null, T0.plusSeconds(1)));
    store.insert(payment("pay_a", "ord-1", null, T0.plusSeconds(1)));
    store.insert(payment("pay_x", "ord-2", null, T0));
    assertThat(store.findByReference("ord-1"))
        .extracting(Payment::id)
        .containsExactly("pay_a", "pay_c", "pay_b");
    assertThat(store.findByReference("ord-2")).extracting(Payment::id).containsExactly("pay_x");
  }

  @Test
  void paymentsStoredBeforeTheFirstLookupByReferenceAreFoundAsAreLaterOnes() {
    store.insert(payment("pay_b", "ord-1", null, T0.plusSeconds(2)));
    store.insert(payment("pay_a", "ord-1", null, T0.plusSeconds(1)));
    store.insert(payment("pay_x", "ord-2", "k-1", T0));
    store.insert(payment("pay_y", "ord-3", "k-1", T0)); // loses the key: never stored

    assertThat(store.findByReference("ord-1"))
        .extracting(Payment::id)
        .containsExactly("pay_a", "pay_b");
    assertThat(store.findByReference("ord-3")).isEmpty();
    store.insert(payment("pay_c", "ord-1", null, T0.plusSeconds(3)));
    store.insert(payment("pay_z", "ord-3", null, T0));
    assertThat(store.findByReference("ord-1"))
        .extracting(Payment::id)
        .containsExactly("pay_a", "pay_b", "pay_c");
    assertThat(store.findByReference("ord-2")).extracting(Payment::id).containsExactly("pay_x");
    assertThat(store.findByReference("ord-3")).extracting(Payment::id).containsExactly("pay_z");
  }

  @Test
  void theFirstLookupByReferenceDuringInsertsMissesNoneAndCountsNoneTwice() throws Exception {
    int threads = 4;
    int perThread = 3_000;
    int references = 37;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    try {
      CountDownLatch halfway = new CountDownLatch(threads);
      List<Future<?>> inserts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        inserts.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    if (i == perThread / 2) {
                      halfway.countDown();
                    }
                    int n = thread * perThread + i;
                    store.insert(payment("pay_" + n, "ord-" + n % references, null, T0));
                  }
                }));
      }
      // The first lookup by reference, and so the index's first scan, runs while inserts go on.
      Future<?> lookup =
          pool.submit(
              () -> {
                halfway.await();
                return store.findByReference("ord-0");
              });
      lookup.get(30, TimeUnit.SECONDS);
      for (Future<?> f : inserts) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int r = 0; r < references; r++) {
      List<String> expected = new ArrayList<>();
      for (int n = r; n < threads * perThread; n += references) {
        expected.add("pay_" + n);
      }
      assertThat(store.findByReference("ord-" + r))
          .extracting(Payment::id)
          .as("ord-" + r)
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void anUpdateBumpsTheVersionSetsTheTimeAndIndexesTheGatewayReference() {
    Payment v1 = store.insert(payment("pay_1", "ord-1", null, T0)).payment();
    Instant later = T0.plusSeconds(5);
    Payment v2 =
        store.update(
            v1.toBuilder()
                .status(PaymentStatus.AUTHORIZED)
                .authorizedAmount(v1.amount())
                .gatewayId("stripe")
                .gatewayReference("pi_123")
                .build(),
            later);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.updatedAt()).isEqualTo(later);
    assertThat(store.find("pay_1")).contains(v2);
    assertThat(store.findByGatewayReference("stripe", "pi_123")).contains(v2);
    assertThat(store.findByGatewayReference("adyen", "pi_123")).isEmpty();

    // A write derived from the old version changes nothing.
    assertThatThrownBy(() -> store.update(v1.toBuilder().status(PaymentStatus.FAILED).build()))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(store.find("pay_1")).contains(v2);
    assertThatThrownBy(() -> store.update(payment("pay_9", "ord-9", null, T0)))
        .isInstanceOf(PaymentNotFoundException.class);
  }
}
