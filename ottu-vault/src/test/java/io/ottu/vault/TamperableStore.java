package io.ottu.vault;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * A hand-written fake store: the in-memory store, plus a way to alter what {@link #find} returns
 * for a token, the way an attacker with write access to the database could.
 */
final class TamperableStore implements VaultStore {
  private final VaultStore delegate = VaultStore.inMemory();
  private final Map<String, UnaryOperator<VaultRecord>> tampering = new ConcurrentHashMap<>();

  /** From now on, {@code find(token)} returns the record altered by {@code change}. */
  void tamper(String token, UnaryOperator<VaultRecord> change) {
    tampering.put(token, change);
  }

  /** The untampered record. */
  VaultRecord original(String token) {
    return delegate.find(token).orElseThrow();
  }

  @Override
  public boolean insert(VaultRecord record) {
    return delegate.insert(record);
  }

  @Override
  public Optional<VaultRecord> find(String token) {
    UnaryOperator<VaultRecord> change = tampering.get(token);
    Optional<VaultRecord> found = delegate.find(token);
    return change == null ? found : found.map(change);
  }

  @Override
  public boolean rewrap(
      String token, int expectedKeyVersion, int newKeyVersion, byte[] newWrappedKey, Instant at) {
    return delegate.rewrap(token, expectedKeyVersion, newKeyVersion, newWrappedKey, at);
  }

  @Override
  public boolean erase(String token, Instant at) {
    return delegate.erase(token, at);
  }

  @Override
  public Page page(int keyVersion, String cursor, int limit) {
    Page page = delegate.page(keyVersion, cursor, limit);
    return new Page(
        page.records().stream().map(r -> find(r.token()).orElseThrow()).toList(),
        page.nextCursor());
  }

  @Override
  public long countLive(int keyVersion) {
    return delegate.countLive(keyVersion);
  }

  @Override
  public List<String> tokensOfCustomer(String customerId) {
    return delegate.tokensOfCustomer(customerId);
  }

  @Override
  public List<String> tokensWithFingerprint(String fingerprint) {
    return delegate.tokensWithFingerprint(fingerprint);
  }
}
