package io.ottu.vault.internal;

import io.ottu.vault.VaultRecord;
import io.ottu.vault.VaultStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The in-memory {@link VaultStore}. Records live in a {@link ConcurrentHashMap}; every change to a
 * record happens inside {@code compute} on its key, which makes insert, re-wrap and erase atomic.
 * Paging walks an append-only {@link InsertionLog} of tokens (the cursor is a position in it), so a
 * key rotation visits each record once and also sees records inserted while it runs; a record whose
 * insertion is still in flight when the walk passes is left for the rotation's next pass, which
 * {@link #countLive(int)} tells it to make. Counters per key version and indexes by customer and
 * fingerprint are updated inside the same {@code compute} calls.
 */
public final class InMemoryVaultStore implements VaultStore {
  private final Map<String, VaultRecord> records = new ConcurrentHashMap<>();
  private final InsertionLog inserted = new InsertionLog();
  private final Map<Integer, LongAdder> liveByVersion = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> byCustomer = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryVaultStore() {}

  @Override
  public boolean insert(VaultRecord record) {
    Objects.requireNonNull(record, "record");
    if (record.isErased()) {
      throw new IllegalArgumentException("only live records are inserted");
    }
    boolean[] done = {false};
    records.computeIfAbsent(
        record.token(),
        token -> {
          done[0] = true;
          index(record);
          return record;
        });
    if (done[0]) {
      inserted.append(record.token());
    }
    return done[0];
  }

  @Override
  public Optional<VaultRecord> find(String token) {
    return Optional.ofNullable(records.get(token));
  }

  @Override
  public boolean rewrap(
      String token, int expectedKeyVersion, int newKeyVersion, byte[] newWrappedKey, Instant at) {
    boolean[] done = {false};
    records.computeIfPresent(
        token,
        (t, current) -> {
          if (current.isErased() || current.keyVersion() != expectedKeyVersion) {
            return current;
          }
          done[0] = true;
          counter(expectedKeyVersion).decrement();
          counter(newKeyVersion).increment();
          return current.rewrapped(newKeyVersion, newWrappedKey, at);
        });
    return done[0];
  }

  @Override
  public boolean erase(String token, Instant at) {
    boolean[] done = {false};
    records.computeIfPresent(
        token,
        (t, current) -> {
          if (current.isErased()) {
            return current;
          }
          done[0] = true;
          unindex(current);
          // The live record, with the only reference to its wrapped data key, is dropped here.
          return current.erased(at);
        });
    return done[0];
  }

  @Override
  public Page page(int keyVersion, String cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
    long position = cursor == null ? 0 : Long.parseLong(cursor);
    long end = inserted.size();
    List<VaultRecord> page = new ArrayList<>(Math.min(limit, 1024));
    while (position < end && page.size() < limit) {
      String token = inserted.get(position++);
      VaultRecord record = token == null ? null : records.get(token);
      if (record != null && !record.isErased() && record.keyVersion() == keyVersion) {
        page.add(record);
      }
    }
    return new Page(page, position < inserted.size() ? Long.toString(position) : null);
  }

  @Override
  public long countLive(int keyVersion) {
    LongAdder adder = liveByVersion.get(keyVersion);
    return adder == null ? 0 : adder.sum();
  }

  @Override
  public List<String> tokensOfCustomer(String customerId) {
    Set<String> tokens = byCustomer.get(customerId);
    return tokens == null ? List.of() : List.copyOf(tokens);
  }

  /** A scan of every record: no index is kept, so that tokenizing stays cheap. */
  @Override
  public List<String> tokensWithFingerprint(String fingerprint) {
    List<String> tokens = new ArrayList<>();
    for (VaultRecord record : records.values()) {
      if (!record.isErased() && fingerprint.equals(record.fingerprint())) {
        tokens.add(record.token());
      }
    }
    return tokens;
  }

  private void index(VaultRecord record) {
    counter(record.keyVersion()).increment();
    record
        .customerId()
        .ifPresent(c -> byCustomer.computeIfAbsent(c, k -> newSet()).add(record.token()));
  }

  private void unindex(VaultRecord record) {
    counter(record.keyVersion()).decrement();
    record.customerId().ifPresent(c -> removeFrom(byCustomer, c, record.token()));
  }

  private static void removeFrom(Map<String, Set<String>> index, String key, String token) {
    index.computeIfPresent(
        key,
        (k, set) -> {
          set.remove(token);
          return set.isEmpty() ? null : set;
        });
  }

  private LongAdder counter(int keyVersion) {
    LongAdder adder = liveByVersion.get(keyVersion);
    return adder != null ? adder : liveByVersion.computeIfAbsent(keyVersion, v -> new LongAdder());
  }

  private static Set<String> newSet() {
    return ConcurrentHashMap.newKeySet(4);
  }
}
