package io.ottu.benchmarks.engine;

import io.ottu.CardData;
import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.PaymentClient;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import io.ottu.PaymentStatus;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.GatewaySource;
import io.ottu.gateway.simulated.SimulatedGateway;
import io.ottu.routing.Routing;
import io.ottu.store.PaymentStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine overhead (DESIGN §8, issue 3): {@code purchase} through an instant in-process gateway and
 * the in-memory store, against the gateway call alone, measured in the same run.
 *
 * <ul>
 *   <li>{@code purchase}: {@link io.ottu.Payments#purchase(PaymentRequest)} of a fresh card
 *       (Stripe's public test card {@code 4242424242424242}, with a CVC, built per call because the
 *       engine wipes the CVC after the authorization) and a unique reference, on a client with one
 *       gateway and the in-memory store. Parameters: {@code gateway}, the gateway ({@code instant},
 *       an {@link InstantGateway} that answers at once and keeps nothing, so the figure is the
 *       engine's own; or {@code simulated}, a {@link SimulatedGateway} built with {@link
 *       SimulatedGateway.Builder#instant()} and {@link SimulatedGateway.Builder#retainPayments(int)
 *       retainPayments(100_000)}, whose ledger and idempotency bookkeeping come on top); {@code
 *       routing} ({@code smart}, the default, or {@code configured}); whether the request carries
 *       an idempotency key; and {@code timer}, who bounds each gateway call ({@code gateway}: the
 *       gateway declares its own bound, as an HTTP adapter with a client call timeout would, so the
 *       engine runs no timer; {@code engine}: the engine's Failsafe {@code Timeout} per call, which
 *       costs a scheduled task and a scheduler-thread wake-up per call).
 *   <li>{@code gatewayFloor}: the same card and a sale request sent straight to an identical
 *       gateway's {@code authorize}: what {@code purchase} cannot avoid. The engine's overhead is
 *       the difference.
 * </ul>
 *
 * A fresh client (and with it a fresh store) is built for every iteration: the in-memory store
 * keeps every payment, so the live heap grows by one payment per call during an iteration, as it
 * would in an application that uses it; that garbage-collection cost is part of its figure (a
 * control store keeping only the latest 100,000 payments measured the same within noise). The heap
 * is fixed and touched up front ({@code -Xms4g -Xmx4g -XX:+AlwaysPreTouch}), as for a service in
 * production, so that the store's growth does not measure the operating system's first-touch page
 * faults during collections. The engine needs about six warm-up iterations (of eight) to reach its
 * steady state.
 *
 * <p>Run: {@code mvn -q -pl examples/benchmarks -am package -DskipTests}, then {@code java -jar
 * examples/benchmarks/target/benchmarks.jar EngineBenchmark -t 2} for throughput, {@code ...
 * EngineBenchmark -t 2 -bm sample -tu us} for the latency distribution (p50, p99, p99.9), {@code
 * -prof gc} for bytes allocated per call. To profile, add {@code -jvmArgsAppend
 * "-XX:StartFlightRecording=filename=engine.jfr,settings=profile"}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 8, time = 3)
@Threads(2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch"})
public class EngineBenchmark {
  static final String PAN = "4242424242424242";
  static final Money AMOUNT = Money.of("12.50", "USD");

  /** A client over one instant simulated gateway, rebuilt for every iteration. */
  @State(Scope.Benchmark)
  public static class Engine {
    /** {@code smart} (the client's default) or {@code configured} (configuration order). */
    @Param({"smart", "configured"})
    public String routing;

    /** Whether every request carries an idempotency key. */
    @Param({"false", "true"})
    public boolean idempotencyKey;

    /**
     * Who bounds each gateway call: {@code gateway} (the gateway declares a 30 s {@link
     * SimulatedGateway.Builder#callTimeout(java.time.Duration) call timeout}, as an HTTP adapter
     * bounds its calls with its client's call timeout, so the engine runs no timer) or {@code
     * engine} (the gateway declares none, and the engine times every call with the policy's
     * Failsafe {@code Timeout}).
     */
    @Param({"gateway", "engine"})
    public String timer;

    /**
     * The gateway: {@code instant} (an {@link InstantGateway}, which answers at once and keeps
     * nothing, so the figure is the engine's alone) or {@code simulated} (a {@link
     * SimulatedGateway} built {@link SimulatedGateway.Builder#instant() instant()} with a ledger of
     * the last 100,000 payments and the gateway's own idempotency bookkeeping).
     */
    @Param({"instant", "simulated"})
    public String gateway;

    PaymentClient client;
    Gateway built;
    final AtomicInteger threads = new AtomicInteger();

    /** Builds a fresh client, store and gateway. */
    @Setup(Level.Iteration)
    public void newClient() {
      if (!timer.equals("gateway") && !timer.equals("engine")) {
        throw new IllegalArgumentException("timer: gateway or engine, was " + timer);
      }
      built = newGateway(gateway, timer.equals("gateway"));
      PaymentClient.Builder b = PaymentClient.builder().gateway(built);
      b.store(PaymentStore.inMemory());
      if (routing.equals("configured")) {
        b.routing(Routing.configured());
      } else if (!routing.equals("smart")) {
        throw new IllegalArgumentException("routing: smart or configured, was " + routing);
      }
      client = b.build();
    }

    /** Closes the client. */
    @TearDown(Level.Iteration)
    public void closeClient() {
      client.close();
      client = null;
    }
  }

  /**
   * A fresh gateway of the kind named: {@code instant} or {@code simulated}, declaring a call bound
   * or not.
   */
  static Gateway newGateway(String kind, boolean declaresBound) {
    switch (kind) {
      case "instant":
        return new InstantGateway("instant", declaresBound);
      case "simulated":
        SimulatedGateway.Builder g =
            SimulatedGateway.builder("sim").instant().retainPayments(100_000);
        return (declaresBound ? g.callTimeout(Duration.ofSeconds(30)) : g).build();
      default:
        throw new IllegalArgumentException("gateway: instant or simulated, was " + kind);
    }
  }

  /** A gateway called directly, for the floor. */
  @State(Scope.Benchmark)
  public static class Floor {
    /** The gateway, as for {@link Engine#gateway}. */
    @Param({"instant", "simulated"})
    public String gateway;

    Gateway built;
    final AtomicInteger threads = new AtomicInteger();

    /** A fresh gateway per iteration, as for the engine. */
    @Setup(Level.Iteration)
    public void newGateway() {
      built = EngineBenchmark.newGateway(gateway, true);
    }
  }

  /** Per-thread unique references: a thread prefix and a counter. */
  @State(Scope.Thread)
  public static class Sequence {
    String prefix;
    long next;

    /** Takes a thread number. */
    @Setup(Level.Trial)
    public void prefix(Engine engine) {
      prefix = "ord-" + engine.threads.incrementAndGet() + "-";
    }

    String nextReference() {
      return prefix + next++;
    }
  }

  /** Per-thread unique references for the floor. */
  @State(Scope.Thread)
  public static class FloorSequence {
    String prefix;
    long next;

    /** Takes a thread number. */
    @Setup(Level.Trial)
    public void prefix(Floor floor) {
      prefix = "ord-" + floor.threads.incrementAndGet() + "-";
    }

    String nextReference() {
      return prefix + next++;
    }
  }

  static CardData card() {
    return CardData.builder().number(PAN).expiry(12, 2030).cvc("123").build();
  }

  /** One purchase through the engine. */
  @Benchmark
  public Payment purchase(Engine engine, Sequence seq) {
    String reference = seq.nextReference();
    PaymentRequest.Builder request =
        PaymentRequest.builder()
            .amount(AMOUNT)
            .source(PaymentSource.card(card()))
            .reference(reference);
    if (engine.idempotencyKey) {
      request.idempotencyKey(reference + "-purchase");
    }
    Payment p = engine.client.payments().purchase(request.build());
    if (p.status() != PaymentStatus.CAPTURED) {
      throw new IllegalStateException("expected CAPTURED, was " + p.status());
    }
    return p;
  }

  /** The same sale sent to the gateway alone. */
  @Benchmark
  public GatewayResult gatewayFloor(Floor floor, FloorSequence seq) {
    String reference = seq.nextReference();
    AuthorizeRequest request =
        new AuthorizeRequest(
            "pay_" + reference,
            reference,
            AMOUNT,
            GatewaySource.card(card()),
            true,
            reference + "-sale-1",
            1,
            ThreeDSecure.AUTOMATIC,
            null,
            null,
            null,
            null);
    GatewayResult r = floor.built.authorize(request);
    if (r.type() != GatewayResult.Type.CAPTURED) {
      throw new IllegalStateException("expected CAPTURED, was " + r.type());
    }
    return r;
  }
}
