package io.ottu.vault;

import io.ottu.vault.internal.InMemoryVaultStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the vault keeps its {@link VaultRecord}s. An SPI: the library ships {@link #inMemory()}; a
 * host can keep records in its own database.
 *
 * <p>Every method is one statement's worth of work against a table keyed by token, so a JDBC
 * implementation maps each to a single SQL statement:
 *
 * <ul>
 *   <li>{@link #insert}: {@code INSERT ... ON CONFLICT (token) DO NOTHING}
 *   <li>{@link #find}: {@code SELECT ... WHERE token = ?}
 *   <li>{@link #rewrap}: {@code UPDATE ... SET key_version = ?, wrapped_key = ?, rotated_at = ?
 *       WHERE token = ? AND key_version = ? AND erased_at IS NULL} (compare-and-set)
 *   <li>{@link #erase}: {@code UPDATE ... SET wrapped_key = NULL, nonce = NULL, ciphertext = NULL,
 *       ..., erased_at = ? WHERE token = ? AND erased_at IS NULL}
 *   <li>{@link #page}: {@code SELECT ... WHERE key_version = ? AND erased_at IS NULL AND token > ?
 *       ORDER BY token LIMIT ?} (keyset paging; the cursor is the last token)
 *   <li>{@link #countLive}, {@link #tokensOfCustomer}, {@link #tokensWithFingerprint}: indexed
 *       selects
 * </ul>
 *
 * <p>Implementations must be thread-safe, and {@link #insert}, {@link #rewrap} and {@link #erase}
 * must each be atomic: the vault's online key rotation relies on the compare-and-set of {@link
 * #rewrap} to never overwrite a record that was erased or re-wrapped meanwhile. Erasing must
 * overwrite or delete the wrapped data key for good; that is what makes the card unrecoverable.
 */
public interface VaultStore {

  /**
   * Stores a new record unless its token is taken.
   *
   * @param record a live record
   * @return {@code true} if stored, {@code false} if a record (live or erased) has that token
   */
  boolean insert(VaultRecord record);

  /**
   * The record of a token, live or erased.
   *
   * @param token the token
   * @return the record, or empty if the token was never stored
   */
  Optional<VaultRecord> find(String token);

  /**
   * Replaces a live record's wrapped data key, if the record is still wrapped under {@code
   * expectedKeyVersion}.
   *
   * @param token the token
   * @param expectedKeyVersion the version the caller unwrapped with
   * @param newKeyVersion the version that wrapped {@code newWrappedKey}
   * @param newWrappedKey the re-wrapped data key
   * @param at when
   * @return {@code true} if replaced; {@code false} if the record is missing, erased, or under
   *     another version
   */
  boolean rewrap(
      String token, int expectedKeyVersion, int newKeyVersion, byte[] newWrappedKey, Instant at);

  /**
   * Erases a live record: destroys its wrapped data key and ciphertext and leaves a tombstone
   * ({@link VaultRecord#erased(Instant)}).
   *
   * @param token the token
   * @param at when
   * @return {@code true} if a live record was erased now; {@code false} if it was already erased or
   *     never existed
   */
  boolean erase(String token, Instant at);

  /**
   * A page of the live records wrapped under {@code keyVersion}, in a stable order.
   *
   * @param keyVersion the key-encryption-key version
   * @param cursor {@code null} for the first page, else the previous page's {@link
   *     Page#nextCursor()}
   * @param limit the most records to return, at least 1
   * @return the page
   */
  Page page(int keyVersion, String cursor, int limit);

  /**
   * How many live records are wrapped under {@code keyVersion}.
   *
   * @param keyVersion the key-encryption-key version
   * @return the count, exact at the time of the call
   */
  long countLive(int keyVersion);

  /**
   * The tokens of a customer's live records.
   *
   * @param customerId the host's customer id
   * @return the tokens, possibly empty
   */
  List<String> tokensOfCustomer(String customerId);

  /**
   * The tokens of live records whose card has this fingerprint.
   *
   * @param fingerprint a fingerprint from this vault
   * @return the tokens, possibly empty
   */
  List<String> tokensWithFingerprint(String fingerprint);

  /**
   * A new, empty, thread-safe store held in memory. For tests, demos and benchmarks: everything is
   * lost when the process ends. Insert, find, re-wrap, erase, paging and counts are cheap; {@link
   * #tokensWithFingerprint(String)} scans every record.
   *
   * @return the store
   */
  static VaultStore inMemory() {
    return new InMemoryVaultStore();
  }

  /**
   * One page of records from {@link #page(int, String, int)}.
   *
   * @param records the records, possibly empty
   * @param nextCursor the cursor for the next page, or {@code null} if there are no more records
   */
  record Page(List<VaultRecord> records, String nextCursor) {
    /** Copies the list. */
    public Page {
      records = List.copyOf(Objects.requireNonNull(records, "records"));
    }

    /** Whether another page may follow. */
    public boolean hasMore() {
      return nextCursor != null;
    }
  }
}
