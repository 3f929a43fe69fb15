package io.ottu.examples.quickstart;

import io.ottu.CardBrand;
import io.ottu.CardData;
import io.ottu.IdempotencyConflictException;
import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.PaymentClient;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import io.ottu.PaymentStatus;
import io.ottu.ThreeDSecure;
import io.ottu.event.PaymentEventType;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.simulated.Fault;
import io.ottu.gateway.simulated.FaultPlan;
import io.ottu.gateway.simulated.SimulatedGateway;
import io.ottu.gateway.simulated.TestCards;
import io.ottu.routing.RouteCondition;
import io.ottu.routing.Routing;
import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The README's demo: a few hundred payments through three simulated gateways, with no network and
 * no accounts. Authorizations, purchases, partial captures and refunds, 3-D Secure completed with
 * {@code completeAction}, declines, an injected outage that fails over, and an idempotent replay;
 * then a summary by status, by gateway and per currency, checked against the gateways' own ledgers.
 */
public final class Quickstart {
  private static final int PAYMENTS = 300;

  private Quickstart() {}

  /** Runs the demo. */
  public static void main(String[] args) {
    run(System.out, PAYMENTS, 20261126L);
  }

  /**
   * Runs {@code count} payments and prints the summary to {@code out}.
   *
   * @return the summary, for tests
   */
  static Summary run(PrintStream out, int count, long seed) {
    // A Gulf acquirer for KWD, and two international gateways. The first of these refuses one
    // connection in ten (the engine retries it) and has a short outage half-way through (the
    // engine fails over to the backup).
    SimulatedGateway gulf =
        SimulatedGateway.builder("gulf-bank")
            .capabilities(GatewayCapabilities.builder().currencies("KWD", "BHD").build())
            .approvalRate(0.92)
            .threeDSecureRate(0.15)
            .latency(Duration.ofMillis(2), Duration.ofMillis(6))
            .seed(seed)
            .build();
    SimulatedGateway global =
        SimulatedGateway.builder("global-psp")
            .capabilities(GatewayCapabilities.builder().currencies("USD", "EUR", "JPY").build())
            .approvalRate(0.88)
            .threeDSecureRate(0.10)
            .latency(Duration.ofMillis(1), Duration.ofMillis(3))
            .faults(
                FaultPlan.withProbability(Fault.NOT_SENT, 0.10)
                    .onlyFor(GatewayOperation.AUTHORIZE, GatewayOperation.PURCHASE))
            .seed(seed + 1)
            .build();
    SimulatedGateway backup =
        SimulatedGateway.builder("backup-psp")
            .approvalRate(0.85)
            .latency(Duration.ofMillis(3), Duration.ofMillis(9))
            .seed(seed + 2)
            .build();

    Map<PaymentEventType, LongAdder> events = new ConcurrentHashMap<>();
    Summary summary = new Summary();
    try (PaymentClient client =
        PaymentClient.builder()
            .gateway(gulf)
            .gateway(global)
            .gateway(backup)
            .routing(
                Routing.rules()
                    .when(RouteCondition.currency("USD", "JPY"))
                    .use("global-psp", "backup-psp")
                    .otherwise(Routing.smart()))
            .listener(e -> events.computeIfAbsent(e.type(), t -> new LongAdder()).increment())
            .build()) {
      Random random = new Random(seed);
      List<String> currencies = List.of("USD", "KWD", "JPY");
      for (int i = 1; i <= count; i++) {
        if (i == count / 2) {
          global.injectFaults(Fault.NOT_SENT, 30);
        }
        String currency = currencies.get(i % currencies.size());
        Money amount = randomAmount(random, currency);
        String number = pickCard(random);
        CardData card = CardData.builder().number(number).expiry(12, 2031).cvc("123").build();
        PaymentRequest request =
            PaymentRequest.builder()
                .amount(amount)
                .source(PaymentSource.card(card))
                .reference("order-" + i)
                .idempotencyKey("order-" + i + "-pay")
                .returnUrl("https://shop.example/return")
                .threeDSecure(i % 25 == 0 ? ThreeDSecure.REQUIRED : ThreeDSecure.AUTOMATIC)
                .build();
        boolean purchase = i % 3 == 0;
        Payment p =
            purchase ? client.payments().purchase(request) : client.payments().authorize(request);

        if (p.status() == PaymentStatus.REQUIRES_ACTION) {
          // The shopper completes 3-D Secure, except one in eight who fails the challenge.
          String result = random.nextInt(8) == 0 ? "failure" : "success";
          p = client.payments().completeAction(p.id(), Map.of("result", result));
          summary.threeDs++;
        }
        if (p.status() == PaymentStatus.AUTHORIZED) {
          if (random.nextBoolean()) {
            // Two partial captures.
            List<Money> parts = p.amount().allocate(2, 1);
            client.payments().capture(p.id(), parts.get(0));
            p = client.payments().capture(p.id(), parts.get(1));
          } else if (random.nextInt(5) == 0) {
            p = client.payments().cancel(p.id());
          } else {
            p = client.payments().capture(p.id(), p.amount());
          }
        }
        if (p.status() == PaymentStatus.CAPTURED && random.nextInt(4) == 0) {
          Money part = p.capturedAmount().allocate(1, 3).get(0);
          if (part.isPositive()) {
            p = client.payments().refund(p.id(), part);
          }
        }
        if (i % 50 == 0) {
          // The same request again, as a retrying caller would send it: same payment, no charge.
          Payment replay =
              purchase ? client.payments().purchase(request) : client.payments().authorize(request);
          if (!replay.id().equals(p.id())) {
            throw new IllegalStateException("an idempotent replay created a second payment");
          }
          summary.replays++;
          try {
            client.payments().authorize(request.toBuilder().amount(amount.plus(amount)).build());
          } catch (IdempotencyConflictException expected) {
            summary.conflictsRefused++;
          }
        }
        summary.record(client.payments().get(p.id()).orElseThrow());
        if (summary.routingExample == null
            && p.routing().map(r -> r.chosen().size() > 1).orElse(false)) {
          summary.routingExample = p.routing().get().explain();
        }
      }
      summary.health = client.admin().health();
      summary.reconciliation = client.reconciler().run();
    } catch (GatewayException e) {
      throw new IllegalStateException("the demo's gateways do not fail follow-ups: " + e, e);
    }
    summary.ledgerCaptured = new TreeMap<>();
    summary.ledgerRefunded = new TreeMap<>();
    for (String c : List.of("USD", "KWD", "JPY")) {
      Money captured = Money.zero(c);
      Money refunded = Money.zero(c);
      for (SimulatedGateway g : List.of(gulf, global, backup)) {
        captured = captured.plus(g.ledger().totalCaptured(c));
        refunded = refunded.plus(g.ledger().totalRefunded(c));
      }
      summary.ledgerCaptured.put(c, captured);
      summary.ledgerRefunded.put(c, refunded);
    }
    summary.events = events;
    summary.print(out);
    return summary;
  }

  private static Money randomAmount(Random random, String currency) {
    return switch (currency) {
      case "KWD" -> Money.ofMinor(1_000 + random.nextInt(90_000) * 10L, currency); // 1.000–900.990
      case "JPY" -> Money.ofMinor(100 + random.nextInt(50_000), currency);
      default -> Money.ofMinor(100 + random.nextInt(50_000), currency);
    };
  }

  private static String pickCard(Random random) {
    int r = random.nextInt(100);
    if (r < 3) {
      return TestCards.INSUFFICIENT_FUNDS;
    }
    if (r < 5) {
      return TestCards.THREE_D_SECURE_REQUIRED;
    }
    if (r < 6) {
      return TestCards.DECLINED;
    }
    return r < 60 ? TestCards.VISA : r < 90 ? TestCards.MASTERCARD : TestCards.AMERICAN_EXPRESS;
  }

  /** What the demo did, counted from the payments as stored. */
  static final class Summary {
    final Map<PaymentStatus, Integer> byStatus = new EnumMap<>(PaymentStatus.class);
    final Map<String, Integer> byGateway = new TreeMap<>();
    final Map<CardBrand, Integer> byBrand = new EnumMap<>(CardBrand.class);
    final Map<String, Money[]> totals = new TreeMap<>();
    Map<String, Money> ledgerCaptured;
    Map<String, Money> ledgerRefunded;
    Map<PaymentEventType, LongAdder> events;
    int threeDs;
    int replays;
    int conflictsRefused;
    int failovers;
    int retried;
    int payments;
    String routingExample;
    List<io.ottu.GatewayHealth> health = List.of();
    io.ottu.ReconciliationReport reconciliation;

    void record(Payment p) {
      payments++;
      byStatus.merge(p.status(), 1, Integer::sum);
      byGateway.merge(p.gatewayId().orElse("(none)"), 1, Integer::sum);
      byBrand.merge(p.source().brand(), 1, Integer::sum);
      if (p.attempts().stream().anyMatch(a -> a.outcome() == io.ottu.Attempt.Outcome.NOT_SENT)) {
        retried++;
      }
      if (p.transactions().stream().map(io.ottu.Transaction::gatewayId).distinct().count() > 1) {
        failovers++;
      }
      String c = p.amount().currencyCode();
      Money[] t =
          totals.computeIfAbsent(c, k -> new Money[] {Money.zero(k), Money.zero(k), Money.zero(k)});
      t[0] = t[0].plus(p.authorizedAmount());
      t[1] = t[1].plus(p.capturedAmount());
      t[2] = t[2].plus(p.refundedAmount());
    }

    boolean ledgersAgree() {
      for (Map.Entry<String, Money[]> e : totals.entrySet()) {
        if (!e.getValue()[1].equals(ledgerCaptured.get(e.getKey()))
            || !e.getValue()[2].equals(ledgerRefunded.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }

    void print(PrintStream out) {
      out.println();
      out.println("Ottu for Java — quickstart: " + payments + " payments, 3 simulated gateways");
      out.println("=".repeat(72));
      out.println("By status");
      byStatus.forEach((s, n) -> out.printf("  %-20s %5d%n", s, n));
      out.println("By gateway");
      byGateway.forEach((g, n) -> out.printf("  %-20s %5d%n", g, n));
      out.println("By card brand");
      byBrand.forEach((b, n) -> out.printf("  %-20s %5d%n", b, n));
      out.println("Per currency           authorized        captured        refunded");
      totals.forEach(
          (c, t) ->
              out.printf(
                  "  %-5s %25s %15s %15s%n",
                  c, t[0].toPlainString(), t[1].toPlainString(), t[2].toPlainString()));
      out.println("Along the way");
      out.printf("  %-44s %5d%n", "3-D Secure challenges completed", threeDs);
      out.printf("  %-44s %5d%n", "payments that met a refused connection", retried);
      out.printf("  %-44s %5d%n", "payments that failed over to another gateway", failovers);
      out.printf("  %-44s %5d%n", "idempotent replays (no second charge)", replays);
      out.printf("  %-44s %5d%n", "conflicting key reuses refused", conflictsRefused);
      out.printf(
          "  %-44s %5d%n",
          "events delivered to listeners",
          events.values().stream().mapToLong(LongAdder::sum).sum());
      out.println("Gateway health");
      for (io.ottu.GatewayHealth h : health) {
        out.printf(
            java.util.Locale.ROOT,
            "  %-12s circuit %-9s approval %.3f over %.0f samples, p95 latency %.1f ms%n",
            h.gatewayId(),
            h.circuit(),
            h.approvalRate(),
            h.samples(),
            h.latencyP95().toNanos() / 1e6);
      }
      if (routingExample != null) {
        out.println("A routing decision, as recorded on its payment");
        out.println("  " + routingExample);
      }
      if (reconciliation != null) {
        out.printf(
            "Reconciliation pass: %d payments examined, %d still open%n",
            reconciliation.examined(), reconciliation.stillOpen());
      }
      out.println(
          "Gateways' own ledgers agree with the payments: " + (ledgersAgree() ? "yes" : "NO"));
      out.println();
    }
  }
}
