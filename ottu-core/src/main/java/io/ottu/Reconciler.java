package io.ottu;

import io.ottu.internal.PaymentEngine;
import io.ottu.store.PaymentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes what the engine could not settle at the time: payments whose outcome is {@link
 * PaymentStatus#UNKNOWN}, payments left {@code PENDING} or waiting for the shopper past their
 * deadline, and captures, refunds and cancellations still pending or of unknown outcome. It asks
 * each payment's gateway (lookup) and applies only what the gateway confirms; it never guesses. An
 * operation the gateway positively has no record of, older than the not-found horizon, is closed as
 * never processed.
 *
 * <p>Each payment is checked on a back-off schedule (by default after 1, 5, 15, 60 minutes, then
 * every 6 hours), so a payment that stays unknown does not hammer its gateway. Obtain it from
 * {@link PaymentClient#reconciler()}; call {@link #run()} yourself, or {@link
 * #schedule(ScheduledExecutorService, Duration)} it. Thread-safe; runs do not overlap.
 */
public final class Reconciler {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final EnumSet<PaymentStatus> OPEN =
      EnumSet.of(PaymentStatus.UNKNOWN, PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION);

  private record Schedule(int checks, Instant nextAt) {}

  private final PaymentEngine engine;
  private final PaymentStore store;
  private final Clock clock;
  private final Executor executor;
  private final List<Duration> backoff;
  private final Duration stalePendingAfter;
  private final int batchSize;
  private final ConcurrentHashMap<String, Schedule> schedules = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();

  Reconciler(
      PaymentEngine engine,
      PaymentStore store,
      Clock clock,
      Executor executor,
      List<Duration> backoff,
      Duration stalePendingAfter,
      int batchSize) {
    this.engine = engine;
    this.store = store;
    this.clock = clock;
    this.executor = executor;
    this.backoff = List.copyOf(backoff);
    this.stalePendingAfter = stalePendingAfter;
    this.batchSize = batchSize;
  }

  /**
   * Checks every open payment that is due, once, and reports what happened. If another run is in
   * progress, returns at once with an empty report.
   */
  public ReconciliationReport run() {
    if (!running.compareAndSet(false, true)) {
      return new ReconciliationReport(0, 0, 0, 0, Map.of(), Map.of(), Duration.ZERO);
    }
    long t0 = System.nanoTime();
    try {
      Map<String, Payment> work = new LinkedHashMap<>();
      for (Payment p : store.findByStatus(OPEN, batchSize)) {
        work.put(p.id(), p);
      }
      for (Payment p : store.findWithOpenTransactions(batchSize)) {
        work.putIfAbsent(p.id(), p);
      }
      int examined = 0;
      int settled = 0;
      int stillOpen = 0;
      int deferred = 0;
      Map<String, String> failures = new LinkedHashMap<>();
      Map<PaymentStatus, Integer> after = new EnumMap<>(PaymentStatus.class);
      Instant now = clock.instant();
      for (Payment p : work.values()) {
        if (!due(p, now)) {
          deferred++;
          continue;
        }
        examined++;
        try {
          Payment q = engine.settleOpen(p, true);
          after.merge(q.status(), 1, Integer::sum);
          boolean open = OPEN.contains(q.status()) || q.hasOpenTransactions();
          if (q.status() != p.status() || q.hasOpenTransactions() != p.hasOpenTransactions()) {
            settled++;
          }
          if (open) {
            stillOpen++;
            Schedule s = schedules.getOrDefault(p.id(), new Schedule(0, now));
            int checks = s.checks() + 1;
            schedules.put(
                p.id(),
                new Schedule(
                    checks, now.plus(backoff.get(Math.min(checks - 1, backoff.size() - 1)))));
          } else {
            schedules.remove(p.id());
          }
        } catch (RuntimeException e) {
          failures.put(p.id(), e.getClass().getSimpleName() + ": " + e.getMessage());
          log.warn("reconciling payment {} failed: {}", p.id(), e.toString());
        }
      }
      return new ReconciliationReport(
          examined,
          settled,
          stillOpen,
          deferred,
          failures,
          after,
          Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      running.set(false);
    }
  }

  private boolean due(Payment p, Instant now) {
    Schedule s = schedules.get(p.id());
    if (s != null) {
      return !now.isBefore(s.nextAt());
    }
    if (p.status() == PaymentStatus.UNKNOWN || hasUnknownOperation(p)) {
      return true;
    }
    if (p.status() == PaymentStatus.REQUIRES_ACTION) {
      return p.actionExpiresAt().map(t -> !now.isBefore(t)).orElse(true);
    }
    return !now.isBefore(p.updatedAt().plus(stalePendingAfter));
  }

  private static boolean hasUnknownOperation(Payment p) {
    return p.transactions().stream().anyMatch(t -> t.status() == Transaction.Status.UNKNOWN);
  }

  /**
   * Runs the reconciler every {@code every} on the host's scheduler. The scheduler only triggers
   * runs: the lookups themselves run on the client's executor, so blocking I/O never holds a timer
   * thread. Cancel the returned future to stop.
   */
  public ScheduledFuture<?> schedule(ScheduledExecutorService scheduler, Duration every) {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(every, "every");
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("every must be positive, was " + every);
    }
    return scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            executor.execute(this::runLogged);
          } catch (RuntimeException e) {
            log.warn("could not start a reconciliation run: {}", e.toString());
          }
        },
        every.toMillis(),
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void runLogged() {
    ReconciliationReport r = run();
    if (r.examined() > 0) {
      log.info(
          "reconciled {} payments: {} settled, {} still open, {} failed",
          r.examined(),
          r.settled(),
          r.stillOpen(),
          r.failures().size());
    }
  }
}
