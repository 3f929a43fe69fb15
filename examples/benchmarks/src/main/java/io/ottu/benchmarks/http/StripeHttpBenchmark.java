package io.ottu.benchmarks.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ottu.CardData;
import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.PaymentClient;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import io.ottu.PaymentStatus;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.GatewaySource;
import io.ottu.gateways.stripe.StripeGateway;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end over HTTP (DESIGN §8, issue 4): {@link PaymentClient} with a {@link StripeGateway}
 * against a local {@link StubStripeServer}, versus {@link HandWrittenStripe} (OkHttp + Jackson)
 * sending the same request to the same server, at concurrency 1, 8 and 64. Target: the library at
 * 0.90 or more of the hand-written throughput at each level.
 *
 * <ul>
 *   <li>{@code cNNLibrary}: {@code client.payments().purchase(request)} of {@code 20.00 USD} on a
 *       fresh card (Stripe's test card {@code 4242424242424242}, expiry 12/2034, CVC, built per
 *       call because the engine wipes the CVC) with a unique reference, on a client with the
 *       default policy, routing and in-memory store, rebuilt every iteration (the store keeps every
 *       payment). The adapter is built with {@code httpClient(shared)}.
 *   <li>{@code cNNHandWritten}: the same request by hand on the {@code shared} client itself.
 * </ul>
 *
 * Both sides use one {@link OkHttpClient} (a pool of 128 idle connections, a dispatcher allowing
 * 128 requests per host) and one server per benchmark (a fixed pool of 96 handler threads). {@code
 * NN} is the number of JMH threads, each with a synchronous call outstanding. Before measuring, the
 * setup checks that both sides send the same form fields in the same order and the same headers,
 * and that a round trip takes well under a millisecond (it fails with the Nagle stall of DESIGN §7
 * otherwise); it prints what it found.
 *
 * <p>Run, all six benchmarks in one invocation (each in its own forked JVM with identical flags,
 * the library and hand-written benchmarks of one concurrency back to back): {@code java -jar
 * examples/benchmarks/target/benchmarks.jar 'http.StripeHttpBenchmark'} (30 s of warm-up per
 * benchmark: the library's code paths keep the JIT busy for tens of seconds on a 2-core machine).
 * To run them all in one JVM: {@code java -Dsun.net.httpserver.nodelay=true -Xms2g -Xmx2g -jar
 * examples/benchmarks/target/benchmarks.jar 'http.StripeHttpBenchmark' -f 0 ...}. {@link HttpRatio}
 * alternates the two sides in short bursts instead, for machines whose background load drifts;
 * {@link HttpCallCpu} alternates them call by call and reports each side's CPU on its calling
 * thread, steady enough to tell a change of a microsecond apart.
 *
 * <p>Reading the figures: where the callers and the server share fewer cores than there are callers
 * (8 and 64 callers on a 2-core machine), throughput is bound by CPU, and the ratio is about the
 * hand-written side's CPU per call (callers, server and OkHttp's threads together) over the
 * library's. The engine's work per payment (the attempt stored before the request leaves, the
 * routing decision on live statistics, the attempts and the settled payment stored after) then
 * shows in full; {@code -Dside=adapter} of {@link HttpRatio} measures the adapter alone, without
 * it. With one caller, or with more cores than callers, the call's latency bounds throughput and
 * the engine's share is its microseconds against the round trip's hundreds.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Dsun.net.httpserver.nodelay=true", "-Xms2g", "-Xmx2g"})
public class StripeHttpBenchmark {
  /** A Stripe test secret key (the one in Stripe's documentation); the stub does not check it. */
  static final String SECRET_KEY = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

  static final String PAN = "4242424242424242";
  static final int EXP_MONTH = 12;
  static final int EXP_YEAR = 2034;
  static final String CVC = "123";
  static final Money AMOUNT = Money.of("20.00", "USD");
  static final long AMOUNT_MINOR = 2000;
  static final String CURRENCY = "usd";

  /** The stub server, the shared client, the adapter and the hand-written caller. */
  @State(Scope.Benchmark)
  public static class Http {
    StubStripeServer server;
    OkHttpClient shared;
    StripeGateway stripe;
    HandWrittenStripe handWritten;
    final AtomicInteger threads = new AtomicInteger();

    /** Starts the server, builds both sides and checks them. */
    @Setup(Level.Trial)
    public void start() throws IOException {
      server = StubStripeServer.start(96);
      Dispatcher dispatcher = new Dispatcher();
      dispatcher.setMaxRequests(128);
      dispatcher.setMaxRequestsPerHost(128);
      shared =
          new OkHttpClient.Builder()
              .connectionPool(new ConnectionPool(128, 5, TimeUnit.MINUTES))
              .dispatcher(dispatcher)
              .build();
      stripe =
          StripeGateway.builder()
              .secretKey(SECRET_KEY)
              .baseUrl(server.baseUrl())
              .httpClient(shared)
              .build();
      handWritten = new HandWrittenStripe(shared, server.baseUrl(), SECRET_KEY);
      try (PaymentClient client = newClient(stripe)) {
        checkSameRequest(client);
        checkRoundTrip(client);
      }
    }

    /** Stops the server and releases the client's connections and threads. */
    @TearDown(Level.Trial)
    public void stop() {
      server.close();
      shared.connectionPool().evictAll();
      shared.dispatcher().executorService().shutdown();
    }

    private void checkSameRequest(PaymentClient client) throws IOException {
      Sequence seq = new Sequence();
      seq.prefix = "ord-check-";
      server.captureNext();
      library(client, seq);
      StubStripeServer.CapturedRequest lib = server.captured();
      server.captureNext();
      handWritten(this, seq);
      StubStripeServer.CapturedRequest hand = server.captured();
      if (lib == null || hand == null) {
        throw new IllegalStateException("the stub recorded no request");
      }
      List<String> libFields = fieldNames(lib.body());
      List<String> handFields = fieldNames(hand.body());
      Set<String> libHeaders = new TreeSet<>(lib.headers().keySet());
      Set<String> handHeaders = new TreeSet<>(hand.headers().keySet());
      System.out.printf(
          Locale.ROOT,
          "%nrequest check: library %d fields, %d body bytes, headers %s%n"
              + "               hand    %d fields, %d body bytes, headers %s%n"
              + "               fields %s%n",
          libFields.size(),
          lib.body().length(),
          libHeaders,
          handFields.size(),
          hand.body().length(),
          handHeaders,
          libFields);
      if (!libFields.equals(handFields)) {
        throw new IllegalStateException(
            "the hand-written form differs from the adapter's: " + handFields + " vs " + libFields);
      }
      if (!libHeaders.equals(handHeaders)) {
        throw new IllegalStateException(
            "the hand-written headers differ from the adapter's: "
                + handHeaders
                + " vs "
                + libHeaders);
      }
    }

    private void checkRoundTrip(PaymentClient client) throws IOException {
      Sequence seq = new Sequence();
      seq.prefix = "ord-rtt-";
      for (int i = 0; i < 2_000; i++) {
        handWritten(this, seq);
        library(client, seq);
      }
      long[] hand = new long[500];
      long[] lib = new long[500];
      for (int i = 0; i < hand.length; i++) {
        long t0 = System.nanoTime();
        handWritten(this, seq);
        long t1 = System.nanoTime();
        library(client, seq);
        long t2 = System.nanoTime();
        hand[i] = t1 - t0;
        lib[i] = t2 - t1;
      }
      Arrays.sort(hand);
      Arrays.sort(lib);
      System.out.printf(
          Locale.ROOT,
          "round trip (one caller, after warm-up): hand-written p50 %.0f us, p99 %.0f us;"
              + " library p50 %.0f us, p99 %.0f us%n",
          hand[hand.length / 2] / 1e3,
          hand[hand.length * 99 / 100] / 1e3,
          lib[lib.length / 2] / 1e3,
          lib[lib.length * 99 / 100] / 1e3);
      if (hand[hand.length / 2] > TimeUnit.MILLISECONDS.toNanos(5)) {
        throw new IllegalStateException(
            "a round trip to the stub takes "
                + hand[hand.length / 2] / 1_000_000
                + " ms: the Nagle + delayed-ACK stall (DESIGN §7); run with"
                + " -Dsun.net.httpserver.nodelay=true");
      }
    }
  }

  /** The library's client, rebuilt every iteration (the in-memory store keeps every payment). */
  @State(Scope.Benchmark)
  public static class Library {
    PaymentClient client;

    /** Builds a fresh client over the shared adapter. */
    @Setup(Level.Iteration)
    public void newClient(Http http) {
      client = StripeHttpBenchmark.newClient(http.stripe);
    }

    /** Closes the client. */
    @TearDown(Level.Iteration)
    public void closeClient() {
      client.close();
      client = null;
    }
  }

  /** Per-thread unique references: a thread prefix and a counter. */
  @State(Scope.Thread)
  public static class Sequence {
    String prefix;
    long next;

    /** Takes a thread number. */
    @Setup(Level.Trial)
    public void prefix(Http http) {
      prefix = "ord-" + http.threads.incrementAndGet() + "-";
    }

    String nextReference() {
      return prefix + next++;
    }
  }

  static PaymentClient newClient(StripeGateway stripe) {
    return PaymentClient.builder().gateway(stripe).build();
  }

  /**
   * The adapter alone, without the engine: {@code stripe.authorize} of the same card purchase with
   * ids as long as the engine's, checked for {@code CAPTURED}. {@link HttpRatio} measures it
   * instead of the library with {@code -Dside=adapter}, which tells the adapter's share of a gap
   * from the engine's.
   */
  static GatewayResult adapterOnly(StripeGateway stripe, Sequence seq) {
    String reference = seq.nextReference();
    GatewayResult r =
        stripe.authorize(
            new AuthorizeRequest(
                padded("pay_", reference, 26),
                reference,
                AMOUNT,
                GatewaySource.card(
                    CardData.builder().number(PAN).expiry(EXP_MONTH, EXP_YEAR).cvc(CVC).build()),
                true,
                padded("ot_", reference, 40),
                1,
                ThreeDSecure.AUTOMATIC,
                null,
                null,
                null,
                Map.of()));
    if (r.type() != GatewayResult.Type.CAPTURED) {
      throw new IllegalStateException("expected CAPTURED, was " + r.type());
    }
    return r;
  }

  static Payment library(PaymentClient client, Sequence seq) {
    PaymentRequest request =
        PaymentRequest.builder()
            .amount(AMOUNT)
            .source(
                PaymentSource.card(
                    CardData.builder().number(PAN).expiry(EXP_MONTH, EXP_YEAR).cvc(CVC).build()))
            .reference(seq.nextReference())
            .build();
    Payment p = client.payments().purchase(request);
    if (p.status() != PaymentStatus.CAPTURED) {
      throw new IllegalStateException("expected CAPTURED, was " + p.status());
    }
    return p;
  }

  static JsonNode handWritten(Http http, Sequence seq) throws IOException {
    String reference = seq.nextReference();
    // Ids as long as the engine's (pay_ + 26 characters; ot_ + 40 for the derived key), so both
    // sides send bodies and headers of the same size.
    return http.handWritten.purchase(
        AMOUNT_MINOR,
        CURRENCY,
        PAN,
        EXP_MONTH,
        EXP_YEAR,
        CVC,
        padded("pay_", reference, 26),
        reference,
        padded("ot_", reference, 40));
  }

  static String padded(String prefix, String value, int width) {
    StringBuilder b = new StringBuilder(prefix.length() + width).append(prefix);
    for (int i = value.length(); i < width; i++) {
      b.append('0');
    }
    return b.append(value).toString();
  }

  private static List<String> fieldNames(String form) {
    List<String> names = new ArrayList<>();
    for (String pair : form.split("&", -1)) {
      int eq = pair.indexOf('=');
      names.add(eq < 0 ? pair : pair.substring(0, eq));
    }
    return names;
  }

  /** One caller: the library. */
  @Benchmark
  @Threads(1)
  public Payment c01Library(Library library, Sequence seq) {
    return library(library.client, seq);
  }

  /** One caller: by hand. */
  @Benchmark
  @Threads(1)
  public JsonNode c01HandWritten(Http http, Sequence seq) throws IOException {
    return handWritten(http, seq);
  }

  /** Eight callers: the library. */
  @Benchmark
  @Threads(8)
  public Payment c08Library(Library library, Sequence seq) {
    return library(library.client, seq);
  }

  /** Eight callers: by hand. */
  @Benchmark
  @Threads(8)
  public JsonNode c08HandWritten(Http http, Sequence seq) throws IOException {
    return handWritten(http, seq);
  }

  /** 64 callers: the library. */
  @Benchmark
  @Threads(64)
  public Payment c64Library(Library library, Sequence seq) {
    return library(library.client, seq);
  }

  /** 64 callers: by hand. */
  @Benchmark
  @Threads(64)
  public JsonNode c64HandWritten(Http http, Sequence seq) throws IOException {
    return handWritten(http, seq);
  }
}
