package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.gateway.GatewayException;
import io.ottu.gateway.simulated.Fault;
import io.ottu.gateway.simulated.FaultPlan;
import io.ottu.gateway.simulated.LedgerEntry;
import io.ottu.gateway.simulated.SimulatedGateway;
import io.ottu.resilience.GatewayPolicy;
import io.ottu.store.PaymentStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Thousands of payments from 32 callers through three simulated gateways that inject every fault
 * class, then a reconciliation pass, checked against the gateways' own ledgers: no payment charged
 * twice or on two gateways, every charge belongs to exactly one payment that says so, every payment
 * settled or unknown with its reason. {@code -Dottu.chaos.payments=200000} makes it a soak.
 */
class ChaosTest {
  private static final int PAYMENTS = Integer.getInteger("ottu.chaos.payments", 20_000);
  private static final int CALLERS = 32;

  private static final EnumSet<PaymentStatus> CHARGED =
      EnumSet.of(
          PaymentStatus.AUTHORIZED,
          PaymentStatus.PARTIALLY_CAPTURED,
          PaymentStatus.CAPTURED,
          PaymentStatus.PARTIALLY_REFUNDED,
          PaymentStatus.REFUNDED,
          PaymentStatus.CANCELLED,
          PaymentStatus.DISPUTED);

  private static SimulatedGateway gateway(String id, long seed) {
    Map<Fault, Double> faults = new EnumMap<>(Fault.class);
    faults.put(Fault.NOT_SENT, 0.02);
    faults.put(Fault.UNAVAILABLE, 0.02);
    faults.put(Fault.PROCESSED_RESPONSE_LOST, 0.02);
    faults.put(Fault.LOST_BEFORE_PROCESSING, 0.02);
    faults.put(Fault.MALFORMED, 0.01);
    faults.put(Fault.AMOUNT_MISMATCH, 0.005);
    faults.put(Fault.REJECTED, 0.002);
    faults.put(Fault.SLOW, 0.002);
    return SimulatedGateway.builder(id)
        .approvalRate(0.9)
        .faults(FaultPlan.random(faults))
        .lookupFaults(FaultPlan.withProbability(Fault.UNAVAILABLE, 0.05))
        .unavailableRetryAfter(Duration.ofMillis(2))
        .slowResponseDelay(Duration.ofMillis(300))
        .seed(seed)
        .build();
  }

  @Test
  void noDoubleChargeNothingLost() throws Exception {
    List<SimulatedGateway> gateways =
        List.of(gateway("sim-a", 11), gateway("sim-b", 22), gateway("sim-c", 33));
    PaymentStore store = PaymentStore.inMemory();
    GatewayPolicy policy =
        GatewayPolicy.builder()
            .timeout(Duration.ofMillis(100))
            .backoff(Duration.ofMillis(1), Duration.ofMillis(4))
            .maxRetryAfter(Duration.ofMillis(10))
            // Let the faults through to the failure table instead of opening circuits.
            .circuitBreaker(1000, 1000, Duration.ofSeconds(1), 1)
            .build();
    Map<String, Integer> thrown = new ConcurrentHashMap<>();
    try (PaymentClient client =
        PaymentClient.builder()
            .gateway(gateways.get(0))
            .gateway(gateways.get(1))
            .gateway(gateways.get(2))
            .store(store)
            .defaultPolicy(policy)
            .notFoundHorizon(Duration.ZERO)
            .reconcileBackoff(Duration.ZERO)
            .build()) {
      ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < CALLERS; c++) {
        long seed = c;
        futures.add(
            callers.submit(
                () -> {
                  Random random = new Random(seed);
                  int i;
                  while ((i = next.getAndIncrement()) < PAYMENTS) {
                    try {
                      onePayment(client, i, random);
                    } catch (GatewayException | PaymentStateException e) {
                      // Follow-ups may fail or be refused under faults; the checks below judge.
                      thrown.merge(e.getClass().getSimpleName(), 1, Integer::sum);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
      callers.shutdown();

      // Reconcile until nothing more settles (lookups fail 5% of the time).
      for (int pass = 0; pass < 6; pass++) {
        ReconciliationReport r = client.reconciler().run();
        if (r.examined() == 0 || r.settled() == 0 && pass > 1) {
          break;
        }
      }
    }

    List<Payment> payments =
        store.findByStatus(EnumSet.allOf(PaymentStatus.class), Integer.MAX_VALUE);
    assertThat(payments).hasSize(PAYMENTS);
    Map<String, Payment> byId = new HashMap<>();
    payments.forEach(p -> byId.put(p.id(), p));

    // 1. No payment charged twice, or on two gateways.
    Map<String, List<LedgerEntry>> charges = new HashMap<>();
    for (SimulatedGateway g : gateways) {
      g.ledger()
          .chargesByPayment()
          .forEach((id, list) -> charges.computeIfAbsent(id, k -> new ArrayList<>()).addAll(list));
    }
    for (Map.Entry<String, List<LedgerEntry>> e : charges.entrySet()) {
      if (e.getValue().size() > 1) {
        Payment p = byId.get(e.getKey());
        StringBuilder sb = new StringBuilder("DOUBLE " + p + "\n");
        e.getValue().forEach(l -> sb.append("  ledger ").append(l).append("\n"));
        p.attempts().forEach(a -> sb.append("  attempt ").append(a).append("\n"));
        p.transactions().forEach(t -> sb.append("  tx ").append(t).append("\n"));
        System.out.println(sb);
        break;
      }
    }
    assertThat(charges.values()).allSatisfy(list -> assertThat(list).hasSize(1));

    // 2. Every charge belongs to exactly one payment that knows it holds (or held) funds there.
    Map<PaymentStatus, Integer> unknownCharged = new EnumMap<>(PaymentStatus.class);
    for (Map.Entry<String, List<LedgerEntry>> e : charges.entrySet()) {
      Payment p = byId.get(e.getKey());
      LedgerEntry charge = e.getValue().get(0);
      assertThat(p).as("payment of charge %s", charge).isNotNull();
      if (p.status() == PaymentStatus.UNKNOWN) {
        assertThat(p.failure()).as("unknown payment %s", p.id()).isPresent();
        unknownCharged.merge(p.status(), 1, Integer::sum);
        continue;
      }
      if (!CHARGED.contains(p.status())
          || (!p.hasOpenTransactions() && !p.capturedAmount().equals(charge.captured()))) {
        System.out.println(explain(p, e.getValue()));
      }
      assertThat(p.status()).as("payment %s charged on %s", p.id(), charge).isIn(CHARGED);
      assertThat(p.gatewayReference()).contains(charge.gatewayReference());
      if (!p.hasOpenTransactions()) {
        assertThat(p.capturedAmount()).as("captured of %s", p.id()).isEqualTo(charge.captured());
        assertThat(p.refundedAmount()).as("refunded of %s", p.id()).isEqualTo(charge.refunded());
      }
    }

    // 3. Every payment settled, or unknown with its reason; nothing charged is called a failure.
    Map<PaymentStatus, Integer> statuses = new EnumMap<>(PaymentStatus.class);
    for (Payment p : payments) {
      statuses.merge(p.status(), 1, Integer::sum);
      assertThat(p.status()).isNotIn(PaymentStatus.PENDING, PaymentStatus.REQUIRES_ACTION);
      if (p.status() == PaymentStatus.UNKNOWN) {
        assertThat(p.failure()).isPresent();
      }
      if (p.status() == PaymentStatus.DECLINED || p.status() == PaymentStatus.FAILED) {
        assertThat(charges)
            .as("declined or failed payment %s was charged", p.id())
            .doesNotContainKey(p.id());
      }
      for (Transaction t : p.transactions()) {
        if (t.isOpen()) {
          assertThat(t.status())
              .as("open transaction of %s", p.id())
              .isEqualTo(Transaction.Status.UNKNOWN);
          assertThat(p.failure()).isPresent();
        }
      }
    }
    System.out.printf(
        "chaos: %d payments, %d charged, statuses %s, unknown but charged %s, refused follow-ups %s%n",
        PAYMENTS, charges.size(), statuses, unknownCharged, thrown);
    assertThat(statuses.getOrDefault(PaymentStatus.CAPTURED, 0)).isGreaterThan(PAYMENTS / 3);
  }

  private static String explain(Payment p, List<LedgerEntry> ledger) {
    StringBuilder sb = new StringBuilder("PROBLEM " + p + " failure=" + p.failure() + "\n");
    ledger.forEach(
        l -> sb.append("  ledger ").append(l).append(" ops=").append(l.operations()).append("\n"));
    p.attempts().forEach(a -> sb.append("  attempt ").append(a).append("\n"));
    p.transactions().forEach(t -> sb.append("  tx ").append(t).append("\n"));
    return sb.toString();
  }

  private static void onePayment(PaymentClient client, int i, Random random) {
    String currency = i % 3 == 0 ? "KWD" : i % 3 == 1 ? "USD" : "JPY";
    Money amount =
        switch (currency) {
          case "KWD" -> Money.ofMinor(1_000 + random.nextInt(50_000) * 10L, currency);
          case "JPY" -> Money.ofMinor(100 + random.nextInt(50_000), currency);
          default -> Money.ofMinor(100 + random.nextInt(50_000), currency);
        };
    PaymentRequest request =
        PaymentRequest.builder()
            .amount(amount)
            .source(
                PaymentSource.card(
                    io.ottu.testing.TestCards.card(
                        i % 2 == 0 ? "4111111111111111" : "5200828282828210")))
            .reference("chaos-" + i)
            .idempotencyKey("chaos-" + i)
            .build();
    int kind = random.nextInt(10);
    Payment first;
    if (kind < 5) {
      Payment p = client.payments().purchase(request);
      first = p;
      if (p.status() == PaymentStatus.CAPTURED && kind == 0) {
        client
            .payments()
            .refund(
                p.id(), p.capturedAmount().allocate(1, 1).get(0).max(Money.ofMinor(1, currency)));
      }
    } else {
      Payment p = client.payments().authorize(request);
      first = p;
      if (p.status() == PaymentStatus.AUTHORIZED) {
        if (kind == 9) {
          client.payments().cancel(p.id());
        } else {
          client.payments().capture(p.id(), p.amount());
        }
      }
    }
    if (i % 97 == 0) {
      // A retrying caller sends the same request again: the same payment, never a second charge.
      Payment again =
          kind < 5 ? client.payments().purchase(request) : client.payments().authorize(request);
      if (!again.id().equals(first.id())) {
        throw new AssertionError("a replay of " + request.reference() + " made a second payment");
      }
    }
  }
}
