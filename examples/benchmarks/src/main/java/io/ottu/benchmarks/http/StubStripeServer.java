package io.ottu.benchmarks.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Stripe stand-in on the JDK's {@link HttpServer}: {@code POST /v1/payment_intents}
 * answers {@code 200} with a realistic, succeeded PaymentIntent (about 1.6 KB, shaped like Stripe's
 * documented object) whose {@code amount}, {@code amount_received} and {@code currency} echo the
 * request's form fields, with {@code Content-Type: application/json} and a {@code Request-Id}.
 * Anything else is a {@code 404} with Stripe's error shape.
 *
 * <p>Both sides of {@link StripeHttpBenchmark} talk to the same server, so its cost (small, and the
 * same per request) is in both figures. DESIGN §7: on JDK 17 this server stalls about 44 ms per
 * request (Nagle and delayed ACK) unless {@code sun.net.httpserver.nodelay} is {@code true} when
 * its configuration class loads; {@link #start(int)} sets the property first, and the benchmark
 * also passes it on the forked JVM's command line. Call {@link #captureNext()} to record the next
 * request (headers and body) for checking what a client sends; nothing is recorded otherwise.
 */
public final class StubStripeServer implements AutoCloseable {
  /** The only path served. */
  public static final String PATH = "/v1/payment_intents";

  private static final byte[] NOT_FOUND =
      ("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\","
              + "\"message\":\"Unrecognized request URL.\"}}")
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] MISSING_PARAM =
      ("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"parameter_missing\","
              + "\"message\":\"Missing required param: amount or currency.\"}}")
          .getBytes(StandardCharsets.UTF_8);

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong requests = new AtomicLong();
  private volatile boolean capture;
  private volatile CapturedRequest captured;

  private StubStripeServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts a server on {@code 127.0.0.1} and a free port.
   *
   * @param threads the handler threads (a fixed pool); at least the client concurrency
   */
  public static StubStripeServer start(int threads) throws IOException {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "stub-stripe-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ExecutorService executor = Executors.newFixedThreadPool(threads, factory);
    StubStripeServer stub = new StubStripeServer(server, executor);
    server.createContext("/", stub::handle);
    server.setExecutor(executor);
    server.start();
    return stub;
  }

  /** The base URL, {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many requests were answered. */
  public long requests() {
    return requests.get();
  }

  /** Records the next request; read it with {@link #captured()}. */
  public void captureNext() {
    captured = null;
    capture = true;
  }

  /** The request recorded after {@link #captureNext()}, or null. */
  public CapturedRequest captured() {
    return captured;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      long n = requests.incrementAndGet();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (!exchange.getRequestMethod().equals("POST")
          || !exchange.getRequestURI().getPath().equals(PATH)) {
        respond(exchange, n, 404, NOT_FOUND);
        return;
      }
      String form = new String(body, StandardCharsets.US_ASCII);
      if (capture) {
        capture = false;
        captured = new CapturedRequest(exchange.getRequestHeaders(), form);
      }
      String amount = field(form, "amount");
      String currency = field(form, "currency");
      if (amount == null || currency == null) {
        respond(exchange, n, 400, MISSING_PARAM);
        return;
      }
      respond(exchange, n, 200, paymentIntent(n, amount, currency));
    }
  }

  private static void respond(HttpExchange exchange, long n, int status, byte[] bytes)
      throws IOException {
    Headers h = exchange.getResponseHeaders();
    h.set("Content-Type", "application/json");
    h.set("Request-Id", objectId("req_", n, 0x5EED_0003L).substring(0, 18));
    h.set("Idempotent-Replayed", "false");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The value of a top-level form field (digits and letters only here: no decoding needed). */
  private static String field(String form, String name) {
    int at = 0;
    while (at < form.length()) {
      int end = form.indexOf('&', at);
      if (end < 0) {
        end = form.length();
      }
      if (end - at > name.length()
          && form.charAt(at + name.length()) == '='
          && form.startsWith(name, at)) {
        return form.substring(at + name.length() + 1, end);
      }
      at = end + 1;
    }
    return null;
  }

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  /**
   * A Stripe-like object id for the {@code n}-th answer: the prefix and 24 letters and digits that
   * look random, as Stripe's do ({@code pi_3MtwBwLkdIwHu7ix28a3tqPa}). The first 11 encode a
   * bijective mix of {@code n}, so ids never repeat. Ids that count up under a fixed suffix would
   * be unlike Stripe's, and their {@code String} hashes crowd a few buckets of any hash table a
   * client keeps them in.
   */
  static String objectId(String prefix, long n, long salt) {
    char[] out = new char[prefix.length() + 24];
    prefix.getChars(0, prefix.length(), out, 0);
    long unique = mix(n);
    long filler = mix(n ^ salt);
    for (int i = 0; i < 24; i++) {
      long source = i < 11 ? unique : filler;
      out[prefix.length() + i] = BASE62[(int) Long.remainderUnsigned(source, 62)];
      if (i < 11) {
        unique = Long.divideUnsigned(unique, 62);
      } else {
        filler = Long.divideUnsigned(filler, 62);
      }
    }
    return new String(out);
  }

  /** SplitMix64's finaliser: a bijection of the 64-bit values. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static byte[] paymentIntent(long n, String amount, String currency) {
    String id = objectId("pi_", n, 0x5EED_0001L);
    String charge = objectId("ch_", n, 0x5EED_0002L);
    String json =
        "{\n"
            + "  \"id\": \""
            + id
            + "\",\n"
            + "  \"object\": \"payment_intent\",\n"
            + "  \"amount\": "
            + amount
            + ",\n"
            + "  \"amount_capturable\": 0,\n"
            + "  \"amount_details\": {\"tip\": {}},\n"
            + "  \"amount_received\": "
            + amount
            + ",\n"
            + "  \"application\": null,\n"
            + "  \"application_fee_amount\": null,\n"
            + "  \"automatic_payment_methods\": null,\n"
            + "  \"canceled_at\": null,\n"
            + "  \"cancellation_reason\": null,\n"
            + "  \"capture_method\": \"automatic\",\n"
            + "  \"client_secret\": \""
            + id
            + "_secret_5rVmQz8pLk2NcWdEoRtYuIaSf\",\n"
            + "  \"confirmation_method\": \"automatic\",\n"
            + "  \"created\": 1767225600,\n"
            + "  \"currency\": \""
            + currency
            + "\",\n"
            + "  \"customer\": null,\n"
            + "  \"description\": null,\n"
            + "  \"last_payment_error\": null,\n"
            + "  \"latest_charge\": \""
            + charge
            + "\",\n"
            + "  \"livemode\": false,\n"
            + "  \"metadata\": {},\n"
            + "  \"next_action\": null,\n"
            + "  \"on_behalf_of\": null,\n"
            + "  \"payment_method\": \"pm_1Q0PsIJvEtkwdCNYMSaVuRz6\",\n"
            + "  \"payment_method_configuration_details\": null,\n"
            + "  \"payment_method_options\": {\n"
            + "    \"card\": {\n"
            + "      \"installments\": null,\n"
            + "      \"mandate_options\": null,\n"
            + "      \"network\": null,\n"
            + "      \"request_three_d_secure\": \"automatic\"\n"
            + "    }\n"
            + "  },\n"
            + "  \"payment_method_types\": [\"card\"],\n"
            + "  \"processing\": null,\n"
            + "  \"receipt_email\": null,\n"
            + "  \"review\": null,\n"
            + "  \"setup_future_usage\": null,\n"
            + "  \"shipping\": null,\n"
            + "  \"source\": null,\n"
            + "  \"statement_descriptor\": null,\n"
            + "  \"statement_descriptor_suffix\": null,\n"
            + "  \"status\": \"succeeded\",\n"
            + "  \"transfer_data\": null,\n"
            + "  \"transfer_group\": null\n"
            + "}\n";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** Stops the server and its threads. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * One recorded request.
   *
   * @param headers the request headers as the server saw them
   * @param body the form body
   */
  public record CapturedRequest(Headers headers, String body) {}
}
