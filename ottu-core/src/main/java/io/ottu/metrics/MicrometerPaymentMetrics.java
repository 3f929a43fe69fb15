package io.ottu.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.ottu.Attempt;
import io.ottu.PaymentStatus;
import io.ottu.gateway.GatewayOperation;
import io.ottu.routing.CircuitState;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records the engine's measurements as Micrometer meters:
 *
 * <ul>
 *   <li>{@code ottu.payments} (timer) tagged {@code operation}, {@code status}, {@code currency};
 *   <li>{@code ottu.gateway.requests} (timer) tagged {@code gateway}, {@code operation}, {@code
 *       outcome} (approved, declined, not_sent, unavailable, unknown_outcome, ...);
 *   <li>{@code ottu.gateway.circuit} (gauge: 0 closed, 1 half open, 2 open) tagged {@code gateway};
 *   <li>{@code ottu.listener.failures} (counter).
 * </ul>
 *
 * Micrometer is an optional dependency of the core: only hosts that use this class need it on the
 * class path. Thread-safe.
 */
public final class MicrometerPaymentMetrics implements PaymentMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, AtomicInteger> circuits = new ConcurrentHashMap<>();
  private final Counter listenerFailures;

  private MicrometerPaymentMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.listenerFailures =
        Counter.builder("ottu.listener.failures")
            .description("payment listener calls that threw")
            .register(registry);
  }

  /** Metrics recorded in {@code registry}. */
  public static MicrometerPaymentMetrics of(MeterRegistry registry) {
    return new MicrometerPaymentMetrics(Objects.requireNonNull(registry, "registry"));
  }

  @Override
  public void paymentOperation(
      String operation, PaymentStatus status, String currency, Duration took) {
    Timer.builder("ottu.payments")
        .description("payment operations, by resulting status")
        .tags(Tags.of("operation", operation, "status", lower(status.name()), "currency", currency))
        .register(registry)
        .record(took);
  }

  @Override
  public void gatewayCall(
      String gatewayId, GatewayOperation operation, Attempt.Outcome outcome, Duration took) {
    Timer.builder("ottu.gateway.requests")
        .description("calls to gateways, by outcome")
        .tags(
            Tags.of(
                "gateway", gatewayId,
                "operation", lower(operation.name()),
                "outcome", lower(outcome.name())))
        .register(registry)
        .record(took);
  }

  @Override
  public void circuitState(String gatewayId, CircuitState state) {
    AtomicInteger gauge =
        circuits.computeIfAbsent(
            gatewayId,
            id ->
                registry.gauge(
                    "ottu.gateway.circuit", Tags.of("gateway", id), new AtomicInteger()));
    gauge.set(
        switch (state) {
          case CLOSED -> 0;
          case HALF_OPEN -> 1;
          case OPEN -> 2;
        });
  }

  @Override
  public void listenerFailure() {
    listenerFailures.increment();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
