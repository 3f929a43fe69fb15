package io.ottu.benchmarks.routing;

import io.ottu.CardData;
import io.ottu.GatewayHealth;
import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.PaymentClient;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import io.ottu.PaymentStatus;
import io.ottu.routing.Routing;
import io.ottu.routing.RoutingStrategy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Routing quality (DESIGN §8, issue 3): the approval rate of {@code priority}, {@code weighted},
 * {@code successRate} and {@code smart} routing against an oracle that knows the true rates, on the
 * {@link Scenario#standard standard scenario} of three gateways whose approval rates differ by
 * segment and drift half-way.
 *
 * <p>Each strategy gets its own {@link PaymentClient} (fresh statistics) over the same three {@link
 * ScenarioGateway}s and the same seeded sequence of payments, authorized one after another on a
 * {@link VirtualClock} that moves {@code interval} per payment, so time-decayed statistics decay as
 * they would live. Declines are hard (no cascade), so each payment is judged on the strategy's
 * first choice. Everything is deterministic for a seed (see {@link SeededPaymentIds} for the one
 * source of randomness the engine does not let a host seed).
 *
 * <p>Run from the repository root: {@code mvn -q -pl examples/benchmarks -am -DskipTests package},
 * then {@code java -cp examples/benchmarks/target/benchmarks.jar
 * io.ottu.benchmarks.routing.RoutingSimulation [outputPath] [--payments=50000] [--interval-ms=100]
 * [--seed=1] [--half-life-minutes=M] [--buckets=50]}. It prints a table of approval rates and
 * writes a self-contained HTML page with an SVG chart (default {@code
 * examples/benchmarks/target/routing-quality.html}). {@code --half-life-minutes} sets the
 * statistics half-life of every client but the tuned one; by default they keep the client's.
 *
 * <p>Every strategy runs with the library's defaults; {@link RoutingTuning} is how those defaults
 * were chosen.
 */
public final class RoutingSimulation {
  /** The default number of payments. */
  public static final int DEFAULT_PAYMENTS = 50_000;

  /** The default virtual time between payments: 10 payments a second. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);

  private static final Map<String, Money> AMOUNTS =
      Map.of(
          "USD", Money.of("25.00", "USD"),
          "KWD", Money.of("7.500", "KWD"),
          "EUR", Money.of("20.00", "EUR"));

  private RoutingSimulation() {}

  /**
   * A strategy under test.
   *
   * @param name its name in the table and chart
   * @param strategy makes a fresh strategy (strategies may keep state, such as eliminations)
   * @param halfLife the client's statistics half-life, or null for the client's default
   * @param window the client's statistics window in observations, or null for the client's default
   */
  public record Contender(
      String name, Supplier<RoutingStrategy> strategy, Duration halfLife, Integer window) {
    /** Validates. */
    public Contender {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(strategy, "strategy");
    }

    /** A contender with the client's default statistics window. */
    public Contender(String name, Supplier<RoutingStrategy> strategy, Duration halfLife) {
      this(name, strategy, halfLife, null);
    }
  }

  /**
   * What one strategy achieved.
   *
   * @param name the strategy's name
   * @param payments the number of payments
   * @param approved how many were approved
   * @param approvedBefore approved before the drift
   * @param before payments before the drift
   * @param approvedAfter approved after the drift
   * @param after payments after the drift
   * @param bucketApproved approvals per time bucket
   * @param bucketPayments payments per time bucket
   * @param firstChoice how many payments went first to each gateway
   * @param other payments that ended neither approved nor declined (should be none)
   * @param health the engine's view of each gateway at the end ({@code admin().health()})
   */
  public record Result(
      String name,
      int payments,
      int approved,
      int approvedBefore,
      int before,
      int approvedAfter,
      int after,
      int[] bucketApproved,
      int[] bucketPayments,
      Map<String, Integer> firstChoice,
      int other,
      List<GatewayHealth> health) {
    /** The approval rate over all payments. */
    public double rate() {
      return (double) approved / payments;
    }

    /** The approval rate before the drift. */
    public double rateBefore() {
      return (double) approvedBefore / before;
    }

    /** The approval rate after the drift. */
    public double rateAfter() {
      return (double) approvedAfter / after;
    }

    /** The approval rate of time bucket {@code b}. */
    public double bucketRate(int b) {
      return (double) bucketApproved[b] / bucketPayments[b];
    }
  }

  /**
   * The contenders of issue 3: {@code priority(a, b, c)}, {@code weighted(a 50, b 30, c 20)},
   * {@code successRate()}, {@code smart()} (all with the library's defaults, and the given
   * half-life, null for the client's default) and the oracle.
   */
  public static List<Contender> standardContenders(Scenario scenario, Duration halfLife) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    weights.put("a", 50);
    weights.put("b", 30);
    weights.put("c", 20);
    List<Contender> c = new ArrayList<>();
    c.add(new Contender("priority", () -> Routing.priority("a", "b", "c"), halfLife));
    c.add(new Contender("weighted", () -> Routing.weighted(weights), halfLife));
    c.add(new Contender("successRate", Routing::successRate, halfLife));
    c.add(new Contender("smart", Routing::smart, halfLife));
    c.add(new Contender(QualityReport.ORACLE, () -> new OracleRouting(scenario), halfLife));
    return c;
  }

  /**
   * Runs one contender over the whole scenario.
   *
   * @param buckets how many time buckets to count approvals in
   */
  public static Result run(Scenario scenario, Contender contender, int buckets) {
    int n = scenario.payments();
    if (buckets < 1 || buckets > n) {
      throw new IllegalArgumentException("buckets must be within 1 and " + n + ", was " + buckets);
    }
    VirtualClock clock = new VirtualClock(scenario.start());
    PaymentClient.Builder builder =
        PaymentClient.builder()
            .clock(clock)
            .routing(new SeededPaymentIds(contender.strategy().get(), scenario.seed()));
    if (contender.halfLife() != null) {
      builder.statisticsHalfLife(contender.halfLife());
    }
    if (contender.window() != null) {
      builder.statisticsWindow(contender.window());
    }
    for (String id : Scenario.GATEWAYS) {
      builder.gateway(new ScenarioGateway(id, scenario));
    }
    int approved = 0;
    int approvedBefore = 0;
    int other = 0;
    int[] bucketApproved = new int[buckets];
    int[] bucketPayments = new int[buckets];
    Map<String, Integer> firstChoice = new LinkedHashMap<>();
    for (String id : Scenario.GATEWAYS) {
      firstChoice.put(id, 0);
    }
    List<GatewayHealth> health;
    try (PaymentClient client = builder.build()) {
      for (int i = 0; i < n; i++) {
        Scenario.Segment segment = scenario.segment(i);
        String pan =
            switch (segment.brand()) {
              case VISA -> "4242424242424242";
              case MASTERCARD -> "5555555555554444";
              default -> throw new IllegalStateException("no test card for " + segment.brand());
            };
        PaymentRequest request =
            PaymentRequest.builder()
                .amount(AMOUNTS.get(segment.currency()))
                .source(PaymentSource.card(CardData.builder().number(pan).expiry(12, 2030).build()))
                .reference("sim-" + i)
                .metadata(ScenarioGateway.SEQUENCE, Integer.toString(i))
                .build();
        Payment p = client.payments().authorize(request);
        p.gatewayId().ifPresent(g -> firstChoice.merge(g, 1, Integer::sum));
        int b = (int) ((long) i * buckets / n);
        bucketPayments[b]++;
        if (p.status() == PaymentStatus.AUTHORIZED) {
          approved++;
          bucketApproved[b]++;
          if (!scenario.drifted(i)) {
            approvedBefore++;
          }
        } else if (p.status() != PaymentStatus.DECLINED) {
          other++;
        }
        clock.advance(scenario.interval());
      }
      health = client.admin().health();
    }
    int before = scenario.driftAt();
    return new Result(
        contender.name(),
        n,
        approved,
        approvedBefore,
        before,
        approved - approvedBefore,
        n - before,
        bucketApproved,
        bucketPayments,
        Map.copyOf(firstChoice),
        other,
        List.copyOf(health));
  }

  /** Runs every contender, in order. */
  public static List<Result> runAll(Scenario scenario, List<Contender> contenders, int buckets) {
    List<Result> results = new ArrayList<>();
    for (Contender c : contenders) {
      results.add(run(scenario, c, buckets));
    }
    return results;
  }

  /** Parsed command-line settings. */
  record Settings(
      Path output, int payments, Duration interval, long seed, Duration halfLife, int buckets) {
    static Settings parse(String[] args) {
      Path output = null;
      int payments = DEFAULT_PAYMENTS;
      Duration interval = DEFAULT_INTERVAL;
      long seed = 1;
      Duration halfLife = null;
      int buckets = 50;
      for (String arg : args) {
        if (arg.startsWith("--payments=")) {
          payments = Integer.parseInt(value(arg));
        } else if (arg.startsWith("--interval-ms=")) {
          interval = Duration.ofMillis(Long.parseLong(value(arg)));
        } else if (arg.startsWith("--seed=")) {
          seed = Long.parseLong(value(arg));
        } else if (arg.startsWith("--half-life-minutes=")) {
          halfLife = Duration.ofMinutes(Long.parseLong(value(arg)));
        } else if (arg.startsWith("--buckets=")) {
          buckets = Integer.parseInt(value(arg));
        } else if (arg.startsWith("--")) {
          throw new IllegalArgumentException("unknown option " + arg);
        } else {
          output = Path.of(arg);
        }
      }
      if (output == null) {
        Path module = Path.of("examples", "benchmarks", "target");
        output =
            (Files.isDirectory(module) ? module : Path.of("target"))
                .resolve("routing-quality.html");
      }
      return new Settings(output, payments, interval, seed, halfLife, buckets);
    }

    private static String value(String arg) {
      return arg.substring(arg.indexOf('=') + 1);
    }
  }

  /**
   * Runs the simulation, prints the table and writes the HTML report.
   *
   * @param args {@code [outputPath] [--payments=N] [--interval-ms=N] [--seed=N]
   *     [--half-life-minutes=N] [--buckets=N]}
   * @throws IOException if the report cannot be written
   */
  public static void main(String[] args) throws IOException {
    Settings s = Settings.parse(args);
    Scenario scenario = Scenario.standard(s.seed(), s.payments(), s.interval());
    List<Contender> contenders = standardContenders(scenario, s.halfLife());
    long t0 = System.nanoTime();
    List<Result> results = runAll(scenario, contenders, s.buckets());
    long took = (System.nanoTime() - t0) / 1_000_000;
    String settings = QualityReport.describe(scenario, s.halfLife());
    PrintStream out = System.out;
    out.println(settings);
    out.println();
    out.print(QualityReport.table(results));
    out.printf("(%d strategies × %d payments in %d ms)%n", results.size(), s.payments(), took);
    Path output = s.output().toAbsolutePath();
    if (output.getParent() != null) {
      Files.createDirectories(output.getParent());
    }
    Files.writeString(
        output, QualityReport.html(scenario, results, settings), StandardCharsets.UTF_8);
    out.println("chart: " + output);
  }
}
