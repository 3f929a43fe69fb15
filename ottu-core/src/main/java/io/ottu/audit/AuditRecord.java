package io.ottu.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An {@link AuditEvent} as stored in the chain: its sequence number (1, 2, 3, ...), the hash of the
 * record before it, and its own hash. Immutable.
 *
 * <p>The hash is SHA-256, in lower-case hex, over an unambiguous encoding of the sequence and the
 * event's instant (epoch second and nanosecond, as 64-bit big-endian numbers), then a format tag,
 * the actor, action, subject, detail and previous hash, each in UTF-8 prefixed by its length. The
 * first record's previous hash is {@link #GENESIS_HASH}. Any {@link AuditLog} implementation, in
 * memory or in a database, builds records with {@link #next(AuditRecord, AuditEvent)} so that
 * {@link AuditVerification#verifyChain(Iterable)} can check them.
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
    byte[][] fields = {
      FORMAT,
      utf8(event.actor()),
      utf8(event.action()),
      utf8(event.subject()),
      utf8(event.detail()),
      utf8(prevHash)
    };
    int size = 3 * 8;
    for (byte[] field : fields) {
      size += 4 + field.length;
    }
    // One buffer, one update: the sequence and the instant as fixed-width numbers, then each text
    // field prefixed by its length, so that no two different records encode alike.
    ByteBuffer encoded = ByteBuffer.allocate(size);
    encoded.putLong(sequence).putLong(event.at().getEpochSecond()).putLong(event.at().getNano());
    for (byte[] field : fields) {
      encoded.putInt(field.length).put(field);
    }
    MessageDigest sha256 = SHA_256.get();
    sha256.reset();
    return HexFormat.of().formatHex(sha256.digest(encoded.array()));
  }

  /** Whether {@link #hash()} matches the record's contents. */
  public boolean hashValid() {
    return hash.equals(hashOf(sequence, event, prevHash));
  }

  private static byte[] utf8(String field) {
    return field.getBytes(StandardCharsets.UTF_8);
  }
}
