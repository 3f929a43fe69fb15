package io.ottu.audit;

import java.util.Objects;

/**
 * The result of checking an audit chain. Immutable.
 *
 * @param intact whether every record checked out
 * @param recordsChecked how many records were examined
 * @param brokenAtSequence the sequence number where the chain first fails, or {@code -1} if intact
 * @param problem what is wrong there, or empty if intact
 */
public record AuditVerification(
    boolean intact, long recordsChecked, long brokenAtSequence, String problem) {

  /** Validates the parts. */
  public AuditVerification {
    Objects.requireNonNull(problem, "problem");
  }

  /**
   * An intact chain of {@code records} records.
   *
   * @param records how many were checked
   * @return the result
   */
  public static AuditVerification ok(long records) {
    return new AuditVerification(true, records, -1, "");
  }

  /**
   * A broken chain.
   *
   * @param sequence where it breaks (the expected sequence number at that position)
   * @param checked how many records were examined before the break was found
   * @param problem what is wrong
   * @return the result
   */
  public static AuditVerification broken(long sequence, long checked, String problem) {
    return new AuditVerification(false, checked, sequence, problem);
  }

  /**
   * Checks a chain in order: sequence numbers run 1, 2, 3, ... without gaps, each record's {@code
   * prevHash} is the previous record's hash (the first's is {@link AuditRecord#GENESIS_HASH}), and
   * each hash matches its record's contents. This detects a modified, reordered, inserted or
   * removed record anywhere but at the end; a log that must also detect a truncated tail compares
   * the last hash with a head it keeps (or anchors) separately.
   *
   * @param records the records, first to last
   * @return the result
   */
  public static AuditVerification verifyChain(Iterable<AuditRecord> records) {
    long expected = 1;
    String prevHash = AuditRecord.GENESIS_HASH;
    for (AuditRecord record : records) {
      long checked = expected - 1;
      if (record.sequence() != expected) {
        return broken(
            expected, checked, "expected sequence " + expected + " but found " + record.sequence());
      }
      if (!record.prevHash().equals(prevHash)) {
        return broken(expected, checked, "record does not link to the previous record's hash");
      }
      if (!record.hashValid()) {
        return broken(expected, checked, "record contents do not match its hash");
      }
      prevHash = record.hash();
      expected++;
    }
    return ok(expected - 1);
  }
}
