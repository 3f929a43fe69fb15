package io.ottu.benchmarks.vault;

import io.ottu.CardData;
import io.ottu.access.Principal;
import io.ottu.vault.CardToken;
import io.ottu.vault.CardVault;
import io.ottu.vault.TokenFormat;
import io.ottu.vault.keys.InMemoryKeyProvider;
import java.nio.charset.StandardCharsets;
import java.security.DrbgParameters;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Vault throughput against the bare cryptography it needs, measured in the same run.
 *
 * <ul>
 *   <li>{@code tokenize}: {@link CardVault#tokenize(CardData)} with the in-memory key provider and
 *       store, random tokens, a card without CVC. {@code floorSeal}: what tokenization cannot
 *       avoid: draw a 256-bit data key and a nonce, AES-256-GCM the card payload under the data
 *       key, draw a second nonce and AES-256-GCM the data key under the KEK.
 *   <li>{@code detokenize}: {@link CardVault#detokenize} of pre-tokenized cards by the engine
 *       principal (access check, audit append to the hash-chained in-memory log, building a {@link
 *       CardData}). {@code floorOpen}: AES-256-GCM-decrypt the data key under the KEK, then the
 *       card payload under the data key.
 *   <li>{@code tokenizeFormatPreserving}: as {@code tokenize}, with FF1 tokens (for reference).
 * </ul>
 *
 * The floor uses the same JDK cipher, cached the way the vault caches it (per thread, one cipher
 * for data keys and one for the KEK, so the KEK's key schedule stays expanded), and the same kind
 * of random generator (a 256-bit-strength DRBG per thread). A fresh vault is built for every
 * iteration so the store and audit log do not grow across the run.
 *
 * <p>Run: {@code mvn -q -pl examples/benchmarks -am package -DskipTests} then {@code java -jar
 * examples/benchmarks/target/benchmarks.jar 'VaultBenchmark' -t 2}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class VaultBenchmark {
  private static final String PAN = "4242424242424242";
  private static final int SAMPLES = 1024;

  private CardVault vault;
  private CardVault fpeVault;
  private Principal engine;
  private CardData[] cards;
  private String[] tokens;

  /** A fresh vault (and store and audit log) for every iteration. */
  @Setup(Level.Iteration)
  public void newVault() {
    InMemoryKeyProvider keys = InMemoryKeyProvider.create();
    vault = CardVault.builder().keyProvider(keys).build();
    fpeVault =
        CardVault.builder().keyProvider(keys).tokenFormat(TokenFormat.FORMAT_PRESERVING).build();
    engine = vault.enginePrincipal();
    cards = new CardData[SAMPLES];
    tokens = new String[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      cards[i] = CardData.builder().number(visaLike(i)).expiry(12, 2030).build();
      tokens[i] = vault.tokenize(cards[i]).token();
    }
  }

  /** A distinct Luhn-valid 16-digit number per index: 424242, nine digits of i, a check digit. */
  static String visaLike(int i) {
    String body = "424242" + String.format("%09d", i);
    for (int d = 0; d <= 9; d++) {
      if (io.ottu.CardNumbers.luhnValid(body + d)) {
        return body + d;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** Per-thread position in the pre-tokenized cards. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
  }

  /** Per-thread bare cryptography: a cached cipher, a DRBG, a KEK and pre-sealed samples. */
  @State(Scope.Thread)
  public static class Floor {
    final byte[] payload = new byte[2 + 16 + 3];
    final byte[] cardAad =
        "ottu-vault/card/v1\0tok_0123456789abcdefghijkl".getBytes(StandardCharsets.UTF_8);
    final byte[] keyAad =
        "ottu-vault/dek/v1\0tok_0123456789abcdefghijkl\0001".getBytes(StandardCharsets.UTF_8);
    SecureRandom random;
    Cipher dataGcm;
    Cipher kekGcm;
    SecretKeySpec kek;
    byte[][] wrapped;
    byte[][] wrapNonces;
    byte[][] sealed;
    byte[][] nonces;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
      random =
          SecureRandom.getInstance(
              "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.NONE, null));
      dataGcm = Cipher.getInstance("AES/GCM/NoPadding");
      kekGcm = Cipher.getInstance("AES/GCM/NoPadding");
      byte[] kekBytes = new byte[32];
      random.nextBytes(kekBytes);
      kek = new SecretKeySpec(kekBytes, "AES");
      payload[0] = 1;
      payload[1] = 16;
      for (int i = 0; i < 16; i++) {
        payload[2 + i] = (byte) PAN.charAt(i);
      }
      wrapped = new byte[SAMPLES][];
      wrapNonces = new byte[SAMPLES][];
      sealed = new byte[SAMPLES][];
      nonces = new byte[SAMPLES][];
      for (int i = 0; i < SAMPLES; i++) {
        byte[][] out = seal(this);
        sealed[i] = out[0];
        nonces[i] = out[1];
        wrapped[i] = out[2];
        wrapNonces[i] = out[3];
      }
    }
  }

  private static byte[][] seal(Floor f) throws GeneralSecurityException {
    byte[] dataKey = new byte[32];
    f.random.nextBytes(dataKey);
    byte[] nonce = new byte[12];
    f.random.nextBytes(nonce);
    f.dataGcm.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, nonce));
    f.dataGcm.updateAAD(f.cardAad);
    byte[] sealed = f.dataGcm.doFinal(f.payload);
    byte[] wrapNonce = new byte[12];
    f.random.nextBytes(wrapNonce);
    f.kekGcm.init(Cipher.ENCRYPT_MODE, f.kek, new GCMParameterSpec(128, wrapNonce));
    f.kekGcm.updateAAD(f.keyAad);
    byte[] wrapped = f.kekGcm.doFinal(dataKey);
    return new byte[][] {sealed, nonce, wrapped, wrapNonce};
  }

  /** The vault's tokenization. */
  @Benchmark
  public CardToken tokenize(Cursor cursor) {
    return vault.tokenize(cards[cursor.next++ & (SAMPLES - 1)]);
  }

  /** The vault's detokenization, audited. */
  @Benchmark
  public void detokenize(Cursor cursor, Blackhole bh) {
    CardData back = vault.detokenize(tokens[cursor.next++ & (SAMPLES - 1)], engine);
    bh.consume(back.last4());
    back.wipe();
  }

  /** FF1 format-preserving tokenization, for reference. */
  @Benchmark
  public CardToken tokenizeFormatPreserving(Cursor cursor) {
    return fpeVault.tokenize(cards[cursor.next++ & (SAMPLES - 1)]);
  }

  /** The floor under tokenize: new data key, seal the card, wrap the key. */
  @Benchmark
  public byte[][] floorSeal(Floor floor) throws GeneralSecurityException {
    return seal(floor);
  }

  /** The floor under detokenize: unwrap the data key, open the card. */
  @Benchmark
  public byte[] floorOpen(Floor f) throws GeneralSecurityException {
    int i = f.next++ & (SAMPLES - 1);
    f.kekGcm.init(Cipher.DECRYPT_MODE, f.kek, new GCMParameterSpec(128, f.wrapNonces[i]));
    f.kekGcm.updateAAD(f.keyAad);
    byte[] dataKey = f.kekGcm.doFinal(f.wrapped[i]);
    f.dataGcm.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(dataKey, "AES"),
        new GCMParameterSpec(128, f.nonces[i]));
    f.dataGcm.updateAAD(f.cardAad);
    return f.dataGcm.doFinal(f.sealed[i]);
  }
}
