package io.ottu.internal;

import io.ottu.CardBrand;
import io.ottu.routing.SegmentStats;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the engine has observed of each gateway: decayed approval and failure counts per segment
 * (gateway × currency × brand) and per gateway, recent latencies, and recent errors.
 *
 * <p>Counts decay two ways, whichever forgets faster: exponentially with a half-life on the
 * client's clock (so a quiet segment's old figures fade, and simulations with a virtual clock decay
 * as they would live), and by observation count, each new observation discounting the earlier ones
 * by {@code 1 - 1/window} (so a busy segment reacts to a change within about a window's worth of
 * payments, whatever the traffic volume).
 */
public final class GatewayStatistics {
  private static final int LATENCY_WINDOW = 256;
  private static final int RECENT_ERRORS = 10;

  private final Clock clock;
  private final double halfLifeMillis;
  private final double keep;
  private final ConcurrentHashMap<String, Counters> gateways = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Latencies> latencies = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Deque<String>> errors = new ConcurrentHashMap<>();

  /**
   * Creates statistics decaying with {@code halfLife} on {@code clock} and over {@code window}
   * observations per counter (0: by time only).
   */
  public GatewayStatistics(Clock clock, Duration halfLife, int window) {
    this.clock = clock;
    this.halfLifeMillis = halfLife.toMillis();
    this.keep = window > 0 ? 1 - 1.0 / window : 1;
  }

  /** How an observation counts. */
  public enum Observation {
    /** The gateway approved (or otherwise processed) the request. */
    APPROVAL,
    /** The gateway is to blame: a decline not caused by the card, or a technical failure. */
    FAILURE
  }

  /**
   * Sets up the gateway's counters and latencies before its first payment, so observing and routing
   * never take the path that creates them: a client's first payments then run the same compiled
   * code as all the others. Gateways not registered get theirs on first use.
   */
  public void register(String gatewayId) {
    gateways.computeIfAbsent(gatewayId, k -> new Counters());
    latencies.computeIfAbsent(gatewayId, k -> new Latencies());
  }

  /** Records one observation for the gateway and segment. */
  public void record(String gatewayId, String currency, CardBrand brand, Observation o) {
    long now = clock.millis();
    // computeIfAbsent reads a present key without locking (JDK 9+), as a get would.
    Counters c = gateways.computeIfAbsent(gatewayId, k -> new Counters());
    c.segment(currency, brand).add(o, now, halfLifeMillis, keep);
    c.overall.add(o, now, halfLifeMillis, keep);
  }

  /** Records the latency of one call. */
  public void latency(String gatewayId, Duration took) {
    latencies.computeIfAbsent(gatewayId, k -> new Latencies()).add(took.toNanos());
  }

  /** Remembers an error description for health reports (the last few are kept). */
  public void error(String gatewayId, String description) {
    Deque<String> d = errors.computeIfAbsent(gatewayId, k -> new ArrayDeque<>());
    synchronized (d) {
      d.addFirst(clock.instant() + " " + description);
      while (d.size() > RECENT_ERRORS) {
        d.removeLast();
      }
    }
  }

  /** The stats for one segment. */
  public SegmentStats segment(String gatewayId, String currency, CardBrand brand) {
    Counters c = gateways.get(gatewayId);
    return snapshot(c == null ? null : c.existingSegment(currency, brand), gatewayId);
  }

  /** The stats for a gateway across segments. */
  public SegmentStats overall(String gatewayId) {
    Counters c = gateways.get(gatewayId);
    return snapshot(c == null ? null : c.overall, gatewayId);
  }

  /**
   * The stats for one segment and for the gateway across segments, sharing one read of the
   * latencies (routing reads both for every candidate of every payment).
   */
  public SegmentStats[] segmentAndOverall(String gatewayId, String currency, CardBrand brand) {
    Counters c = gateways.get(gatewayId);
    Duration[] p = percentiles(gatewayId);
    long now = clock.millis();
    return new SegmentStats[] {
      snapshot(c == null ? null : c.existingSegment(currency, brand), p, now),
      snapshot(c == null ? null : c.overall, p, now)
    };
  }

  /** Latency percentiles (50, 95, 99) of recent calls, or zeros. */
  public Duration[] percentiles(String gatewayId) {
    Latencies l = latencies.get(gatewayId);
    return l == null
        ? new Duration[] {Duration.ZERO, Duration.ZERO, Duration.ZERO}
        : l.percentiles();
  }

  /** The most recent errors, newest first. */
  public List<String> recentErrors(String gatewayId) {
    Deque<String> d = errors.get(gatewayId);
    if (d == null) {
      return List.of();
    }
    synchronized (d) {
      return new ArrayList<>(d);
    }
  }

  private SegmentStats snapshot(Counter c, String gatewayId) {
    return snapshot(c, percentiles(gatewayId), clock.millis());
  }

  private SegmentStats snapshot(Counter c, Duration[] p, long now) {
    if (c == null) {
      return new SegmentStats(0, 0, p[0], p[1]);
    }
    double[] v = c.read(now, halfLifeMillis);
    return new SegmentStats(v[0], v[1], p[0], p[1]);
  }

  /** One gateway's counters: overall, and per currency an array indexed by card brand. */
  private static final class Counters {
    private static final int BRANDS = CardBrand.values().length;
    final Counter overall = new Counter();
    private final ConcurrentHashMap<String, Counter[]> byCurrency = new ConcurrentHashMap<>();

    Counter segment(String currency, CardBrand brand) {
      return byCurrency.computeIfAbsent(currency, k -> newBrandCounters())[brand.ordinal()];
    }

    Counter existingSegment(String currency, CardBrand brand) {
      Counter[] brands = byCurrency.get(currency);
      return brands == null ? null : brands[brand.ordinal()];
    }

    private static Counter[] newBrandCounters() {
      Counter[] brands = new Counter[BRANDS];
      for (int i = 0; i < BRANDS; i++) {
        brands[i] = new Counter();
      }
      return brands;
    }
  }

  /**
   * Exponentially decayed approval and failure counts, as an immutable state swapped by
   * compare-and-set: an observation is one CAS, and a read takes no lock and writes nothing, so
   * routing on many threads at once never queues on (or bounces the cache line of) a counter.
   */
  private static final class Counter {
    private final AtomicReference<Decayed> state = new AtomicReference<>(Decayed.EMPTY);

    void add(Observation o, long now, double halfLife, double keep) {
      Decayed cur;
      Decayed next;
      do {
        cur = state.get();
        next = cur.plus(o, now, halfLife, keep);
      } while (!state.compareAndSet(cur, next));
    }

    double[] read(long now, double halfLife) {
      Decayed d = state.get().at(now, halfLife);
      return new double[] {d.approvals, d.failures};
    }
  }

  /** Counts as of {@code last} (clock milliseconds; 0 before the first observation). */
  private record Decayed(double approvals, double failures, long last) {
    static final Decayed EMPTY = new Decayed(0, 0, 0);

    /** The counts decayed to {@code now} by time (never moving backwards). */
    Decayed at(long now, double halfLife) {
      if (last != 0 && now > last && halfLife > 0) {
        double f = Math.pow(0.5, (now - last) / halfLife);
        return new Decayed(approvals * f, failures * f, now);
      }
      return now > last ? new Decayed(approvals, failures, now) : this;
    }

    /** One more observation at {@code now}, discounting the earlier ones by {@code keep}. */
    Decayed plus(Observation o, long now, double halfLife, double keep) {
      Decayed d = at(now, halfLife);
      double a = d.approvals * keep;
      double f = d.failures * keep;
      if (o == Observation.APPROVAL) {
        a += 1;
      } else {
        f += 1;
      }
      return new Decayed(a, f, d.last);
    }
  }

  /**
   * A ring of recent latencies with cached percentiles, sorted again after 32 new calls if a tenth
   * of a second has passed, and after a whole window's worth of new calls in any case: fresh enough
   * to eliminate a slow gateway, without sorting the window every few payments under load.
   *
   * <p>Recording is one atomic increment and one array write; a read returns the cached
   * percentiles, and only the thread that wins a flag sorts a fresh copy, so neither queues on a
   * lock. A copy taken while another thread writes may mix in that newest call or miss it, which is
   * as fresh as a latency figure can be.
   */
  private static final class Latencies {
    private static final long RECOMPUTE_AFTER_NANOS = 100_000_000L;
    private final AtomicLongArray ring = new AtomicLongArray(LATENCY_WINDOW);
    private final AtomicLong added = new AtomicLong();
    private final AtomicBoolean computing = new AtomicBoolean();
    private volatile Computed computed = new Computed(0, System.nanoTime(), ZEROS);

    void add(long nanos) {
      long n = added.getAndIncrement();
      ring.set((int) (n % LATENCY_WINDOW), nanos);
    }

    Duration[] percentiles() {
      Computed c = computed;
      long n = added.get();
      long since = n - c.added;
      boolean due =
          n > 0
              && (c.added == 0
                  || since >= LATENCY_WINDOW
                  || (since >= 32 && System.nanoTime() - c.at >= RECOMPUTE_AFTER_NANOS));
      if (!due || !computing.compareAndSet(false, true)) {
        return c.percentiles;
      }
      try {
        int count = (int) Math.min(n, LATENCY_WINDOW);
        long[] copy = new long[count];
        for (int i = 0; i < count; i++) {
          copy[i] = ring.get(i);
        }
        Arrays.sort(copy);
        Duration[] p = {
          Duration.ofNanos(copy[(int) Math.min(count - 1, Math.floor(count * 0.50))]),
          Duration.ofNanos(copy[(int) Math.min(count - 1, Math.floor(count * 0.95))]),
          Duration.ofNanos(copy[(int) Math.min(count - 1, Math.floor(count * 0.99))])
        };
        computed = new Computed(n, System.nanoTime(), p);
        return p;
      } finally {
        computing.set(false);
      }
    }

    private static final Duration[] ZEROS = {Duration.ZERO, Duration.ZERO, Duration.ZERO};

    /** Percentiles as of {@code added} calls, sorted at {@code at} ({@link System#nanoTime()}). */
    private record Computed(long added, long at, Duration[] percentiles) {}
  }
}
