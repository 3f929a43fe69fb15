package io.ottu.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An {@link AuditEvent} as stored in the chain: its sequence number (1, 2, 3, ...), the hash of the
 * record before it, and its own hash. Immutable.
 *
 * <p>The hash is SHA-256, in lower-case hex, over an unambiguous encoding (each field prefixed by
 * its length) of a format tag, the sequence, the event's instant, actor, action, subject and
 * detail, and the previous hash. The first record's previous hash is {@link #GENESIS_HASH}. Any
 * {@link AuditLog} implementation, in memory or in a database, builds records with {@link
 * #next(AuditRecord, AuditEvent)} so that {@link AuditVerification#verifyChain(Iterable)} can check
 * them.
 *
 * @param sequence the position in the log, from 1
 * @param event the event
 * @param prevHash the previous record's hash, or {@link #GENESIS_HASH} for the first
 * @param hash this record's hash
 */
public record AuditRecord(long sequence, AuditEvent event, String prevHash, String hash) {

  /** The previous hash of the first record: 64 zeros. */
  public static final String GENESIS_HASH = "0".repeat(64);

  private static final byte[] FORMAT = "ottu-audit-v1".getBytes(StandardCharsets.US_ASCII);

  // Looking a digest up through the JCA costs more than hashing a record; keep one per thread.
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is required of every Java platform", e);
            }
          });

  /**
   * Validates the parts (it does not check the hash; see {@link #hashValid()}).
   *
   * @throws IllegalArgumentException if the sequence is below 1
   * @throws NullPointerException if any part is null
   */
  public AuditRecord {
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
    }
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
  }

  /**
   * Builds the record that follows {@code previous} in a chain.
   *
   * @param previous the last record of the chain, or {@code null} if the chain is empty
   * @param event the event to append
   * @return the new record, with its hash computed
   */
  public static AuditRecord next(AuditRecord previous, AuditEvent event) {
    long sequence = previous == null ? 1 : previous.sequence() + 1;
    String prevHash = previous == null ? GENESIS_HASH : previous.hash();
    return new AuditRecord(sequence, event, prevHash, hashOf(sequence, event, prevHash));
  }

  /**
   * The hash a record with these contents must have.
   *
   * @param sequence the record's sequence number
   * @param event the event
   * @param prevHash the previous record's hash
   * @return SHA-256 in lower-case hex
   */
  public static String hashOf(long sequence, AuditEvent event, String prevHash) {
    MessageDigest sha256 = SHA_256.get();
    sha256.reset();
    update(sha256, FORMAT);
    update(sha256, Long.toString(sequence));
    update(sha256, event.at().toString());
    update(sha256, event.actor());
    update(sha256, event.action());
    update(sha256, event.subject());
    update(sha256, event.detail());
    update(sha256, prevHash);
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** Whether {@link #hash()} matches the record's contents. */
  public boolean hashValid() {
    return hash.equals(hashOf(sequence, event, prevHash));
  }

  private static void update(MessageDigest digest, String field) {
    update(digest, field.getBytes(StandardCharsets.UTF_8));
  }

  private static void update(MessageDigest digest, byte[] field) {
    int n = field.length;
    digest.update((byte) (n >>> 24));
    digest.update((byte) (n >>> 16));
    digest.update((byte) (n >>> 8));
    digest.update((byte) n);
    digest.update(field);
  }
}
