package io.ottu.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.audit.AuditEvent;
import io.ottu.audit.AuditRecord;
import io.ottu.audit.AuditVerification;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tampers with the log's own storage and checks that {@code verify()} notices every kind. */
class InMemoryAuditLogTamperTest {
  private InMemoryAuditLog log;
  private List<AuditRecord> storage;

  @BeforeEach
  void fill() {
    log = new InMemoryAuditLog();
    for (int i = 1; i <= 4; i++) {
      log.append(
          new AuditEvent(
              Instant.parse("2025-01-01T00:00:00Z").plusSeconds(i),
              "ottu-engine",
              "vault.detokenize",
              "tok_" + i,
              "purpose=payment:pay_" + i));
    }
    storage = log.storageForTesting();
    assertThat(log.verify().intact()).isTrue();
  }

  @Test
  void detectsAModifiedRecord() {
    AuditRecord r = storage.get(1);
    AuditEvent changed =
        new AuditEvent(r.event().at(), "someone-else", r.event().action(), "tok_2", "");
    storage.set(1, new AuditRecord(r.sequence(), changed, r.prevHash(), r.hash()));

    AuditVerification result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAtSequence()).isEqualTo(2);
  }

  @Test
  void detectsReordering() {
    AuditRecord a = storage.get(0);
    storage.set(0, storage.get(1));
    storage.set(1, a);

    AuditVerification result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAtSequence()).isEqualTo(1);
  }

  @Test
  void detectsRemovalInTheMiddle() {
    storage.remove(2);

    AuditVerification result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.brokenAtSequence()).isEqualTo(3);
  }

  @Test
  void detectsRemovalOfTheLastRecord() {
    storage.remove(storage.size() - 1);

    AuditVerification result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.problem()).contains("holds 3 records but 4 were appended");
  }

  @Test
  void detectsAFullyRehashedRewrite() {
    // An attacker who rewrites the whole chain consistently still cannot match the head.
    AuditRecord prev = null;
    for (int i = 0; i < storage.size(); i++) {
      AuditRecord r = storage.get(i);
      AuditEvent e =
          i == 3
              ? new AuditEvent(r.event().at(), "mallory", "vault.detokenize", "tok_4", "")
              : r.event();
      prev = AuditRecord.next(prev, e);
      storage.set(i, prev);
    }

    AuditVerification result = log.verify();
    assertThat(result.intact()).isFalse();
    assertThat(result.problem()).contains("head");
  }

  @Test
  void appendsAfterVerificationContinueTheChain() {
    AuditRecord next =
        log.append(new AuditEvent(Instant.EPOCH, "x", "vault.rotate", "kek", "1 -> 2"));

    assertThat(next.sequence()).isEqualTo(5);
    assertThat(log.verify()).isEqualTo(AuditVerification.ok(5));
  }
}
