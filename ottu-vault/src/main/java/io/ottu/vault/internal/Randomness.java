package io.ottu.vault.internal;

import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * One {@link SecureRandom} per thread: a NIST SP 800-90A Hash_DRBG instantiated at 256-bit strength
 * (the JDK's {@code DRBG}), seeded from the operating system. Per-thread instances avoid the lock
 * that a shared {@code SecureRandom} takes on every call; 256-bit strength matches the AES-256 keys
 * drawn from it. Where the platform has no DRBG (some FIPS configurations), the platform default
 * {@code SecureRandom} is used instead.
 */
public final class Randomness {
  private static final ThreadLocal<SecureRandom> PER_THREAD =
      ThreadLocal.withInitial(Randomness::newStrong);

  private Randomness() {}

  /** The calling thread's generator. Never share it with another thread. */
  public static SecureRandom current() {
    return PER_THREAD.get();
  }

  /** A new 256-bit-strength DRBG, or the platform default where DRBG is unavailable. */
  public static SecureRandom newStrong() {
    try {
      return SecureRandom.getInstance(
          "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
    } catch (NoSuchAlgorithmException | IllegalArgumentException e) {
      return new SecureRandom();
    }
  }
}
