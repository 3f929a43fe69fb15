package io.ottu.vault.keys;

import io.ottu.vault.KeyProvider;
import io.ottu.vault.internal.LocalKeyring;
import io.ottu.vault.internal.Randomness;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedSet;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link KeyProvider} whose keys are random and live only in this process's memory: when the
 * process ends, every card sealed under it is gone. For tests, demos and benchmarks; use {@link
 * Pkcs12KeyProvider} or {@link Pkcs11KeyProvider} for cards that must survive a restart.
 *
 * <p>KEKs are AES-256 keys drawn from a 256-bit-strength DRBG; data keys are wrapped with
 * AES-256-GCM through the JDK's provider. Thread-safe; {@link #rotate()} and {@link #retire(int)}
 * are serialized.
 */
public final class InMemoryKeyProvider implements KeyProvider {
  private final LocalKeyring keyring;

  private InMemoryKeyProvider(LocalKeyring keyring) {
    this.keyring = keyring;
  }

  /**
   * A provider with one random KEK (version 1) and a random master secret.
   *
   * @return the provider
   */
  public static InMemoryKeyProvider create() {
    return new InMemoryKeyProvider(new LocalKeyring(Map.of(1, newAesKey()), newHmacKey()));
  }

  @Override
  public int currentVersion() {
    return keyring.currentVersion();
  }

  @Override
  public SortedSet<Integer> versions() {
    return keyring.versions();
  }

  @Override
  public byte[] wrap(int version, byte[] dataKey, byte[] associatedData) {
    return keyring.wrap(version, dataKey, associatedData);
  }

  @Override
  public byte[] unwrap(int version, byte[] wrappedKey, byte[] associatedData) {
    return keyring.unwrap(version, wrappedKey, associatedData);
  }

  @Override
  public synchronized int rotate() {
    int next = keyring.currentVersion() + 1;
    keyring.add(next, newAesKey());
    return next;
  }

  @Override
  public synchronized void retire(int version) {
    keyring.remove(version);
  }

  @Override
  public byte[] deriveSecret(String purpose) {
    return keyring.derive(purpose);
  }

  @Override
  public String toString() {
    return "InMemoryKeyProvider[versions=" + keyring.versions() + "]";
  }

  private static SecretKey newAesKey() {
    byte[] bytes = new byte[32];
    Randomness.current().nextBytes(bytes);
    try {
      return new SecretKeySpec(bytes, "AES");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static SecretKey newHmacKey() {
    byte[] bytes = new byte[32];
    Randomness.current().nextBytes(bytes);
    try {
      return new SecretKeySpec(bytes, "HmacSHA256");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
