package io.ottu.vault;

import java.util.SortedSet;

/** A key provider that forwards every call, for tests that intercept one. */
class ForwardingKeyProvider implements KeyProvider {
  private final KeyProvider delegate;

  ForwardingKeyProvider(KeyProvider delegate) {
    this.delegate = delegate;
  }

  @Override
  public int currentVersion() {
    return delegate.currentVersion();
  }

  @Override
  public SortedSet<Integer> versions() {
    return delegate.versions();
  }

  @Override
  public byte[] wrap(int version, byte[] dataKey, byte[] associatedData) {
    return delegate.wrap(version, dataKey, associatedData);
  }

  @Override
  public byte[] unwrap(int version, byte[] wrappedKey, byte[] associatedData) {
    return delegate.unwrap(version, wrappedKey, associatedData);
  }

  @Override
  public int rotate() {
    return delegate.rotate();
  }

  @Override
  public void retire(int version) {
    delegate.retire(version);
  }

  @Override
  public byte[] deriveSecret(String purpose) {
    return delegate.deriveSecret(purpose);
  }
}
