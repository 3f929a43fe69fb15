package io.ottu.routing;

import java.time.Duration;

/**
 * What the engine has observed of one gateway for one segment (currency and card brand): time
 * decayed counts of approvals and of failures the gateway is to blame for, and recent latency.
 * Declines caused by the card itself (insufficient funds, expired, stolen...) count for nothing:
 * they would have been declined anywhere. Immutable snapshot.
 *
 * @param approvals decayed count of approvals
 * @param failures decayed count of gateway-attributable declines and technical failures
 * @param latencyP50 median latency of recent calls, or {@link Duration#ZERO} when unknown
 * @param latencyP95 95th percentile latency of recent calls, or zero
 */
public record SegmentStats(
    double approvals, double failures, Duration latencyP50, Duration latencyP95) {

  /** Stats with no observations. */
  public static final SegmentStats EMPTY = new SegmentStats(0, 0, Duration.ZERO, Duration.ZERO);

  /** The decayed number of observations. */
  public double samples() {
    return approvals + failures;
  }

  /**
   * The approval rate, smoothed towards {@code prior} with the weight of {@code priorWeight}
   * observations (a Beta prior), so that a gateway with few observations is neither written off nor
   * crowned after a handful of payments.
   */
  public double approvalRate(double prior, double priorWeight) {
    return (approvals + prior * priorWeight) / (samples() + priorWeight);
  }
}
