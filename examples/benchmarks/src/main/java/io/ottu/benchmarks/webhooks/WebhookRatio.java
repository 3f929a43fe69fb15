package io.ottu.benchmarks.webhooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Paired measurement of webhook verification and delivery against their floors, for machines too
 * noisy for the JMH benchmarks' one-after-the-other runs: it alternates short bursts of each
 * scheme's verification with bursts of raw HMAC-SHA256 over the same bytes (and bursts of publisher
 * deliveries with bursts of a hand-written OkHttp POST to the same receiver), many times on one
 * thread, so both sides of each ratio see the same background load, and reports the median
 * per-round throughput and ratio. The work is exactly {@link WebhookVerifyBenchmark}'s and {@link
 * WebhookDeliveryBenchmark}'s.
 *
 * <p>Run: {@code java -Dsun.net.httpserver.nodelay=true -cp
 * examples/benchmarks/target/benchmarks.jar io.ottu.benchmarks.webhooks.WebhookRatio [rounds]
 * [burstMillis]}.
 */
public final class WebhookRatio {
  private static volatile int sink;

  private WebhookRatio() {}

  /**
   * Runs the paired measurement and prints a table.
   *
   * @param args optional rounds (default 30) and burst length in milliseconds (default 100)
   */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    long burstMillis = args.length > 1 ? Long.parseLong(args[1]) : 100;

    WebhookVerifyBenchmark v = new WebhookVerifyBenchmark();
    v.setUp();
    WebhookVerifyBenchmark.RawMac raw = new WebhookVerifyBenchmark.RawMac();
    raw.init();
    Map<String, Callable<Object>> schemes = new LinkedHashMap<>();
    schemes.put("stripe", v::stripe);
    schemes.put("standard", v::standard);
    schemes.put("checkoutCom", v::checkoutCom);
    schemes.put("adyen", v::adyen);
    schemes.put("tap", v::tap);
    schemes.put("mpgs", v::mpgs);
    Callable<Object> floor = () -> v.rawHmacSha256(raw);

    // Warm up every path so the JIT has compiled them before the paired rounds.
    for (int i = 0; i < 5; i++) {
      burst(floor, burstMillis);
      for (Callable<Object> c : schemes.values()) {
        burst(c, burstMillis);
      }
    }
    System.out.printf(
        Locale.ROOT, "%-22s %14s %14s %10s%n", "verification", "ops/s", "raw HMAC ops/s", "ratio");
    for (Map.Entry<String, Callable<Object>> e : schemes.entrySet()) {
      double[] mine = new double[rounds];
      double[] base = new double[rounds];
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        base[r] = burst(floor, burstMillis);
        mine[r] = burst(e.getValue(), burstMillis);
        ratio[r] = mine[r] / base[r];
      }
      System.out.printf(
          Locale.ROOT,
          "%-22s %14.0f %14.0f %10.3f%n",
          e.getKey(),
          median(mine),
          median(base),
          median(ratio));
    }

    WebhookDeliveryBenchmark d = new WebhookDeliveryBenchmark();
    d.startReceiver();
    d.newPublishers();
    try {
      Callable<Object> post = d::rawOkHttpPost;
      Callable<Object> publish = d::publishAndDispatch;
      for (int i = 0; i < 5; i++) {
        burst(post, burstMillis);
        burst(publish, burstMillis);
      }
      double[] mine = new double[rounds];
      double[] base = new double[rounds];
      double[] ratio = new double[rounds];
      List<Double> background = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        base[r] = burst(post, burstMillis);
        mine[r] = burst(publish, burstMillis);
        ratio[r] = mine[r] / base[r];
        long t0 = System.nanoTime();
        d.background();
        background.add(200 / ((System.nanoTime() - t0) / 1e9));
        if (r % 10 == 9) {
          // A fresh outbox now and then, so the in-memory one does not grow through the run.
          d.closePublishers();
          d.newPublishers();
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%n%-22s %14s %14s %10s%n",
          "delivery",
          "per second",
          "raw POST /s",
          "ratio");
      System.out.printf(
          Locale.ROOT,
          "%-22s %14.0f %14.0f %10.3f%n",
          "publishAndDispatch",
          median(mine),
          median(base),
          median(ratio));
      double[] bg = background.stream().mapToDouble(Double::doubleValue).toArray();
      System.out.printf(
          Locale.ROOT, "%-22s %14.0f %14s %10s%n", "background (8 threads)", median(bg), "", "");
    } finally {
      d.closePublishers();
      d.stopReceiver();
    }
  }

  private static double burst(Callable<Object> work, long millis) throws Exception {
    long end = System.nanoTime() + millis * 1_000_000;
    long ops = 0;
    int h = 0;
    long start = System.nanoTime();
    long now;
    do {
      h += System.identityHashCode(work.call());
      ops++;
      now = System.nanoTime();
    } while (now < end);
    sink = h;
    return ops / ((now - start) / 1e9);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
