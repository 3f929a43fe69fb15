package io.ottu.benchmarks.http;

import com.sun.management.OperatingSystemMXBean;
import io.ottu.PaymentClient;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * Paired measurement of {@link StripeHttpBenchmark}'s two sides, for machines whose background load
 * drifts during a JMH run: at each concurrency it alternates short bursts of hand-written calls
 * with bursts of library purchases (which goes first alternates), {@code N} caller threads each,
 * many times in one JVM, so both sides of every ratio see the same load; it reports the median
 * throughput of each side, the median of the per-round ratios and their interquartile range. The
 * calls, server and clients are exactly the benchmark's (its setup checks included); a fresh {@link
 * PaymentClient} is built before every library burst, outside the timed part.
 *
 * <p>Run: {@code java -Dsun.net.httpserver.nodelay=true -Xms2g -Xmx2g -cp
 * examples/benchmarks/target/benchmarks.jar io.ottu.benchmarks.http.HttpRatio [rounds]
 * [burstMillis] [concurrency...]} (defaults: 20 rounds of 500 ms bursts at 1, 8 and 64). Like JMH,
 * which warms every benchmark at its own thread count, each level is warmed up at its own
 * concurrency, both sides alternating, for at least {@code -DwarmupSeconds=30} and then until the
 * JIT is quiet. With {@code -Dside=adapter} the library side is the adapter alone ({@code
 * StripeGateway.authorize}, no {@code PaymentClient}), which separates the adapter's cost from the
 * engine's; the column is still headed "library".
 */
public final class HttpRatio {
  private HttpRatio() {}

  /**
   * Runs the paired measurement and prints a table.
   *
   * @param args optional rounds, burst length in milliseconds and concurrency levels
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    long burstMillis = args.length > 1 ? Long.parseLong(args[1]) : 500;
    int[] levels =
        args.length > 2
            ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {1, 8, 64};
    long warmupSeconds = Long.getLong("warmupSeconds", 30);
    String side = System.getProperty("side", "library");
    if (!side.equals("library") && !side.equals("adapter")) {
      throw new IllegalArgumentException("side: library or adapter, was " + side);
    }
    boolean adapterOnly = side.equals("adapter");

    StripeHttpBenchmark.Http http = new StripeHttpBenchmark.Http();
    http.start();
    try {
      CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
      System.out.printf(
          Locale.ROOT,
          "%n%-5s %11s %11s %7s %15s   %s%n",
          "conc.",
          "library/s",
          "by hand/s",
          "ratio",
          "ratio IQR",
          "CPU us/op library (callers + rest) vs by hand (callers + rest)");
      for (int threads : levels) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger prefixes = new AtomicInteger();
        StripeHttpBenchmark.Sequence[] seqs = new StripeHttpBenchmark.Sequence[threads];
        for (int i = 0; i < threads; i++) {
          seqs[i] = new StripeHttpBenchmark.Sequence();
          seqs[i].prefix = "ratio-" + threads + "-" + prefixes.incrementAndGet() + "-";
        }
        try {
          // Every level gets the whole warm-up, as every JMH benchmark does: a level measured
          // after a shorter one still had seconds of compilation left in its measured rounds.
          double warmJit = warmUp(http, pool, seqs, warmupSeconds, adapterOnly);
          int warmups = 2;
          Burst[] lib = new Burst[rounds];
          Burst[] hand = new Burst[rounds];
          double[] ratio = new double[rounds];
          long jitStart = 0;
          for (int r = -warmups; r < rounds; r++) {
            if (r == 0) {
              jitStart = jit.getTotalCompilationTime();
            }
            // Alternate which side goes first, so a drift within a round favours neither.
            boolean handFirst = (r & 1) == 0;
            Burst h = handFirst ? handBurst(http, pool, seqs, burstMillis) : null;
            Burst l = libraryBurst(http, pool, seqs, burstMillis, adapterOnly);
            if (!handFirst) {
              h = handBurst(http, pool, seqs, burstMillis);
            }
            if (r >= 0) {
              hand[r] = h;
              lib[r] = l;
              ratio[r] = l.opsPerSecond() / h.opsPerSecond();
            }
          }
          long jitMillis = jit.getTotalCompilationTime() - jitStart;
          double[] sorted = ratio.clone();
          Arrays.sort(sorted);
          double libCallers = median(lib, Burst::callerCpuMicrosPerOp);
          double libAll = median(lib, Burst::processCpuMicrosPerOp);
          double handCallers = median(hand, Burst::callerCpuMicrosPerOp);
          double handAll = median(hand, Burst::processCpuMicrosPerOp);
          System.out.printf(
              Locale.ROOT,
              "%-5d %11.0f %11.0f %7.3f %7.3f-%7.3f   %.0f (%.0f + %.0f) vs %.0f (%.0f + %.0f);"
                  + " JIT %.0f s warming up, %d ms measuring%n",
              threads,
              median(lib, Burst::opsPerSecond),
              median(hand, Burst::opsPerSecond),
              median(ratio),
              sorted[rounds / 4],
              sorted[rounds * 3 / 4],
              libAll,
              libCallers,
              libAll - libCallers,
              handAll,
              handCallers,
              handAll - handCallers,
              warmJit,
              jitMillis);
        } finally {
          pool.shutdownNow();
        }
      }
    } finally {
      http.stop();
    }
  }

  /**
   * Runs both sides on the level's callers, alternating one-second bursts, for at least {@code
   * seconds} and then until two bursts in a row pass with under 20 ms of JIT compilation (at most
   * {@code seconds} more), so the level is measured at its own steady state: more callers reach
   * code (contended locks, bigger pools) that fewer never ran, and the JIT compiling it would be
   * charged to whichever side happened to be running. Returns the seconds of compilation seen.
   */
  private static double warmUp(
      StripeHttpBenchmark.Http http,
      ExecutorService pool,
      StripeHttpBenchmark.Sequence[] seqs,
      long seconds,
      boolean adapterOnly)
      throws Exception {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long giveUp = end + seconds * 1_000_000_000L;
    long jitBefore = jit.getTotalCompilationTime();
    long quiet = 0;
    while (System.nanoTime() < end || (quiet < 2 && System.nanoTime() < giveUp)) {
      long jit0 = jit.getTotalCompilationTime();
      handBurst(http, pool, seqs, 1000);
      libraryBurst(http, pool, seqs, 1000, adapterOnly);
      quiet = jit.getTotalCompilationTime() - jit0 < 20 ? quiet + 1 : 0;
    }
    return (jit.getTotalCompilationTime() - jitBefore) / 1e3;
  }

  /** A call of one side, on one caller's sequence. */
  private interface Call {
    Object run(StripeHttpBenchmark.Sequence seq) throws Exception;
  }

  /**
   * One burst: calls completed, wall time, the CPU time of the whole process (callers, server,
   * OkHttp's and the JVM's threads, and the kernel's work for them) and of the caller threads.
   */
  private record Burst(long ops, long nanos, long processCpuNanos, long callerCpuNanos) {
    double opsPerSecond() {
      return ops / (nanos / 1e9);
    }

    double processCpuMicrosPerOp() {
      return processCpuNanos / 1e3 / ops;
    }

    double callerCpuMicrosPerOp() {
      return callerCpuNanos / 1e3 / ops;
    }
  }

  private static Burst handBurst(
      StripeHttpBenchmark.Http http,
      ExecutorService pool,
      StripeHttpBenchmark.Sequence[] seqs,
      long millis)
      throws Exception {
    return burst(pool, seqs, millis, seq -> StripeHttpBenchmark.handWritten(http, seq));
  }

  /**
   * A burst of library purchases on a fresh {@link PaymentClient} (built and closed outside the
   * timed part), or of adapter calls alone.
   */
  private static Burst libraryBurst(
      StripeHttpBenchmark.Http http,
      ExecutorService pool,
      StripeHttpBenchmark.Sequence[] seqs,
      long millis,
      boolean adapterOnly)
      throws Exception {
    if (adapterOnly) {
      return burst(pool, seqs, millis, seq -> StripeHttpBenchmark.adapterOnly(http.stripe, seq));
    }
    try (PaymentClient client = StripeHttpBenchmark.newClient(http.stripe)) {
      return burst(pool, seqs, millis, seq -> StripeHttpBenchmark.library(client, seq));
    }
  }

  /** Runs every caller for {@code millis}. */
  private static Burst burst(
      ExecutorService pool, StripeHttpBenchmark.Sequence[] seqs, long millis, Call call)
      throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long start = System.nanoTime();
    long deadline = start + millis * 1_000_000;
    List<Future<long[]>> futures = new ArrayList<>(seqs.length);
    for (StripeHttpBenchmark.Sequence seq : seqs) {
      futures.add(
          pool.submit(
              () -> {
                long t0 = threads.getCurrentThreadCpuTime();
                long n = 0;
                while (System.nanoTime() < deadline) {
                  call.run(seq);
                  n++;
                }
                return new long[] {n, threads.getCurrentThreadCpuTime() - t0};
              }));
    }
    long[] total = sum(futures);
    long nanos = System.nanoTime() - start;
    return new Burst(total[0], nanos, os.getProcessCpuTime() - cpu0, total[1]);
  }

  /** The callers' figures added up, position by position. */
  static long[] sum(List<Future<long[]>> callers) throws Exception {
    long[] total = null;
    for (Future<long[]> f : callers) {
      long[] r = f.get();
      if (total == null) {
        total = new long[r.length];
      }
      for (int i = 0; i < r.length; i++) {
        total[i] += r[i];
      }
    }
    return total;
  }

  private static double median(Burst[] bursts, ToDoubleFunction<Burst> f) {
    return median(Arrays.stream(bursts).mapToDouble(f).toArray());
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
