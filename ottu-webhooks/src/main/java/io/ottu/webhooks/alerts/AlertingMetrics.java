package io.ottu.webhooks.alerts;

import io.ottu.Attempt;
import io.ottu.PaymentStatus;
import io.ottu.gateway.GatewayOperation;
import io.ottu.metrics.PaymentMetrics;
import io.ottu.routing.CircuitState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PaymentMetrics} that raise alerts, passing every measurement on to another {@code
 * PaymentMetrics} (Micrometer's, say) unchanged:
 *
 * <ul>
 *   <li>{@link Alert.Type#CIRCUIT_OPENED} (critical) when a gateway's circuit breaker opens, and
 *       {@link Alert.Type#CIRCUIT_CLOSED} (info) when it closes again;
 *   <li>{@link Alert.Type#SUCCESS_RATE_DROPPED} (warning) when, over the sliding {@link
 *       Builder#window}, at least {@link Builder#minimumCalls} calls to a gateway were made and
 *       fewer than {@link Builder#threshold} of them succeeded; {@link
 *       Alert.Type#SUCCESS_RATE_RECOVERED} once the rate is back above the threshold plus {@link
 *       Builder#recoveryMargin}. One alert per crossing, not one per call.
 * </ul>
 *
 * <p>A call counts as a success when the gateway answered about the payment (approved, pending,
 * action required, and declined unless {@link Builder#countDeclinesAsFailures}) and as a failure
 * when it did not (not sent, unavailable, unknown outcome, rejected, integrity failure). Lookups
 * that found nothing are not counted.
 *
 * <pre>{@code
 * PaymentClient.builder()
 *     .metrics(AlertingMetrics.builder()
 *         .delegate(new MicrometerPaymentMetrics(registry))
 *         .sink(SlackAlertSink.builder().url(slackUrl).build())
 *         .build())
 * }</pre>
 *
 * <p>Thread-safe; never blocks beyond the sink's {@code send} (the built-in sinks do not block).
 */
public final class AlertingMetrics implements PaymentMetrics {
  private static final Logger log = LoggerFactory.getLogger(AlertingMetrics.class);
  private static final int BUCKETS = 10;

  private final PaymentMetrics delegate;
  private final AlertSink sink;
  private final Clock clock;
  private final double threshold;
  private final double recoveryMargin;
  private final Duration window;
  private final int minimumCalls;
  private final boolean declinesFail;
  private final Map<String, CircuitState> circuits = new ConcurrentHashMap<>();
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  private AlertingMetrics(Builder b) {
    if (b.sink == null) {
      throw new IllegalArgumentException("sink: is required");
    }
    this.delegate = b.delegate;
    this.sink = b.sink;
    this.clock = b.clock;
    this.threshold = b.threshold;
    this.recoveryMargin = b.recoveryMargin;
    this.window = b.window;
    this.minimumCalls = b.minimumCalls;
    this.declinesFail = b.declinesFail;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void paymentOperation(
      String operation, PaymentStatus status, String currency, Duration took) {
    delegate.paymentOperation(operation, status, currency, took);
  }

  @Override
  public void gatewayCall(
      String gatewayId, GatewayOperation operation, Attempt.Outcome outcome, Duration took) {
    delegate.gatewayCall(gatewayId, operation, outcome, took);
    Boolean success = classify(outcome);
    if (success == null) {
      return;
    }
    Instant now = clock.instant();
    Window w = windows.computeIfAbsent(gatewayId, k -> new Window());
    Alert alert;
    synchronized (w) {
      w.record(now, success);
      alert = w.evaluate(gatewayId, now);
    }
    if (alert != null) {
      AlertSink.sendQuietly(sink, alert);
    }
  }

  private Boolean classify(Attempt.Outcome outcome) {
    return switch (outcome) {
      case APPROVED, ACTION_REQUIRED, PENDING -> Boolean.TRUE;
      case DECLINED -> declinesFail ? Boolean.FALSE : Boolean.TRUE;
      case NOT_SENT, UNAVAILABLE, UNKNOWN_OUTCOME, REJECTED, INTEGRITY_FAILURE -> Boolean.FALSE;
      case NOT_FOUND -> null;
    };
  }

  @Override
  public void circuitState(String gatewayId, CircuitState state) {
    delegate.circuitState(gatewayId, state);
    CircuitState before = circuits.put(gatewayId, state);
    Instant now = clock.instant();
    if (state == CircuitState.OPEN && before != CircuitState.OPEN) {
      log.warn("circuit of gateway {} opened", gatewayId);
      AlertSink.sendQuietly(
          sink,
          Alert.of(
              Alert.Type.CIRCUIT_OPENED,
              Alert.Severity.CRITICAL,
              gatewayId,
              "the circuit breaker of gateway "
                  + gatewayId
                  + " opened: calls to it are refused until it recovers",
              now,
              Map.of("gateway", gatewayId, "state", state.name())));
    } else if (state == CircuitState.CLOSED
        && (before == CircuitState.OPEN || before == CircuitState.HALF_OPEN)) {
      AlertSink.sendQuietly(
          sink,
          Alert.of(
              Alert.Type.CIRCUIT_CLOSED,
              Alert.Severity.INFO,
              gatewayId,
              "the circuit breaker of gateway " + gatewayId + " closed again",
              now,
              Map.of("gateway", gatewayId, "state", state.name())));
    }
  }

  @Override
  public void listenerFailure() {
    delegate.listenerFailure();
  }

  @Override
  public String toString() {
    return "AlertingMetrics[threshold=" + threshold + ", window=" + window + ", sink=" + sink + "]";
  }

  /** Counts per time slice over the window; guarded by its own monitor. */
  private final class Window {
    private final long[] slice = new long[BUCKETS];
    private final int[] ok = new int[BUCKETS];
    private final int[] all = new int[BUCKETS];
    private boolean alerting;

    void record(Instant now, boolean success) {
      long s = sliceOf(now);
      int i = (int) Math.floorMod(s, (long) BUCKETS);
      if (slice[i] != s) {
        slice[i] = s;
        ok[i] = 0;
        all[i] = 0;
      }
      all[i]++;
      if (success) {
        ok[i]++;
      }
    }

    Alert evaluate(String gatewayId, Instant now) {
      long current = sliceOf(now);
      int calls = 0;
      int successes = 0;
      for (int i = 0; i < BUCKETS; i++) {
        if (current - slice[i] < BUCKETS) {
          calls += all[i];
          successes += ok[i];
        }
      }
      if (calls < minimumCalls) {
        return null;
      }
      double rate = (double) successes / calls;
      Map<String, String> attrs = new LinkedHashMap<>();
      attrs.put("gateway", gatewayId);
      attrs.put("success_rate", String.format(Locale.ROOT, "%.3f", rate));
      attrs.put("threshold", String.format(Locale.ROOT, "%.3f", threshold));
      attrs.put("calls", Integer.toString(calls));
      attrs.put("window", window.toString());
      if (!alerting && rate < threshold) {
        alerting = true;
        log.warn("success rate of gateway {} dropped to {}", gatewayId, attrs.get("success_rate"));
        return Alert.of(
            Alert.Type.SUCCESS_RATE_DROPPED,
            Alert.Severity.WARNING,
            gatewayId,
            String.format(
                Locale.ROOT,
                "the success rate of gateway %s fell to %.1f%% over %d calls (threshold %.1f%%)",
                gatewayId,
                rate * 100,
                calls,
                threshold * 100),
            now,
            attrs);
      }
      if (alerting && rate >= threshold + recoveryMargin) {
        alerting = false;
        return Alert.of(
            Alert.Type.SUCCESS_RATE_RECOVERED,
            Alert.Severity.INFO,
            gatewayId,
            String.format(
                Locale.ROOT,
                "the success rate of gateway %s is back at %.1f%%",
                gatewayId,
                rate * 100),
            now,
            attrs);
      }
      return null;
    }

    private long sliceOf(Instant now) {
      long sliceMillis = Math.max(1, window.toMillis() / BUCKETS);
      return Math.floorDiv(now.toEpochMilli(), sliceMillis);
    }
  }

  /** Builds {@link AlertingMetrics}. Not thread-safe. */
  public static final class Builder {
    private PaymentMetrics delegate = PaymentMetrics.NONE;
    private AlertSink sink;
    private Clock clock = Clock.systemUTC();
    private double threshold = 0.8;
    private double recoveryMargin = 0.05;
    private Duration window = Duration.ofMinutes(5);
    private int minimumCalls = 20;
    private boolean declinesFail;

    private Builder() {}

    /** Where every measurement is passed on (default {@link PaymentMetrics#NONE}). */
    public Builder delegate(PaymentMetrics delegate) {
      this.delegate = Objects.requireNonNull(delegate, "delegate");
      return this;
    }

    /** Where alerts go. Required. */
    public Builder sink(AlertSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** The clock for the window. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The success rate below which to alert (default 0.8).
     *
     * @throws IllegalArgumentException unless between 0 and 1
     */
    public Builder threshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold: must be above 0 and at most 1");
      }
      this.threshold = threshold;
      return this;
    }

    /**
     * How far above the threshold the rate must climb to count as recovered (default 0.05), so a
     * rate hovering at the threshold does not alert on every call.
     *
     * @throws IllegalArgumentException unless 0 to 0.5
     */
    public Builder recoveryMargin(double margin) {
      if (!(margin >= 0 && margin <= 0.5)) {
        throw new IllegalArgumentException("recoveryMargin: must be 0 to 0.5");
      }
      this.recoveryMargin = margin;
      return this;
    }

    /**
     * The sliding window (default 5 minutes), kept in ten slices.
     *
     * @throws IllegalArgumentException unless at least one second
     */
    public Builder window(Duration window) {
      Objects.requireNonNull(window, "window");
      if (window.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("window: must be at least 1 second");
      }
      this.window = window;
      return this;
    }

    /**
     * The fewest calls in the window before the rate is judged (default 20).
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder minimumCalls(int minimumCalls) {
      if (minimumCalls < 1) {
        throw new IllegalArgumentException("minimumCalls: must be positive");
      }
      this.minimumCalls = minimumCalls;
      return this;
    }

    /** Counts declines as failures too (default: a decline is an answer, so a success). */
    public Builder countDeclinesAsFailures(boolean declinesFail) {
      this.declinesFail = declinesFail;
      return this;
    }

    /**
     * Builds it.
     *
     * @throws IllegalArgumentException if no sink was given
     */
    public AlertingMetrics build() {
      return new AlertingMetrics(this);
    }
  }
}
