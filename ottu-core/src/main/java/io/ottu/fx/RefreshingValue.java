package io.ottu.fx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cached value with a time-to-live, a stale policy, a back-off after failures, and at most one
 * fetch in flight. The fetch runs on the thread of the caller that found the value expired; there
 * is no background thread to own or stop.
 */
final class RefreshingValue<V> {
  private static final Logger log = LoggerFactory.getLogger(CachingExchangeRateProvider.class);

  private final Supplier<V> fetch;
  private final String name;
  private final Duration ttl;
  private final StalePolicy stalePolicy;
  private final Duration failureBackoff;
  private final Clock clock;

  private final Object lock = new Object();

  /** Replaced whole, so a reader sees a consistent value, time and failure. */
  private volatile Snapshot<V> snapshot = new Snapshot<>(null, null, null, null);

  /** The fetch in flight, or null. Guarded by {@link #lock}. */
  private CompletableFuture<V> inFlight;

  /** Whether the current outage was logged. Guarded by {@link #lock}. */
  private boolean outageLogged;

  RefreshingValue(
      Supplier<V> fetch,
      String name,
      Duration ttl,
      StalePolicy stalePolicy,
      Duration failureBackoff,
      Clock clock) {
    this.fetch = fetch;
    this.name = name;
    this.ttl = ttl;
    this.stalePolicy = stalePolicy;
    this.failureBackoff = failureBackoff;
    this.clock = clock;
  }

  /**
   * The value: the cached one while fresh, otherwise a new one, fetched by this thread or by the
   * thread already fetching.
   *
   * @throws ExchangeRateUnavailableException if there is no value the stale policy allows
   */
  V get() {
    Instant now = clock.instant();
    Snapshot<V> s = snapshot;
    if (s.isFresh(now, ttl)) {
      return s.value;
    }
    CompletableFuture<V> pending;
    boolean leader = false;
    synchronized (lock) {
      s = snapshot;
      if (s.isFresh(now, ttl)) {
        return s.value;
      }
      if (inFlight == null) {
        if (s.inBackoff(now, failureBackoff)) {
          // Refetching on every call would hammer a source that is down; the last failure stands.
          return staleOrFail(s, now, s.failure, true);
        }
        inFlight = new CompletableFuture<>();
        leader = true;
      }
      pending = inFlight;
    }
    if (leader) {
      return refresh(pending, s);
    }
    if (isServableStale(s, now)) {
      return s.value;
    }
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExchangeRateUnavailableException(
          name + ": interrupted while waiting for the rates to be fetched", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      return staleOrFail(snapshot, clock.instant(), (RuntimeException) cause, false);
    }
  }

  private V refresh(CompletableFuture<V> pending, Snapshot<V> previous) {
    V value;
    try {
      value = fetch.get();
      if (value == null) {
        throw new ExchangeRateUnavailableException(name + ": the source returned nothing");
      }
    } catch (RuntimeException e) {
      Instant failedAt = clock.instant();
      Snapshot<V> failed = new Snapshot<>(previous.value, previous.fetchedAt, e, failedAt);
      boolean firstFailure;
      synchronized (lock) {
        snapshot = failed;
        inFlight = null;
        firstFailure = !outageLogged;
        outageLogged = true;
      }
      logFailure(failed, failedAt, e, firstFailure);
      pending.completeExceptionally(e);
      return staleOrFail(failed, failedAt, e, false);
    } catch (Error e) {
      synchronized (lock) {
        inFlight = null;
      }
      pending.completeExceptionally(e);
      throw e;
    }
    Instant fetchedAt = clock.instant();
    boolean recovered;
    synchronized (lock) {
      snapshot = new Snapshot<>(value, fetchedAt, null, null);
      inFlight = null;
      recovered = outageLogged;
      outageLogged = false;
    }
    if (recovered) {
      log.info("{}: rates fetched again at {}; the outage is over", name, fetchedAt);
    }
    pending.complete(value);
    return value;
  }

  private void logFailure(Snapshot<V> s, Instant failedAt, RuntimeException e, boolean first) {
    if (!first) {
      log.debug("{}: refresh failed again at {}: {}", name, failedAt, e.toString());
      return;
    }
    if (isServableStale(s, failedAt)) {
      log.warn(
          "{}: refresh failed at {}; serving the rates fetched at {} (expired at {}) until {} at"
              + " the latest, as stale policy {} allows: {}",
          name,
          failedAt,
          s.fetchedAt,
          s.fetchedAt.plus(ttl),
          s.fetchedAt.plus(ttl).plus(stalePolicy.maxStaleness()),
          stalePolicy,
          e.toString());
    } else {
      log.warn(
          "{}: refresh failed at {} and there are no rates the stale policy {} allows to serve: {}",
          name,
          failedAt,
          stalePolicy,
          e.toString());
    }
  }

  private boolean isServableStale(Snapshot<V> s, Instant now) {
    return s.value != null
        && !stalePolicy.maxStaleness().isZero()
        && now.isBefore(s.fetchedAt.plus(ttl).plus(stalePolicy.maxStaleness()));
  }

  private V staleOrFail(Snapshot<V> s, Instant now, RuntimeException cause, boolean backingOff) {
    if (isServableStale(s, now)) {
      return s.value;
    }
    StringBuilder message = new StringBuilder(name).append(": ");
    if (s.value == null) {
      message.append("no rates could be fetched");
    } else {
      message
          .append("the rates fetched at ")
          .append(s.fetchedAt)
          .append(" expired at ")
          .append(s.fetchedAt.plus(ttl));
      if (!stalePolicy.maxStaleness().isZero()) {
        message
            .append(" and may not be served past ")
            .append(s.fetchedAt.plus(ttl).plus(stalePolicy.maxStaleness()));
      }
      message.append(" (stale policy ").append(stalePolicy).append(')');
    }
    if (backingOff) {
      message
          .append("; the last refresh failed at ")
          .append(s.failedAt)
          .append(" and the next is not tried before ")
          .append(s.failedAt.plus(failureBackoff));
    }
    message.append("; refresh failed: ").append(cause.getMessage());
    throw new ExchangeRateUnavailableException(message.toString(), cause);
  }

  /** The cached value (null before the first success) and the last failure since, if any. */
  private static final class Snapshot<V> {
    final V value;
    final Instant fetchedAt;
    final RuntimeException failure;
    final Instant failedAt;

    Snapshot(V value, Instant fetchedAt, RuntimeException failure, Instant failedAt) {
      this.value = value;
      this.fetchedAt = fetchedAt;
      this.failure = failure;
      this.failedAt = failedAt;
    }

    boolean isFresh(Instant now, Duration ttl) {
      return value != null && failure == null && now.isBefore(fetchedAt.plus(ttl));
    }

    boolean inBackoff(Instant now, Duration backoff) {
      return failure != null && now.isBefore(failedAt.plus(backoff));
    }
  }
}
