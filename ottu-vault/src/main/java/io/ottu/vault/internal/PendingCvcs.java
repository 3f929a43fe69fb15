package io.ottu.vault.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CVCs held in memory between tokenization and the authorization that needs them, and nowhere else:
 * never in the store, never in a ciphertext. Each CVC is consumed at most once, and is overwritten
 * when consumed, when it expires (its time to live passes by the injected clock), when its token is
 * erased, and when the vault closes. Expired entries are purged on every put and consume, oldest
 * first; when more than {@code capacity} are pending, the oldest are dropped (overwritten) to bound
 * memory. Thread-safe.
 */
public final class PendingCvcs {
  private final Clock clock;
  private final Duration ttl;
  private final int capacity;
  private final Map<String, Held> byToken = new ConcurrentHashMap<>();
  private final Queue<Held> byAge = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();

  /**
   * Creates the cache.
   *
   * @param clock the clock that decides expiry
   * @param ttl how long a CVC may wait for its authorization
   * @param capacity the most CVCs held at once
   */
  public PendingCvcs(Clock clock, Duration ttl, int capacity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.capacity = capacity;
  }

  /**
   * Holds a copy of {@code cvc} for {@code token}, replacing (and wiping) any CVC held for it.
   *
   * @param token the token the CVC belongs to
   * @param cvc the digits; the caller wipes its own array
   */
  public void put(String token, char[] cvc) {
    Held held = new Held(token, cvc.clone(), clock.instant().plus(ttl));
    Held previous = byToken.put(token, held);
    if (previous != null) {
      previous.wipe();
    } else {
      size.incrementAndGet();
    }
    byAge.add(held);
    purge();
  }

  /**
   * Removes and returns the CVC for {@code token}, if one is held and has not expired. The caller
   * owns and wipes the returned array.
   *
   * @return the digits, or {@code null}
   */
  public char[] consume(String token) {
    purge();
    Held held = byToken.remove(token);
    if (held == null) {
      return null;
    }
    size.decrementAndGet();
    try {
      return held.expiresAt.isAfter(clock.instant()) ? held.copy() : null;
    } finally {
      held.wipe();
    }
  }

  /** Drops (and wipes) the CVC for {@code token}, if any. */
  public void discard(String token) {
    Held held = byToken.remove(token);
    if (held != null) {
      size.decrementAndGet();
      held.wipe();
    }
  }

  /**
   * Wipes every expired CVC and, beyond capacity, the oldest ones.
   *
   * @return how many were dropped
   */
  public int purge() {
    Instant now = clock.instant();
    int dropped = 0;
    Held head;
    while ((head = byAge.peek()) != null) {
      boolean stale = head.wiped();
      boolean expired = !head.expiresAt.isAfter(now);
      boolean overflow = size.get() > capacity;
      if (!stale && !expired && !overflow) {
        break;
      }
      if (byAge.remove(head) && !stale && byToken.remove(head.token, head)) {
        size.decrementAndGet();
        dropped++;
      }
      head.wipe();
    }
    return dropped;
  }

  /** Wipes and drops every held CVC. */
  public void clear() {
    for (Held held : byToken.values()) {
      held.wipe();
    }
    byToken.clear();
    byAge.clear();
    size.set(0);
  }

  /** How many CVCs are held, expired ones included until the next purge. */
  public int size() {
    return size.get();
  }

  private static final class Held {
    private final String token;
    private final char[] cvc;
    private final Instant expiresAt;
    private boolean wiped;

    Held(String token, char[] cvc, Instant expiresAt) {
      this.token = token;
      this.cvc = cvc;
      this.expiresAt = expiresAt;
    }

    synchronized char[] copy() {
      return wiped ? null : cvc.clone();
    }

    synchronized void wipe() {
      Arrays.fill(cvc, '\0');
      wiped = true;
    }

    synchronized boolean wiped() {
      return wiped;
    }
  }
}
