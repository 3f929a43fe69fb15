package io.ottu.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Ranks gateways by their observed approval rate for the payment's segment (gateway × currency ×
 * card brand), as the engine records it with time decay. Declines caused by the card itself do not
 * count against a gateway.
 *
 * <ul>
 *   <li>A Beta prior ({@link #withPrior(double, double)}) smooths the rate of gateways with few
 *       observations; below {@link #withMinSamples(double)} observations a gateway is scored by its
 *       prior alone.
 *   <li>An exploration share ({@link #withExploration(double)}) of payments goes first to a gateway
 *       drawn at random, so that statistics of gateways out of favour stay current and a recovered
 *       gateway is noticed. The draw depends on the payment id only.
 *   <li>Ties (within {@link #withTieMargin(double)}) are broken by the fee schedule, cheapest
 *       first, then by configuration order.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class SuccessRateRouting implements RoutingStrategy {
  private final double prior;
  private final double priorWeight;
  private final double minSamples;
  private final double exploration;
  private final double tieMargin;
  private final FeeSchedule fees;
  private final String name;

  private SuccessRateRouting(
      double prior,
      double priorWeight,
      double minSamples,
      double exploration,
      double tieMargin,
      FeeSchedule fees,
      String name) {
    this.prior = prior;
    this.priorWeight = priorWeight;
    this.minSamples = minSamples;
    this.exploration = exploration;
    this.tieMargin = tieMargin;
    this.fees = fees;
    this.name = name;
  }

  static SuccessRateRouting defaults() {
    return new SuccessRateRouting(0.8, 10, 0, 0.02, 0.005, FeeSchedule.none(), "successRate");
  }

  /**
   * The prior: a gateway without observations is assumed to approve {@code rate} of payments, with
   * the weight of {@code weight} observations. Defaults 0.8 and 10.
   */
  public SuccessRateRouting withPrior(double rate, double weight) {
    if (rate < 0 || rate > 1) {
      throw new IllegalArgumentException("prior rate must be within 0 and 1, was " + rate);
    }
    if (weight < 0) {
      throw new IllegalArgumentException("prior weight must not be negative, was " + weight);
    }
    return new SuccessRateRouting(rate, weight, minSamples, exploration, tieMargin, fees, name);
  }

  /**
   * Below this many (decayed) observations a segment is scored by the prior alone. Default 0: the
   * prior's weight alone smooths a segment with few observations, which the routing-quality
   * simulation ({@code examples/benchmarks}) found better than ignoring early evidence.
   */
  public SuccessRateRouting withMinSamples(double minSamples) {
    if (minSamples < 0) {
      throw new IllegalArgumentException("minSamples must not be negative, was " + minSamples);
    }
    return new SuccessRateRouting(
        prior, priorWeight, minSamples, exploration, tieMargin, fees, name);
  }

  /** The share of payments routed first to a random gateway. Default 0.02. */
  public SuccessRateRouting withExploration(double share) {
    if (share < 0 || share > 1) {
      throw new IllegalArgumentException("exploration share must be within 0 and 1, was " + share);
    }
    return new SuccessRateRouting(prior, priorWeight, minSamples, share, tieMargin, fees, name);
  }

  /** Rates closer than this count as a tie, broken by fee. Default 0.005. */
  public SuccessRateRouting withTieMargin(double margin) {
    if (margin < 0) {
      throw new IllegalArgumentException("tie margin must not be negative, was " + margin);
    }
    return new SuccessRateRouting(prior, priorWeight, minSamples, exploration, margin, fees, name);
  }

  /** The fee schedule that breaks ties. */
  public SuccessRateRouting withTieBreak(FeeSchedule fees) {
    return new SuccessRateRouting(
        prior,
        priorWeight,
        minSamples,
        exploration,
        tieMargin,
        Objects.requireNonNull(fees, "fees"),
        name);
  }

  SuccessRateRouting named(String name) {
    return new SuccessRateRouting(
        prior, priorWeight, minSamples, exploration, tieMargin, fees, name);
  }

  /** The score of a gateway: its smoothed approval rate, or the prior below the minimum samples. */
  public double approvalRate(GatewayView g) {
    SegmentStats s = g.stats();
    return s.samples() < minSamples ? prior : s.approvalRate(prior, priorWeight);
  }

  @Override
  public RoutingDecision route(RoutingContext context) {
    List<GatewayView> gateways = context.gateways();
    List<RoutingDecision.Route> chosen = new ArrayList<>(gateways.size());
    for (GatewayView g : gateways) {
      double rate = approvalRate(g);
      // Concatenation, not String.format: this runs for every gateway of every payment.
      long samples = Math.round(g.stats().samples());
      String why =
          g.stats().samples() < minSamples
              ? "prior (" + samples + " samples)"
              : samples == 0 ? "prior (no samples)" : approvalReason(samples);
      chosen.add(new RoutingDecision.Route(g.id(), rate, why));
    }
    if (chosen.size() > 1) {
      chosen.sort(
          Comparator.comparingDouble(
                  (RoutingDecision.Route r) -> -Math.floor(r.score() / Math.max(tieMargin, 1e-9)))
              .thenComparing(r -> fees.fee(r.gatewayId(), context.brand(), context.amount()))
              .thenComparingInt(r -> indexOf(gateways, r.gatewayId())));
    }
    if (exploration > 0
        && chosen.size() > 1
        && Routing.unitDraw(context.paymentId(), 1) < exploration) {
      int pick = (int) (Routing.unitDraw(context.paymentId(), 2) * chosen.size());
      RoutingDecision.Route explored = chosen.remove(pick);
      chosen.add(
          0,
          new RoutingDecision.Route(
              explored.gatewayId(), explored.score(), "exploration; " + explored.reason()));
    }
    return new RoutingDecision(name, chosen, List.of());
  }

  // Every payment's routing decision keeps its reasons; with windowed statistics the sample counts
  // repeat, so the common reasons are shared strings rather than one copy per stored payment.
  private static final AtomicReferenceArray<String> APPROVAL_REASONS =
      new AtomicReferenceArray<>(4096);

  private static String approvalReason(long samples) {
    if (samples >= APPROVAL_REASONS.length()) {
      return "approval over " + samples + " samples";
    }
    int i = (int) samples;
    String r = APPROVAL_REASONS.get(i);
    if (r == null) {
      r = "approval over " + samples + " samples";
      APPROVAL_REASONS.lazySet(i, r);
    }
    return r;
  }

  private static int indexOf(List<GatewayView> gateways, String id) {
    for (int i = 0; i < gateways.size(); i++) {
      if (gateways.get(i).id().equals(id)) {
        return i;
      }
    }
    return Integer.MAX_VALUE;
  }
}
