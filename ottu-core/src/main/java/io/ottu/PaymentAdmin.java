package io.ottu;

import io.ottu.audit.AuditEvent;
import io.ottu.audit.AuditLog;
import io.ottu.internal.GatewayExecutor;
import io.ottu.internal.GatewayStatistics;
import io.ottu.internal.PaymentEngine;
import io.ottu.routing.RoutingStrategy;
import io.ottu.routing.SegmentStats;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operating a running client: gateway health, taking a gateway out of routing and back, swapping
 * the routing strategy, forcing a circuit open or closed, and running the reconciler. Every change
 * is delivered to the {@link AdminListener}s and appended to the audit log, when configured. Obtain
 * it from {@link PaymentClient#admin()}. Thread-safe; changes take effect for payments routed after
 * them.
 */
public final class PaymentAdmin {
  private static final Logger log = LoggerFactory.getLogger(PaymentAdmin.class);

  private final PaymentEngine engine;
  private final Reconciler reconciler;
  private final List<AdminListener> listeners;
  private final AuditLog audit;
  private final Clock clock;

  PaymentAdmin(
      PaymentEngine engine,
      Reconciler reconciler,
      List<AdminListener> listeners,
      AuditLog audit,
      Clock clock) {
    this.engine = engine;
    this.reconciler = reconciler;
    this.listeners = List.copyOf(listeners);
    this.audit = audit;
    this.clock = clock;
  }

  /** The health of every gateway, in configuration order. */
  public List<GatewayHealth> health() {
    List<GatewayHealth> out = new ArrayList<>();
    for (String id : engine.executors().keySet().stream().sorted().toList()) {
      out.add(health(id));
    }
    return out;
  }

  /**
   * The health of one gateway.
   *
   * @throws InvalidRequestException if no gateway has the id
   */
  public GatewayHealth health(String gatewayId) {
    GatewayExecutor ex = engine.requireGateway(gatewayId);
    GatewayStatistics stats = engine.statistics();
    SegmentStats s = stats.overall(gatewayId);
    Duration[] p = stats.percentiles(gatewayId);
    double rate = s.samples() == 0 ? Double.NaN : s.approvals() / s.samples();
    return new GatewayHealth(
        gatewayId,
        engine.isEnabled(gatewayId),
        ex.circuit(),
        rate,
        s.samples(),
        p[0],
        p[1],
        p[2],
        stats.recentErrors(gatewayId));
  }

  /** Takes a gateway out of routing; payments pinned to it still go to it. */
  public void disable(String gatewayId) {
    if (engine.setEnabled(gatewayId, false)) {
      publish(AdminEvent.Type.GATEWAY_DISABLED, gatewayId, "taken out of routing");
    }
  }

  /** Puts a disabled gateway back into routing. */
  public void enable(String gatewayId) {
    if (engine.setEnabled(gatewayId, true)) {
      publish(AdminEvent.Type.GATEWAY_ENABLED, gatewayId, "back in routing");
    }
  }

  /** The routing strategy in use. */
  public RoutingStrategy routing() {
    return engine.routing();
  }

  /** Replaces the routing strategy atomically; payments already routed keep their decision. */
  public void routing(RoutingStrategy strategy) {
    RoutingStrategy old = engine.swapRouting(Objects.requireNonNull(strategy, "strategy"));
    publish(AdminEvent.Type.ROUTING_CHANGED, null, old + " replaced by " + strategy);
  }

  /** Forces a gateway's circuit open: calls are refused unsent until it closes or half-opens. */
  public void openCircuit(String gatewayId) {
    engine.requireGateway(gatewayId).openCircuit();
    publish(AdminEvent.Type.CIRCUIT_OPENED, gatewayId, "forced open");
  }

  /** Forces a gateway's circuit closed. */
  public void closeCircuit(String gatewayId) {
    engine.requireGateway(gatewayId).closeCircuit();
    publish(AdminEvent.Type.CIRCUIT_CLOSED, gatewayId, "forced closed");
  }

  /** Runs the reconciler now. */
  public ReconciliationReport reconcile() {
    ReconciliationReport r = reconciler.run();
    publish(
        AdminEvent.Type.RECONCILIATION_RUN,
        null,
        r.examined() + " examined, " + r.settled() + " settled, " + r.stillOpen() + " still open");
    return r;
  }

  private void publish(AdminEvent.Type type, String gatewayId, String detail) {
    AdminEvent e = new AdminEvent(type, gatewayId, detail, clock.instant());
    if (audit != null) {
      audit.append(
          new AuditEvent(
              e.at(),
              "admin",
              "admin." + type.name().toLowerCase(java.util.Locale.ROOT),
              gatewayId == null ? "client" : "gateway:" + gatewayId,
              detail));
    }
    for (AdminListener l : listeners) {
      try {
        l.onAdminEvent(e);
      } catch (RuntimeException ex) {
        log.warn("admin listener {} failed on {}", l.getClass().getName(), type, ex);
      }
    }
  }
}
