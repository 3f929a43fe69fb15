package io.ottu.benchmarks.vault;

import io.ottu.CardData;
import io.ottu.CardNumbers;
import io.ottu.access.Principal;
import io.ottu.vault.CardVault;
import io.ottu.vault.keys.InMemoryKeyProvider;
import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Paired measurement of the vault against its cryptographic floor, for machines too noisy for
 * {@link VaultBenchmark}'s one-after-the-other runs (shared CI hosts, laptops): it alternates short
 * bursts of vault work and of floor work many times, on the same threads, so that both see the same
 * background load, and reports the median of the per-round throughput ratios. The work in each
 * burst is exactly {@link VaultBenchmark}'s: tokenize vs seal (new data key, AES-256-GCM the card,
 * wrap the key under the KEK), detokenize vs open. A fresh vault replaces the old one every ten
 * rounds so the in-memory store does not grow without bound.
 *
 * <p>Run: {@code java -cp examples/benchmarks/target/benchmarks.jar
 * io.ottu.benchmarks.vault.VaultFloorRatio [threads] [rounds] [burstMillis]}.
 */
public final class VaultFloorRatio {
  private static final int SAMPLES = 1024;
  private static final String PAN = "4242424242424242";

  private VaultFloorRatio() {}

  /** Thread-confined floor state, as in {@link VaultBenchmark.Floor}. */
  private static final class Floor {
    final byte[] payload = new byte[2 + 16 + 3];
    final byte[] cardAad =
        "ottu-vault/card/v1\0tok_0123456789abcdefghijkl".getBytes(StandardCharsets.UTF_8);
    final byte[] keyAad =
        "ottu-vault/dek/v1\0tok_0123456789abcdefghijkl\0001".getBytes(StandardCharsets.UTF_8);
    final SecureRandom random;
    final Cipher dataGcm;
    final Cipher kekGcm;
    final SecretKeySpec kek;
    final byte[][][] sealed = new byte[SAMPLES][][];
    int next;

    Floor() throws GeneralSecurityException {
      random =
          SecureRandom.getInstance(
              "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
      dataGcm = Cipher.getInstance("AES/GCM/NoPadding");
      kekGcm = Cipher.getInstance("AES/GCM/NoPadding");
      byte[] k = new byte[32];
      random.nextBytes(k);
      kek = new SecretKeySpec(k, "AES");
      payload[0] = 1;
      payload[1] = 16;
      for (int i = 0; i < 16; i++) {
        payload[2 + i] = (byte) PAN.charAt(i);
      }
      for (int i = 0; i < SAMPLES; i++) {
        sealed[i] = seal();
      }
    }

    byte[][] seal() throws GeneralSecurityException {
      byte[] dataKey = new byte[32];
      random.nextBytes(dataKey);
      byte[] nonce = new byte[12];
      random.nextBytes(nonce);
      dataGcm.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
      dataGcm.updateAAD(cardAad);
      byte[] ct = dataGcm.doFinal(payload);
      byte[] wrapNonce = new byte[12];
      random.nextBytes(wrapNonce);
      kekGcm.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(128, wrapNonce));
      kekGcm.updateAAD(keyAad);
      return new byte[][] {ct, nonce, kekGcm.doFinal(dataKey), wrapNonce};
    }

    byte[] open() throws GeneralSecurityException {
      byte[][] s = sealed[next++ & (SAMPLES - 1)];
      kekGcm.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(128, s[3]));
      kekGcm.updateAAD(keyAad);
      byte[] dataKey = kekGcm.doFinal(s[2]);
      dataGcm.init(
          Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, s[1]));
      dataGcm.updateAAD(cardAad);
      return dataGcm.doFinal(s[0]);
    }
  }

  private interface Op {
    void run(int thread, int i) throws Exception;
  }

  /** Runs {@code op} on every thread for {@code millis}; returns operations per second. */
  private static double burst(int threads, long millis, Op op) throws Exception {
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    CyclicBarrier end = new CyclicBarrier(threads + 1);
    LongAdder done = new LongAdder();
    Throwable[] failure = new Throwable[1];
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int id = t;
      workers[t] =
          new Thread(
              () -> {
                try {
                  start.await();
                  long stop = System.nanoTime() + millis * 1_000_000;
                  int i = 0;
                  while (System.nanoTime() < stop) {
                    op.run(id, i++);
                  }
                  done.add(i);
                  end.await();
                } catch (Throwable e) {
                  failure[0] = e;
                  end.reset();
                }
              });
      workers[t].start();
    }
    start.await();
    long began = System.nanoTime();
    end.await();
    long ended = System.nanoTime();
    for (Thread t : workers) {
      t.join();
    }
    if (failure[0] != null) {
      throw new IllegalStateException(failure[0]);
    }
    return done.sum() / ((ended - began) / 1e9);
  }

  /**
   * Runs the paired measurement.
   *
   * @param args threads (default 1), rounds (default 60), burst milliseconds (default 100)
   */
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    long millis = args.length > 2 ? Long.parseLong(args[2]) : 100;
    CardData[] cards = new CardData[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      cards[i] = CardData.builder().number(visaLike(i)).expiry(12, 2030).build();
    }
    Floor[] floors = new Floor[threads];
    for (int t = 0; t < threads; t++) {
      floors[t] = new Floor();
    }
    CardVault[] vault = new CardVault[1];
    String[][] tokens = new String[1][];
    Principal[] engine = new Principal[1];
    List<double[]> results = new ArrayList<>();
    int warmup = Math.max(10, rounds / 5);
    for (int round = 0; round < warmup + rounds; round++) {
      if (round % 10 == 0) {
        vault[0] = CardVault.builder().keyProvider(InMemoryKeyProvider.create()).build();
        engine[0] = vault[0].enginePrincipal();
        tokens[0] = new String[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
          tokens[0][i] = vault[0].tokenize(cards[i]).token();
        }
        System.gc();
      }
      CardVault v = vault[0];
      String[] tk = tokens[0];
      Principal who = engine[0];
      double tokenize =
          burst(threads, millis, (t, i) -> v.tokenize(cards[(i * 7 + t) & (SAMPLES - 1)]));
      double seal = burst(threads, millis, (t, i) -> floors[t].seal());
      double detokenize =
          burst(
              threads, millis, (t, i) -> v.detokenize(tk[(i * 7 + t) & (SAMPLES - 1)], who).wipe());
      double open = burst(threads, millis, (t, i) -> floors[t].open());
      if (round >= warmup) {
        results.add(new double[] {tokenize, seal, detokenize, open});
      }
    }
    double[] tok = column(results, 0);
    double[] sea = column(results, 1);
    double[] det = column(results, 2);
    double[] ope = column(results, 3);
    double[] tokRatio = new double[results.size()];
    double[] detRatio = new double[results.size()];
    for (int i = 0; i < results.size(); i++) {
      tokRatio[i] = tok[i] / sea[i];
      detRatio[i] = det[i] / ope[i];
    }
    System.out.printf(
        Locale.ROOT,
        "threads=%d rounds=%d burst=%dms (median over rounds; p25-p75)%n",
        threads,
        rounds,
        millis);
    System.out.printf(
        Locale.ROOT,
        "tokenize    %10.0f ops/s  (%.0f-%.0f)%n",
        median(tok),
        p(tok, 25),
        p(tok, 75));
    System.out.printf(
        Locale.ROOT,
        "floor seal  %10.0f ops/s  (%.0f-%.0f)%n",
        median(sea),
        p(sea, 25),
        p(sea, 75));
    System.out.printf(
        Locale.ROOT,
        "tokenize / floor   ratio %.2f  (%.2f-%.2f)%n",
        median(tokRatio),
        p(tokRatio, 25),
        p(tokRatio, 75));
    System.out.printf(
        Locale.ROOT,
        "detokenize  %10.0f ops/s  (%.0f-%.0f)%n",
        median(det),
        p(det, 25),
        p(det, 75));
    System.out.printf(
        Locale.ROOT,
        "floor open  %10.0f ops/s  (%.0f-%.0f)%n",
        median(ope),
        p(ope, 25),
        p(ope, 75));
    System.out.printf(
        Locale.ROOT,
        "detokenize / floor ratio %.2f  (%.2f-%.2f)%n",
        median(detRatio),
        p(detRatio, 25),
        p(detRatio, 75));
  }

  static String visaLike(int i) {
    String body = "424242" + String.format(Locale.ROOT, "%09d", i);
    for (int d = 0; d <= 9; d++) {
      if (CardNumbers.luhnValid(body + d)) {
        return body + d;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private static double[] column(List<double[]> rows, int c) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i)[c];
    }
    return out;
  }

  private static double median(double[] values) {
    return p(values, 50);
  }

  private static double p(double[] values, int percentile) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.round((sorted.length - 1) * percentile / 100.0);
    return sorted[index];
  }
}
