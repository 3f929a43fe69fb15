package io.ottu.audit;

import io.ottu.internal.audit.InMemoryAuditLog;
import java.util.List;

/**
 * Where audit events go: an append-only, hash-chained log. The library appends to it for every
 * payment state change and every vault access; the host reads and verifies it.
 *
 * <p>Implementations must be thread-safe, assign sequence numbers without gaps in append order, and
 * build records with {@link AuditRecord#next(AuditRecord, AuditEvent)}. An append that fails must
 * throw, so that the guarded operation fails closed (the vault returns no card it could not audit).
 * {@link #inMemory()} is the built-in implementation; a durable one (a database table with the
 * record fields as columns) keeps the same chain and should anchor its head outside the database so
 * that a truncated tail is detected too.
 */
public interface AuditLog {

  /**
   * Appends an event as the next record of the chain.
   *
   * @param event the event; it must contain no card data or secrets
   * @return the record as appended, with its sequence number and hash
   * @throws io.ottu.OttuException (or a subtype) if the event could not be recorded
   */
  AuditRecord append(AuditEvent event);

  /**
   * A snapshot of the records, first to last.
   *
   * @return an immutable list
   */
  List<AuditRecord> records();

  /**
   * Checks the whole chain: see {@link AuditVerification#verifyChain(Iterable)}, plus whatever the
   * implementation knows of its own head.
   *
   * @return the result; never throws for a broken chain
   */
  AuditVerification verify();

  /**
   * A thread-safe log held in memory, for tests, demos and hosts that copy the records out
   * themselves. It keeps every record (memory grows with use) and keeps its head (count and last
   * hash) apart from the records, so {@link #verify()} also detects removal of the last records.
   *
   * @return a new, empty log
   */
  static AuditLog inMemory() {
    return new InMemoryAuditLog();
  }
}
