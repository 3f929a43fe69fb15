package io.ottu.gateway.simulated;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How {@link SimulatedGateway} waits out its simulated latency and slow responses. The default,
 * {@link #system()}, really sleeps; tests inject one that records the requested durations or does
 * nothing, so no test waits for real time.
 *
 * <p>Implementations must be thread-safe: every concurrent call to the gateway uses the same
 * sleeper. The gateway holds no lock while it sleeps.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Waits for {@code duration}.
   *
   * @param duration how long to wait; never negative or zero (the gateway does not call the sleeper
   *     for a zero wait)
   * @throws InterruptedException if the waiting thread is interrupted; the gateway then restores
   *     the interrupt flag and reports the call as an unknown outcome, as a real client whose
   *     request was abandoned mid-flight would
   */
  void sleep(Duration duration) throws InterruptedException;

  /** A sleeper that blocks the calling thread for the requested time. */
  static Sleeper system() {
    return SystemSleeper.INSTANCE;
  }

  /** A sleeper that returns at once: every latency and slow response becomes instant. */
  static Sleeper none() {
    return NoSleeper.INSTANCE;
  }
}

/** Sleeps for real; the nanosecond conversion saturates, so a huge duration cannot overflow. */
enum SystemSleeper implements Sleeper {
  INSTANCE;

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    long nanos;
    try {
      nanos = duration.toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE;
    }
    TimeUnit.NANOSECONDS.sleep(nanos);
  }

  @Override
  public String toString() {
    return "Sleeper.system()";
  }
}

/** Never waits. */
enum NoSleeper implements Sleeper {
  INSTANCE;

  @Override
  public void sleep(Duration duration) {
    // Instant by design: used for benchmarks and tests that must not wait.
  }

  @Override
  public String toString() {
    return "Sleeper.none()";
  }
}
