package io.ottu.vault.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.CardBrand;
import io.ottu.CardSummary;
import io.ottu.vault.VaultRecord;
import io.ottu.vault.VaultStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryVaultStoreTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private final VaultStore store = VaultStore.inMemory();

  private static VaultRecord record(String token, int version, String customer, String fp) {
    return VaultRecord.builder()
        .token(token)
        .keyVersion(version)
        .wrappedKey(new byte[61])
        .nonce(new byte[12])
        .ciphertext(new byte[40])
        .summary(new CardSummary(CardBrand.VISA, "424242", "4242", 12, 2030))
        .panLength(16)
        .fingerprint(fp)
        .customerId(customer)
        .createdAt(T)
        .build();
  }

  @Test
  void insertIsPutIfAbsent() {
    assertThat(store.insert(record("tok_1", 1, null, "fp"))).isTrue();
    assertThat(store.insert(record("tok_1", 2, null, "fp"))).isFalse();
    assertThat(store.find("tok_1").orElseThrow().keyVersion()).isEqualTo(1);
    store.erase("tok_1", T);
    assertThat(store.insert(record("tok_1", 1, null, "fp")))
        .as("tombstones keep the token")
        .isFalse();
  }

  @Test
  void rewrapIsCompareAndSet() {
    store.insert(record("tok_1", 1, null, "fp"));

    assertThat(store.rewrap("tok_1", 2, 3, new byte[61], T)).isFalse();
    assertThat(store.rewrap("tok_1", 1, 2, new byte[] {9}, T)).isTrue();
    assertThat(store.rewrap("tok_1", 1, 2, new byte[] {9}, T)).isFalse();
    assertThat(store.find("tok_1").orElseThrow().wrappedKey()).containsExactly(9);
    assertThat(store.countLive(1)).isZero();
    assertThat(store.countLive(2)).isEqualTo(1);
    store.erase("tok_1", T);
    assertThat(store.rewrap("tok_1", 2, 3, new byte[61], T)).isFalse();
    assertThat(store.rewrap("tok_missing", 1, 2, new byte[61], T)).isFalse();
  }

  @Test
  void eraseLeavesATombstoneAndUpdatesIndexes() {
    store.insert(record("tok_1", 1, "cust", "fp"));
    store.insert(record("tok_2", 1, "cust", "fp"));

    assertThat(store.erase("tok_1", T.plusSeconds(1))).isTrue();
    assertThat(store.erase("tok_1", T.plusSeconds(2))).isFalse();
    assertThat(store.erase("tok_missing", T)).isFalse();

    VaultRecord tombstone = store.find("tok_1").orElseThrow();
    assertThat(tombstone.erasedAt()).contains(T.plusSeconds(1));
    assertThat(tombstone.wrappedKey()).isNull();
    assertThat(store.tokensOfCustomer("cust")).containsExactly("tok_2");
    assertThat(store.tokensWithFingerprint("fp")).containsExactly("tok_2");
    assertThat(store.countLive(1)).isEqualTo(1);
  }

  @Test
  void pagingVisitsEveryLiveRecordOfAVersionOnce() {
    for (int i = 0; i < 100; i++) {
      store.insert(record("tok_" + i, i % 3 == 0 ? 2 : 1, null, "fp" + i));
    }
    store.erase("tok_1", T);

    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      VaultStore.Page page = store.page(1, cursor, 9);
      page.records().forEach(r -> seen.add(r.token()));
      assertThat(page.records()).allMatch(r -> r.keyVersion() == 1 && !r.isErased());
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);

    assertThat(seen).doesNotHaveDuplicates().hasSize(66 - 1);
    assertThat(pages).isGreaterThanOrEqualTo(8);
    assertThat(store.countLive(1)).isEqualTo(65);
    assertThatThrownBy(() -> store.page(1, null, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentInsertsOfTheSameTokenHaveOneWinner() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger winners = new AtomicInteger();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 500; i++) {
                    if (store.insert(record("tok_" + i, 1, "c", "fp"))) {
                      winners.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(winners.get()).isEqualTo(500);
    assertThat(store.countLive(1)).isEqualTo(500);
    assertThat(new HashSet<>(store.tokensOfCustomer("c"))).hasSize(500);
    Set<String> fp = new HashSet<>(store.tokensWithFingerprint("fp"));
    assertThat(fp).hasSize(500);
  }

  @Test
  void recordBuilderNamesMissingFields() {
    assertThatThrownBy(() -> VaultRecord.builder().token("tok_1").createdAt(T).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vault record: keyVersion is missing or invalid");
    assertThatThrownBy(() -> store.insert(record("tok_1", 1, null, "fp").erased(T)))
        .isInstanceOf(IllegalArgumentException.class);
    VaultRecord r = record("tok_1", 1, null, "fp");
    byte[] copy = r.wrappedKey();
    copy[0] = 42;
    assertThat(r.wrappedKey()[0]).as("defensive copies").isZero();
    assertThat(r.toString()).isEqualTo("VaultRecord[tok_1 key v1 VISA 424242******4242 12/2030]");
  }
}
