package io.ottu.benchmarks.http;

import io.ottu.PaymentClient;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What one call of each side of {@link StripeHttpBenchmark} costs its calling thread, measured call
 * by call: every caller alternates a call of side A with a call of side B and reads its own thread
 * CPU time around each, so both sides always run under exactly the same load, connections and JIT
 * state. Where {@link HttpRatio}'s throughput ratios move by several points from run to run on a
 * shared machine, this difference is steady to about a microsecond, which is what telling a small
 * change apart needs. It measures the callers only: the server's, OkHttp's and the JVM's own
 * threads are not in it (HttpRatio reports those).
 *
 * <p>Run: {@code java -Dsun.net.httpserver.nodelay=true -Xms2g -Xmx2g -cp
 * examples/benchmarks/target/benchmarks.jar io.ottu.benchmarks.http.HttpCallCpu [A] [B] [callers]
 * [seconds] [warm-up seconds]} (defaults: {@code hand library 8 40 20}). A side is {@code hand}
 * (the hand-written OkHttp + Jackson call), {@code adapter} ({@code StripeGateway.authorize} alone)
 * or {@code library} ({@code PaymentClient.purchase}, on a fresh client every second). Prints each
 * side's caller CPU per call, their ratio, and the median and interquartile range over the seconds
 * measured of B's cost minus A's.
 */
public final class HttpCallCpu {
  private HttpCallCpu() {}

  /**
   * Runs the measurement and prints one line.
   *
   * @param args optional sides A and B, callers, seconds and warm-up seconds
   */
  public static void main(String[] args) throws Exception {
    System.out.println(measure(args));
  }

  /** Runs the measurement; returns the line {@link #main} prints. */
  static String measure(String... args) throws Exception {
    String a = args.length > 0 ? args[0] : "hand";
    String b = args.length > 1 ? args[1] : "library";
    int callers = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 40;
    int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    for (String side : List.of(a, b)) {
      if (!List.of("hand", "adapter", "library").contains(side)) {
        throw new IllegalArgumentException("side: hand, adapter or library, was " + side);
      }
    }
    if (callers < 1 || warmUp < 0 || seconds <= warmUp) {
      throw new IllegalArgumentException(
          "callers must be positive and seconds more than the warm-up seconds");
    }
    StripeHttpBenchmark.Http http = new StripeHttpBenchmark.Http();
    http.start();
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      StripeHttpBenchmark.Sequence[] seqs = new StripeHttpBenchmark.Sequence[callers];
      for (int i = 0; i < callers; i++) {
        seqs[i] = new StripeHttpBenchmark.Sequence();
        seqs[i].prefix = "cpu-" + i + "-";
      }
      List<Double> differences = new ArrayList<>();
      long pairs = 0;
      long nanosA = 0;
      long nanosB = 0;
      for (int second = 0; second < seconds; second++) {
        try (PaymentClient client = StripeHttpBenchmark.newClient(http.stripe)) {
          long end = System.nanoTime() + 1_000_000_000L;
          List<Future<long[]>> futures = new ArrayList<>();
          for (StripeHttpBenchmark.Sequence seq : seqs) {
            futures.add(
                pool.submit(
                    () -> {
                      long n = 0;
                      long spentA = 0;
                      long spentB = 0;
                      while (System.nanoTime() < end) {
                        long t0 = cpu.getCurrentThreadCpuTime();
                        call(a, http, client, seq);
                        long t1 = cpu.getCurrentThreadCpuTime();
                        call(b, http, client, seq);
                        long t2 = cpu.getCurrentThreadCpuTime();
                        spentA += t1 - t0;
                        spentB += t2 - t1;
                        n++;
                      }
                      return new long[] {n, spentA, spentB};
                    }));
          }
          long[] total = HttpRatio.sum(futures);
          long n = total[0];
          long spentA = total[1];
          long spentB = total[2];
          if (second >= warmUp && n > 0) {
            differences.add((spentB - spentA) / 1e3 / n);
            pairs += n;
            nanosA += spentA;
            nanosB += spentB;
          }
        }
      }
      Collections.sort(differences);
      double perA = nanosA / 1e3 / pairs;
      double perB = nanosB / 1e3 / pairs;
      return String.format(
          Locale.ROOT,
          "%d callers: %s %.1f us, %s %.1f us of caller CPU per call (%s/%s %.3f);"
              + " %s - %s median %.1f us (IQR %.1f..%.1f); %.0f pairs/s",
          callers,
          a,
          perA,
          b,
          perB,
          b,
          a,
          perB / perA,
          b,
          a,
          differences.get(differences.size() / 2),
          differences.get(differences.size() / 4),
          differences.get(differences.size() * 3 / 4),
          pairs / (double) (seconds - warmUp));
    } finally {
      pool.shutdownNow();
      http.stop();
    }
  }

  private static void call(
      String side,
      StripeHttpBenchmark.Http http,
      PaymentClient client,
      StripeHttpBenchmark.Sequence seq)
      throws Exception {
    switch (side) {
      case "hand" -> StripeHttpBenchmark.handWritten(http, seq);
      case "adapter" -> StripeHttpBenchmark.adapterOnly(http.stripe, seq);
      default -> StripeHttpBenchmark.library(client, seq);
    }
  }
}
