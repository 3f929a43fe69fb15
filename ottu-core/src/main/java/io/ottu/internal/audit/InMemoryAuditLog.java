package io.ottu.internal.audit;

import io.ottu.audit.AuditEvent;
import io.ottu.audit.AuditLog;
import io.ottu.audit.AuditRecord;
import io.ottu.audit.AuditVerification;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The in-memory {@link AuditLog}. Appends are serialized by one lock (hashing a record takes about
 * a microsecond, so the lock is held briefly). The head (count and last hash) is kept apart from
 * the list so that {@link #verify()} detects a removed tail as well as broken links.
 */
public final class InMemoryAuditLog implements AuditLog {
  private final Object lock = new Object();
  private final List<AuditRecord> records = new ArrayList<>();
  private AuditRecord head;

  /** Creates an empty log. */
  public InMemoryAuditLog() {}

  @Override
  public AuditRecord append(AuditEvent event) {
    Objects.requireNonNull(event, "event");
    synchronized (lock) {
      AuditRecord record = AuditRecord.next(head, event);
      records.add(record);
      head = record;
      return record;
    }
  }

  @Override
  public List<AuditRecord> records() {
    synchronized (lock) {
      return List.copyOf(records);
    }
  }

  @Override
  public AuditVerification verify() {
    List<AuditRecord> snapshot;
    AuditRecord expectedHead;
    synchronized (lock) {
      snapshot = List.copyOf(records);
      expectedHead = head;
    }
    AuditVerification chain = AuditVerification.verifyChain(snapshot);
    if (!chain.intact()) {
      return chain;
    }
    long expectedCount = expectedHead == null ? 0 : expectedHead.sequence();
    if (snapshot.size() != expectedCount) {
      return AuditVerification.broken(
          snapshot.size() + 1L,
          snapshot.size(),
          "log holds " + snapshot.size() + " records but " + expectedCount + " were appended");
    }
    if (expectedHead != null
        && !snapshot.get(snapshot.size() - 1).hash().equals(expectedHead.hash())) {
      return AuditVerification.broken(
          expectedCount, snapshot.size(), "last record does not match the log's head");
    }
    return chain;
  }

  /** The live record list, so that tests in this package can tamper with it. */
  List<AuditRecord> storageForTesting() {
    return records;
  }
}
