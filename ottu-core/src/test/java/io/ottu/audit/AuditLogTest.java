package io.ottu.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

  private static AuditEvent event(int i) {
    return new AuditEvent(
        T0.plusSeconds(i), "alice", "vault.detokenize", "tok_" + i, "purpose=test");
  }

  @Test
  void appendsAChainThatVerifies() {
    AuditLog log = AuditLog.inMemory();
    AuditRecord first = log.append(event(1));
    AuditRecord second = log.append(event(2));

    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.prevHash()).isEqualTo(AuditRecord.GENESIS_HASH);
    assertThat(first.hash()).hasSize(64).matches("[0-9a-f]{64}");
    assertThat(second.sequence()).isEqualTo(2);
    assertThat(second.prevHash()).isEqualTo(first.hash());
    assertThat(log.records()).containsExactly(first, second);
    assertThat(log.verify()).isEqualTo(AuditVerification.ok(2));
  }

  @Test
  void emptyLogVerifies() {
    assertThat(AuditLog.inMemory().verify()).isEqualTo(AuditVerification.ok(0));
  }

  @Test
  void hashCoversEveryField() {
    AuditEvent base = event(1);
    String hash = AuditRecord.hashOf(1, base, AuditRecord.GENESIS_HASH);
    List<AuditEvent> variants =
        List.of(
            new AuditEvent(base.at().plusNanos(1), "alice", base.action(), "tok_1", "purpose=test"),
            new AuditEvent(base.at(), "alicf", base.action(), "tok_1", "purpose=test"),
            new AuditEvent(base.at(), "alice", "vault.delete", "tok_1", "purpose=test"),
            new AuditEvent(base.at(), "alice", base.action(), "tok_2", "purpose=test"),
            new AuditEvent(base.at(), "alice", base.action(), "tok_1", "purpose=tesT"),
            // Moving a character between fields must change the hash (length-prefixed encoding).
            new AuditEvent(base.at(), "alic", base.action(), "etok_1", "purpose=test"));

    for (AuditEvent variant : variants) {
      assertThat(AuditRecord.hashOf(1, variant, AuditRecord.GENESIS_HASH)).isNotEqualTo(hash);
    }
    assertThat(AuditRecord.hashOf(2, base, AuditRecord.GENESIS_HASH)).isNotEqualTo(hash);
    assertThat(AuditRecord.hashOf(1, base, "1".repeat(64))).isNotEqualTo(hash);
  }

  @Test
  void verifyChainFindsModificationReorderingAndRemoval() {
    List<AuditRecord> chain = new ArrayList<>();
    AuditRecord prev = null;
    for (int i = 1; i <= 5; i++) {
      prev = AuditRecord.next(prev, event(i));
      chain.add(prev);
    }
    assertThat(AuditVerification.verifyChain(chain).intact()).isTrue();

    List<AuditRecord> modified = new ArrayList<>(chain);
    AuditRecord victim = modified.get(2);
    modified.set(
        2,
        new AuditRecord(
            victim.sequence(),
            new AuditEvent(victim.event().at(), "mallory", "vault.detokenize", "tok_3", ""),
            victim.prevHash(),
            victim.hash()));
    assertThat(AuditVerification.verifyChain(modified))
        .isEqualTo(AuditVerification.broken(3, 2, "record contents do not match its hash"));

    List<AuditRecord> reordered = new ArrayList<>(chain);
    reordered.set(1, chain.get(2));
    reordered.set(2, chain.get(1));
    AuditVerification reorderedResult = AuditVerification.verifyChain(reordered);
    assertThat(reorderedResult.intact()).isFalse();
    assertThat(reorderedResult.brokenAtSequence()).isEqualTo(2);

    List<AuditRecord> removed = new ArrayList<>(chain);
    removed.remove(1);
    AuditVerification removedResult = AuditVerification.verifyChain(removed);
    assertThat(removedResult.intact()).isFalse();
    assertThat(removedResult.brokenAtSequence()).isEqualTo(2);
    assertThat(removedResult.problem()).contains("expected sequence 2 but found 3");
  }

  @Test
  void rehashedForgeryIsCaughtByTheNextLink() {
    List<AuditRecord> chain = new ArrayList<>();
    AuditRecord prev = null;
    for (int i = 1; i <= 3; i++) {
      prev = AuditRecord.next(prev, event(i));
      chain.add(prev);
    }
    AuditRecord original = chain.get(1);
    AuditEvent forged = new AuditEvent(original.event().at(), "mallory", "x", "y", "z");
    chain.set(
        1,
        new AuditRecord(
            2, forged, original.prevHash(), AuditRecord.hashOf(2, forged, original.prevHash())));

    AuditVerification result = AuditVerification.verifyChain(chain);
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAtSequence()).isEqualTo(3);
    assertThat(result.problem()).contains("previous record's hash");
  }

  @Test
  void concurrentAppendsFormOneGaplessChain() throws Exception {
    AuditLog log = AuditLog.inMemory();
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    log.append(event(base + i));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(log.records()).hasSize(threads * perThread);
    assertThat(log.verify()).isEqualTo(AuditVerification.ok(threads * perThread));
  }

  @Test
  void eventValidatesItsParts() {
    assertThatThrownBy(() -> new AuditEvent(T0, " ", "a", "s", "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actor");
    assertThatThrownBy(() -> new AuditEvent(null, "x", "a", "s", "d"))
        .isInstanceOf(NullPointerException.class);
    AuditEvent e = new AuditEvent(T0, "x", "a", null, null);
    assertThat(e.subject()).isEmpty();
    assertThat(e.detail()).isEmpty();
  }

  @Test
  void recordsSnapshotIsImmutable() {
    AuditLog log = AuditLog.inMemory();
    log.append(event(1));
    List<AuditRecord> snapshot = log.records();

    assertThatThrownBy(() -> snapshot.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    log.append(event(2));
    assertThat(snapshot).hasSize(1);
  }
}
