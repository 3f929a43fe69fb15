package io.ottu.benchmarks.routing;

import io.ottu.benchmarks.routing.RoutingSimulation.Contender;
import io.ottu.benchmarks.routing.RoutingSimulation.Result;
import io.ottu.routing.Routing;
import io.ottu.routing.SuccessRateRouting;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Tunes {@code smart} routing on the {@link Scenario#standard standard scenario} with public knobs
 * only ({@link SuccessRateRouting#withMinSamples}, {@link SuccessRateRouting#withExploration},
 * {@link SuccessRateRouting#withPrior}, the client's {@code statisticsHalfLife} and {@code
 * statisticsWindow}), at several traffic volumes and seeds, because the right setting depends on
 * how many payments a segment sees per half-life. Prints, per configuration, the approval rate
 * relative to the oracle at each volume (mean over the seeds, and the worst seed) and the worst
 * case over all volumes.
 *
 * <p>Run: {@code java -cp examples/benchmarks/target/benchmarks.jar
 * io.ottu.benchmarks.routing.RoutingTuning [--payments=50000] [--seeds=1,2,3]
 * [--intervals-ms=100,1000,10000]}. The oracle's figure is computed from the scenario directly (the
 * simulation checks elsewhere that routing through the engine with {@link OracleRouting} gives the
 * same count).
 */
public final class RoutingTuning {
  private RoutingTuning() {}

  /**
   * A smart configuration: a change to the success-rate ranking, and the statistics half-life as a
   * function of the time between payments (a null result: the client's default), so that a
   * half-life can be fixed in time or in payments.
   */
  record Config(
      String name,
      UnaryOperator<SuccessRateRouting> ranking,
      UnaryOperator<Duration> halfLife,
      Integer window) {
    Config(
        String name, UnaryOperator<SuccessRateRouting> ranking, UnaryOperator<Duration> halfLife) {
      this(name, ranking, halfLife, null);
    }

    Contender contender(Duration interval) {
      return new Contender(
          name,
          () -> Routing.healthy(Routing.eliminate(ranking.apply(Routing.successRate()))),
          halfLife.apply(interval),
          window);
    }
  }

  private static UnaryOperator<Duration> minutes(long minutes) {
    return interval -> Duration.ofMinutes(minutes);
  }

  private static UnaryOperator<Duration> payments(long payments) {
    return interval -> interval.multipliedBy(payments);
  }

  /**
   * The grid: the defaults, the defaults before this tuning (minimum 10 samples, 5% exploration,
   * decay by time only), then one knob at a time.
   */
  static List<Config> configs() {
    UnaryOperator<Duration> dflt = interval -> null;
    UnaryOperator<SuccessRateRouting> same = r -> r;
    UnaryOperator<SuccessRateRouting> old = r -> r.withMinSamples(10).withExploration(0.05);
    List<Config> c = new ArrayList<>();
    c.add(new Config("smart() defaults", same, dflt));
    c.add(new Config("before tuning: min 10, expl 0.05, by time", old, dflt, 0));
    c.add(new Config("by time only (window 0)", same, dflt, 0));
    c.add(new Config("by time only, hl 500 payments", same, payments(500), 0));
    c.add(new Config("minSamples 10", r -> r.withMinSamples(10), dflt));
    c.add(new Config("exploration 0.05", r -> r.withExploration(0.05), dflt));
    c.add(new Config("exploration 0", r -> r.withExploration(0), dflt));
    c.add(new Config("half-life 5 min", same, minutes(5)));
    for (int w : new int[] {50, 100, 400, 1000}) {
      c.add(new Config("window " + w, same, dflt, w));
    }
    return c;
  }

  /** How many payments any gateway would approve when each goes to its best gateway. */
  static int oracleApprovals(Scenario s) {
    int approved = 0;
    for (int i = 0; i < s.payments(); i++) {
      if (s.oracleApproves(i)) {
        approved++;
      }
    }
    return approved;
  }

  /**
   * Runs the grid and prints the table.
   *
   * @param args {@code [--payments=N] [--seeds=1,2,3] [--intervals-ms=100,1000,10000]}
   */
  public static void main(String[] args) {
    int payments = RoutingSimulation.DEFAULT_PAYMENTS;
    long[] seeds = {1, 2, 3};
    long[] intervals = {100, 1000, 10_000};
    for (String arg : args) {
      String value = arg.substring(arg.indexOf('=') + 1);
      if (arg.startsWith("--payments=")) {
        payments = Integer.parseInt(value);
      } else if (arg.startsWith("--seeds=")) {
        seeds = Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
      } else if (arg.startsWith("--intervals-ms=")) {
        intervals = Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
      } else {
        throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    List<Config> configs = configs();
    // ratio[config][interval][seed]
    double[][][] ratio = new double[configs.size()][intervals.length][seeds.length];
    for (int v = 0; v < intervals.length; v++) {
      for (int k = 0; k < seeds.length; k++) {
        Scenario s = Scenario.standard(seeds[k], payments, Duration.ofMillis(intervals[v]));
        double oracle = oracleApprovals(s);
        for (int c = 0; c < configs.size(); c++) {
          Result r =
              RoutingSimulation.run(
                  s, configs.get(c).contender(Duration.ofMillis(intervals[v])), 1);
          ratio[c][v][k] = r.approved() / oracle;
        }
      }
    }
    print(System.out, payments, seeds, intervals, configs, ratio);
  }

  private static void print(
      PrintStream out,
      int payments,
      long[] seeds,
      long[] intervals,
      List<Config> configs,
      double[][][] ratio) {
    out.printf(
        Locale.ROOT,
        "smart vs oracle (approvals / oracle's approvals), %d payments, seeds %s; per volume:"
            + " mean over seeds (worst seed)%n",
        payments,
        Arrays.toString(seeds));
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-44s", "configuration"));
    for (long ms : intervals) {
      header.append(
          String.format(
              Locale.ROOT, " %18s", QualityReport.human(Duration.ofMillis(ms)) + " apart"));
    }
    out.println(header.append(String.format(Locale.ROOT, " %10s", "worst")));
    for (int c = 0; c < configs.size(); c++) {
      StringBuilder row =
          new StringBuilder(String.format(Locale.ROOT, "%-44s", configs.get(c).name()));
      double worst = 1;
      for (int v = 0; v < intervals.length; v++) {
        double sum = 0;
        double min = 1;
        for (double x : ratio[c][v]) {
          sum += x;
          min = Math.min(min, x);
        }
        worst = Math.min(worst, sum / seeds.length);
        row.append(String.format(Locale.ROOT, "    %.4f (%.4f)", sum / seeds.length, min));
      }
      out.println(row.append(String.format(Locale.ROOT, " %10.4f", worst)));
    }
  }
}
