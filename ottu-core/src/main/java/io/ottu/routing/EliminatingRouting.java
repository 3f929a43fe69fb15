package io.ottu.routing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops a gateway whose approval rate falls below a threshold, or whose 95th-percentile latency
 * rises above one, once it has enough observations; it comes back after a cool-down, and is then
 * given one cool-down period on probation before it can be dropped again, so it can earn new
 * statistics. Elimination never leaves a payment without a gateway: if every candidate would be
 * dropped, none is.
 *
 * <p>Thread-safe; the elimination times are the only state, kept per strategy instance (each {@code
 * with...} copy starts afresh).
 */
public final class EliminatingRouting implements RoutingStrategy {
  private final RoutingStrategy inner;
  private final double minApprovalRate;
  private final Duration maxLatencyP95;
  private final double minSamples;
  private final Duration coolDown;
  private final String name;
  private final ConcurrentHashMap<String, Instant> eliminatedAt = new ConcurrentHashMap<>();

  private EliminatingRouting(
      RoutingStrategy inner,
      double minApprovalRate,
      Duration maxLatencyP95,
      double minSamples,
      Duration coolDown,
      String name) {
    this.inner = inner;
    this.minApprovalRate = minApprovalRate;
    this.maxLatencyP95 = maxLatencyP95;
    this.minSamples = minSamples;
    this.coolDown = coolDown;
    this.name = name;
  }

  static EliminatingRouting wrapping(RoutingStrategy inner) {
    return new EliminatingRouting(
        Objects.requireNonNull(inner, "inner"),
        0.30,
        Duration.ofSeconds(20),
        20,
        Duration.ofMinutes(5),
        null);
  }

  /** Drop a gateway whose approval rate is below {@code rate}. Default 0.30. */
  public EliminatingRouting withMinApprovalRate(double rate) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("minApprovalRate must be within 0 and 1, was " + rate);
    }
    return new EliminatingRouting(inner, rate, maxLatencyP95, minSamples, coolDown, name);
  }

  /** Drop a gateway whose p95 latency exceeds {@code latency}. Default 20 s. */
  public EliminatingRouting withMaxLatency(Duration latency) {
    Objects.requireNonNull(latency, "latency");
    return new EliminatingRouting(inner, minApprovalRate, latency, minSamples, coolDown, name);
  }

  /** Judge a gateway only once it has this many (decayed) observations. Default 20. */
  public EliminatingRouting withMinSamples(double samples) {
    return new EliminatingRouting(inner, minApprovalRate, maxLatencyP95, samples, coolDown, name);
  }

  /** How long a dropped gateway stays out. Default 5 minutes. */
  public EliminatingRouting withCoolDown(Duration coolDown) {
    Objects.requireNonNull(coolDown, "coolDown");
    if (coolDown.isNegative()) {
      throw new IllegalArgumentException("coolDown must not be negative");
    }
    return new EliminatingRouting(
        inner, minApprovalRate, maxLatencyP95, minSamples, coolDown, name);
  }

  EliminatingRouting named(String name) {
    return new EliminatingRouting(
        inner, minApprovalRate, maxLatencyP95, minSamples, coolDown, name);
  }

  @Override
  public RoutingDecision route(RoutingContext context) {
    Instant now = context.now();
    List<GatewayView> all = context.gateways();
    List<GatewayView> kept = null;
    List<RoutingDecision.Skip> dropped = null;
    for (int i = 0; i < all.size(); i++) {
      GatewayView g = all.get(i);
      String why = verdict(g, now);
      if (why == null) {
        if (kept != null) {
          kept.add(g);
        }
      } else {
        if (dropped == null) {
          // The first gateway dropped: the ones before it were kept.
          kept = new ArrayList<>(all.subList(0, i));
          dropped = new ArrayList<>();
        }
        dropped.add(new RoutingDecision.Skip(g.id(), why));
      }
    }
    if (dropped == null || kept.isEmpty()) {
      // Nothing dropped (the common case), or everything: the inner strategy sees them all.
      return rename(inner.route(context));
    }
    RoutingDecision d = inner.route(context.withGateways(kept));
    return rename(d).withSkipped(dropped);
  }

  private RoutingDecision rename(RoutingDecision d) {
    return name == null ? d : new RoutingDecision(name, d.chosen(), d.skipped());
  }

  /** Why the gateway is out, or null if it may be tried. */
  private String verdict(GatewayView g, Instant now) {
    Instant since = eliminatedAt.get(g.id());
    if (since != null) {
      Instant back = since.plus(coolDown);
      if (now.isBefore(back)) {
        return "eliminated until " + back;
      }
      if (now.isBefore(back.plus(coolDown))) {
        return null; // on probation
      }
      eliminatedAt.remove(g.id(), since);
    }
    SegmentStats s = g.stats();
    if (s.samples() < minSamples) {
      return null;
    }
    double rate = s.approvalRate(0, 0);
    String why = null;
    if (rate < minApprovalRate) {
      why = String.format(Locale.ROOT, "approval %.3f below %.3f", rate, minApprovalRate);
    } else if (s.latencyP95().compareTo(maxLatencyP95) > 0) {
      why =
          "p95 latency "
              + s.latencyP95().toMillis()
              + " ms above "
              + maxLatencyP95.toMillis()
              + " ms";
    }
    if (why != null) {
      eliminatedAt.putIfAbsent(g.id(), now);
    }
    return why;
  }
}
