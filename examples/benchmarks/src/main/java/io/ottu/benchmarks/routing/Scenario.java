package io.ottu.benchmarks.routing;

import io.ottu.CardBrand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The world of the routing-quality simulation: three gateways whose true approval rates differ by
 * segment (currency × card brand) and drift half-way, and a fixed, seeded sequence of payments.
 *
 * <p>Every payment {@code i} has a segment, drawn by traffic share, and two uniform numbers in [0,
 * 1): {@code cardDraw(i)} below {@link #cardDeclineShare()} means the card itself is declined
 * (insufficient funds) on every gateway; otherwise the gateway approves when {@code
 * approvalDraw(i)} is below its current true rate for the segment. The draws are the same whichever
 * gateway the payment goes to (common random numbers), so the strategies are compared on exactly
 * the same payments and luck, and the oracle, which sends each payment to the gateway with the
 * highest true rate, approves every payment any gateway would have approved.
 *
 * <p>Everything is a pure function of the seed. Immutable and thread-safe.
 */
public final class Scenario {
  /** The gateway ids, in configuration order. */
  public static final List<String> GATEWAYS = List.of("a", "b", "c");

  /**
   * One segment and its gateways' true approval rates before and after the drift, in the order of
   * {@link #GATEWAYS}. The rates are of payments whose card is fine: card declines come on top.
   *
   * @param currency the ISO 4217 code
   * @param brand the card brand
   * @param share the segment's share of the traffic
   * @param before the rates before the drift
   * @param after the rates after the drift
   */
  public record Segment(
      String currency, CardBrand brand, double share, double[] before, double[] after) {
    /** Validates and copies. */
    public Segment {
      Objects.requireNonNull(currency, "currency");
      Objects.requireNonNull(brand, "brand");
      if (before.length != GATEWAYS.size() || after.length != GATEWAYS.size()) {
        throw new IllegalArgumentException("one rate per gateway, before and after");
      }
      before = before.clone();
      after = after.clone();
    }

    /** The segment's name, such as {@code USD-VISA}. */
    public String name() {
      return currency + "-" + brand;
    }

    /** The true rate of gateway {@code g} (an index into {@link #GATEWAYS}). */
    public double rate(int g, boolean drifted) {
      return drifted ? after[g] : before[g];
    }

    /** The highest true rate of any gateway. */
    public double best(boolean drifted) {
      double best = 0;
      for (int g = 0; g < GATEWAYS.size(); g++) {
        best = Math.max(best, rate(g, drifted));
      }
      return best;
    }
  }

  private final long seed;
  private final int payments;
  private final Duration interval;
  private final Instant start;
  private final double cardDeclineShare;
  private final List<Segment> segments;
  private final int[] segmentOf;
  private final double[] approvalDraw;
  private final double[] cardDraw;

  private Scenario(
      long seed,
      int payments,
      Duration interval,
      Instant start,
      double cardDeclineShare,
      List<Segment> segments) {
    if (payments < 2) {
      throw new IllegalArgumentException("payments must be at least 2, was " + payments);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    this.seed = seed;
    this.payments = payments;
    this.interval = interval;
    this.start = start;
    this.cardDeclineShare = cardDeclineShare;
    this.segments = List.copyOf(segments);
    double[] cumulative = new double[segments.size()];
    double total = 0;
    for (int s = 0; s < segments.size(); s++) {
      total += segments.get(s).share();
      cumulative[s] = total;
    }
    this.segmentOf = new int[payments];
    this.approvalDraw = new double[payments];
    this.cardDraw = new double[payments];
    for (int i = 0; i < payments; i++) {
      double pick = unit(seed, i, 1) * total;
      int s = 0;
      while (s < cumulative.length - 1 && pick >= cumulative[s]) {
        s++;
      }
      segmentOf[i] = s;
      approvalDraw[i] = unit(seed, i, 2);
      cardDraw[i] = unit(seed, i, 3);
    }
  }

  /**
   * The standard scenario of issue 3: six segments, three gateways, 5% of cards declined for
   * insufficient funds everywhere, and at half-way the best gateway of three segments degrades
   * (sharply on KWD-MASTERCARD, an outage-like 0.20) while another improves in two of them.
   *
   * <pre>
   * segment          share   a (before → after)   b              c
   * USD-VISA          30%    0.95 → 0.62           0.88           0.80
   * USD-MASTERCARD    20%    0.90                  0.85           0.82 → 0.94
   * KWD-VISA          15%    0.80                  0.92           0.75
   * KWD-MASTERCARD    15%    0.78                  0.93 → 0.20    0.85
   * EUR-VISA          10%    0.88                  0.80           0.91
   * EUR-MASTERCARD    10%    0.86                  0.89 → 0.72    0.84 → 0.90
   * </pre>
   *
   * @param seed the seed of every draw
   * @param payments how many payments
   * @param interval the virtual time between two payments
   */
  public static Scenario standard(long seed, int payments, Duration interval) {
    List<Segment> s = new ArrayList<>();
    s.add(segment("USD", CardBrand.VISA, 0.30, r(0.95, 0.88, 0.80), r(0.62, 0.88, 0.80)));
    s.add(segment("USD", CardBrand.MASTERCARD, 0.20, r(0.90, 0.85, 0.82), r(0.90, 0.85, 0.94)));
    s.add(segment("KWD", CardBrand.VISA, 0.15, r(0.80, 0.92, 0.75), r(0.80, 0.92, 0.75)));
    s.add(segment("KWD", CardBrand.MASTERCARD, 0.15, r(0.78, 0.93, 0.85), r(0.78, 0.20, 0.85)));
    s.add(segment("EUR", CardBrand.VISA, 0.10, r(0.88, 0.80, 0.91), r(0.88, 0.80, 0.91)));
    s.add(segment("EUR", CardBrand.MASTERCARD, 0.10, r(0.86, 0.89, 0.84), r(0.86, 0.72, 0.90)));
    return new Scenario(seed, payments, interval, Instant.parse("2025-03-01T00:00:00Z"), 0.05, s);
  }

  private static Segment segment(
      String currency, CardBrand brand, double share, double[] before, double[] after) {
    return new Segment(currency, brand, share, before, after);
  }

  private static double[] r(double a, double b, double c) {
    return new double[] {a, b, c};
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /** The number of payments. */
  public int payments() {
    return payments;
  }

  /** The virtual time between two payments. */
  public Duration interval() {
    return interval;
  }

  /** The virtual time of the first payment. */
  public Instant start() {
    return start;
  }

  /** The index of the first payment after the drift. */
  public int driftAt() {
    return payments / 2;
  }

  /** The share of payments whose card is declined everywhere. */
  public double cardDeclineShare() {
    return cardDeclineShare;
  }

  /** The segments. */
  public List<Segment> segments() {
    return segments;
  }

  /** The segment of payment {@code i}. */
  public Segment segment(int i) {
    return segments.get(segmentOf[i]);
  }

  /** Whether payment {@code i} comes after the drift. */
  public boolean drifted(int i) {
    return i >= driftAt();
  }

  /** Whether the card of payment {@code i} is declined on every gateway. */
  public boolean cardDeclined(int i) {
    return cardDraw[i] < cardDeclineShare;
  }

  /** Whether gateway {@code g} (an index into {@link #GATEWAYS}) approves payment {@code i}. */
  public boolean approves(int g, int i) {
    return !cardDeclined(i) && approvalDraw[i] < segment(i).rate(g, drifted(i));
  }

  /** Whether the gateway with the best true rate for payment {@code i} approves it. */
  public boolean oracleApproves(int i) {
    return !cardDeclined(i) && approvalDraw[i] < segment(i).best(drifted(i));
  }

  /** The index of a gateway id in {@link #GATEWAYS}. */
  public static int gatewayIndex(String id) {
    int g = GATEWAYS.indexOf(id);
    if (g < 0) {
      throw new IllegalArgumentException("no gateway \"" + id + "\" in the scenario");
    }
    return g;
  }

  /** A uniform number in [0, 1) that is a pure function of the seed, the payment and a stream. */
  static double unit(long seed, long index, long stream) {
    long h = mix64(seed ^ mix64(index * 0x9E3779B97F4A7C15L + stream));
    return (h >>> 11) * 0x1.0p-53;
  }

  /** The finalizer of SplitMix64: a bijective, well-mixing 64-bit hash. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
