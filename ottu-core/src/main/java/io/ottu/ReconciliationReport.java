package io.ottu;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one reconciler run did. Immutable.
 *
 * @param examined payments looked at (due by their back-off schedule)
 * @param settled payments whose status or open operations the gateways settled
 * @param stillOpen payments still unknown, pending or with open operations
 * @param deferred payments not yet due by their back-off schedule
 * @param failures payments whose check threw, with the reason
 * @param statusesAfter the examined payments' statuses after the run
 * @param took how long the run took
 */
public record ReconciliationReport(
    int examined,
    int settled,
    int stillOpen,
    int deferred,
    Map<String, String> failures,
    Map<PaymentStatus, Integer> statusesAfter,
    Duration took) {

  /** Copies. */
  public ReconciliationReport {
    failures = Map.copyOf(failures);
    statusesAfter = Map.copyOf(statusesAfter);
  }

  /** The ids of the payments whose checks threw. */
  public List<String> failedPaymentIds() {
    return List.copyOf(failures.keySet());
  }
}
