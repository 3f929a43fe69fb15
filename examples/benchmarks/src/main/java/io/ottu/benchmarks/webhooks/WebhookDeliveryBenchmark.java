package io.ottu.benchmarks.webhooks;

import com.sun.net.httpserver.HttpServer;
import io.ottu.CardBrand;
import io.ottu.CardSummary;
import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.PaymentSource;
import io.ottu.PaymentStatus;
import io.ottu.SourceSummary;
import io.ottu.event.PaymentEvent;
import io.ottu.event.PaymentEventType;
import io.ottu.webhooks.AddressGuard;
import io.ottu.webhooks.OutboxStore;
import io.ottu.webhooks.StandardWebhooks;
import io.ottu.webhooks.WebhookEndpoint;
import io.ottu.webhooks.WebhookPublisher;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Outbound webhook deliveries per second to a local receiver (the JDK's HttpServer with
 * TCP_NODELAY, answering 200 at once), against a hand-written OkHttp POST of the same signed body
 * to the same receiver, in the same run.
 *
 * <ul>
 *   <li>{@code rawOkHttpPost}: the ceiling: sign with the public helper and POST, one at a time.
 *   <li>{@code publishAndDispatch}: {@code onEvent} (payload written, outbox append) then {@code
 *       dispatchDue()} on the caller's thread: claim, sign, POST, settle. One at a time.
 *   <li>{@code background}: 200 events for 200 payments into a started publisher (8 delivery
 *       threads, endpoint concurrency 8), measured until the receiver has all of them; reported per
 *       delivery.
 * </ul>
 *
 * A fresh in-memory outbox per iteration keeps it from growing across the run.
 *
 * <p>Run: {@code mvn -q -pl examples/benchmarks -am package -DskipTests} then {@code java -jar
 * examples/benchmarks/target/benchmarks.jar 'WebhookDeliveryBenchmark'}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
@State(Scope.Benchmark)
public class WebhookDeliveryBenchmark {
  private static final int BATCH = 200;
  private static final String SECRET = StandardWebhooks.newSecret();
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private HttpServer server;
  private ExecutorService serverThreads;
  private final AtomicLong received = new AtomicLong();
  private String url;
  private OkHttpClient raw;
  private WebhookPublisher manual;
  private WebhookPublisher background;
  private PaymentEvent template;
  private byte[] rawBody;
  private long counter;

  /** Starts the receiver. */
  @Setup(Level.Trial)
  public void startReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
    server.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(200, -1);
          ex.close();
          received.incrementAndGet();
        });
    serverThreads = Executors.newFixedThreadPool(8);
    server.setExecutor(serverThreads);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    raw = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    Instant at = Instant.now();
    Money amount = Money.of("12.500", "KWD");
    Payment p =
        Payment.builder()
            .id("pay_bench")
            .reference("order-1001")
            .amount(amount)
            .authorizedAmount(amount)
            .capturedAmount(amount)
            .status(PaymentStatus.CAPTURED)
            .gatewayId("stripe")
            .gatewayReference("pi_bench")
            .source(
                new SourceSummary(
                    PaymentSource.Type.CARD,
                    new CardSummary(CardBrand.VISA, "424242", "4242", 12, 2034),
                    null))
            .metadata(Map.of("order_id", "1001"))
            .createdAt(at)
            .version(3)
            .build();
    template =
        new PaymentEvent(
            "evt_bench", PaymentEventType.PAYMENT_CAPTURED, p, PaymentStatus.AUTHORIZED, null, at);
    rawBody =
        ("{\"id\":\"evt_bench\",\"type\":\"payment.captured\",\"data\":{\"payment_id\":\"pay_bench\"}}")
            .getBytes(StandardCharsets.UTF_8);
  }

  /** Fresh publishers (and outboxes) per iteration. */
  @Setup(Level.Iteration)
  public void newPublishers() {
    WebhookEndpoint endpoint =
        WebhookEndpoint.builder().id("bench").url(url).secret(SECRET).maxConcurrency(8).build();
    AddressGuard loopback = AddressGuard.builder().allowLoopback().build();
    manual =
        WebhookPublisher.builder()
            .endpoint(endpoint)
            .outbox(OutboxStore.inMemory())
            .addressGuard(loopback)
            .httpClient(raw)
            .build();
    background =
        WebhookPublisher.builder()
            .endpoint(endpoint)
            .outbox(OutboxStore.inMemory())
            .addressGuard(loopback)
            .httpClient(raw)
            .deliveryThreads(8)
            .pollInterval(Duration.ofMillis(5))
            .build()
            .start();
  }

  /** Stops the iteration's publishers. */
  @TearDown(Level.Iteration)
  public void closePublishers() {
    manual.close();
    background.close();
  }

  /** Stops the receiver. */
  @TearDown(Level.Trial)
  public void stopReceiver() {
    server.stop(0);
    serverThreads.shutdownNow();
  }

  private PaymentEvent next(String paymentSuffix) {
    long n = ++counter;
    Payment p = template.payment().toBuilder().id("pay_" + paymentSuffix + n).version(n).build();
    return new PaymentEvent(
        "evt_" + n, template.type(), p, template.previousStatus(), null, template.occurredAt());
  }

  /** The ceiling: sign and POST by hand. */
  @Benchmark
  public int rawOkHttpPost() throws IOException {
    Instant now = Instant.now();
    String id = "evt_raw" + (++counter);
    Request r =
        new Request.Builder()
            .url(url)
            .header("webhook-id", id)
            .header("webhook-timestamp", Long.toString(now.getEpochSecond()))
            .header("webhook-signature", StandardWebhooks.sign(SECRET, id, now, rawBody))
            .post(RequestBody.create(rawBody, JSON))
            .build();
    try (Response response = raw.newCall(r).execute()) {
      return response.code();
    }
  }

  /** One event through the outbox and a synchronous dispatch. */
  @Benchmark
  public int publishAndDispatch() {
    manual.onEvent(next("m"));
    return manual.dispatchDue();
  }

  /** {@value #BATCH} events delivered by the background dispatcher; per delivery. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long background() {
    long target = received.get() + BATCH;
    for (int i = 0; i < BATCH; i++) {
      background.onEvent(next("b"));
    }
    while (received.get() < target) {
      LockSupport.parkNanos(20_000);
    }
    return received.get();
  }
}
