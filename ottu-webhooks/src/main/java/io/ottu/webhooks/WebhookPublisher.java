package io.ottu.webhooks;

import io.ottu.event.PaymentEvent;
import io.ottu.event.PaymentListener;
import io.ottu.webhooks.alerts.Alert;
import io.ottu.webhooks.alerts.AlertSink;
import io.ottu.webhooks.internal.GuardedHttp;
import io.ottu.webhooks.internal.Http;
import io.ottu.webhooks.internal.PayloadWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Payment events out to the host's endpoints as signed webhooks, from a durable outbox, at least
 * once. Register it as a listener; it records each event in the {@link OutboxStore} (one message
 * per matching endpoint) before {@link #onEvent} returns, and its dispatcher delivers them.
 *
 * <pre>{@code
 * WebhookPublisher publisher = WebhookPublisher.builder()
 *     .endpoint(WebhookEndpoint.builder().id("orders").url("https://orders.example.com/hooks")
 *         .secret(secret).build())
 *     .outbox(OutboxStore.inMemory())            // or a JDBC implementation
 *     .build()
 *     .start();                                  // background dispatch
 * PaymentClient client = PaymentClient.builder().listener(publisher)...build();
 * }</pre>
 *
 * <h2>Each delivery</h2>
 *
 * An HTTP {@code POST} of the JSON payload below with the Standard Webhooks headers: {@code
 * webhook-id} (the event id, the same on every attempt and every endpoint: receivers de-duplicate
 * on it), {@code webhook-timestamp} (this attempt's time, Unix seconds) and {@code
 * webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">} under the endpoint's
 * {@code whsec_} secret; receivers verify with any Standard Webhooks library, or {@link
 * WebhookVerifiers#standard(String)}. A 2xx answer settles the message; anything else, a timeout
 * ({@link Builder#timeout}) or a refused connection is a failed attempt. At most {@link
 * Builder#maxResponseBytes} of the answer are read. Redirects are not followed.
 *
 * <h2>The payload</h2>
 *
 * <pre>{@code
 * {
 *   "id": "evt_01jd...",                      // = webhook-id, stable
 *   "type": "payment.captured",              // PaymentEventType.wireName()
 *   "created_at": "2026-11-26T19:54:51.825Z", // when the change was committed
 *   "data": {
 *     "payment_id": "pay_01jd...",
 *     "reference": "order-1001",
 *     "status": "partially_captured",
 *     "previous_status": "authorized",        // or null
 *     "amount":     {"value": "12.500", "currency": "KWD"},
 *     "authorized": {"value": "12.500", "currency": "KWD"},
 *     "captured":   {"value": "5.000",  "currency": "KWD"},
 *     "refunded":   {"value": "0.000",  "currency": "KWD"},
 *     "gateway": "stripe",                    // or null
 *     "gateway_reference": "pi_3Q...",        // or null
 *     "sequence": 7,                          // per payment, strictly increasing (with gaps)
 *     "source": {"type": "card", "brand": "visa", "last4": "4242"},
 *     "decline": null,                        // or {"reason": "insufficient_funds", "code": "...", "soft": false}
 *     "metadata": {"order_id": "1001"},       // the host's own metadata
 *     "transaction": {                        // the movement this event concerns, or null
 *       "id": "txn_2", "type": "capture", "status": "succeeded",
 *       "amount": {"value": "5.000", "currency": "KWD"},
 *       "gateway": "stripe", "gateway_reference": "ch_3Q...",
 *       "created_at": "...", "updated_at": "..."
 *     }
 *   }
 * }
 * }</pre>
 *
 * Amounts are exact decimal strings in the currency's minor units. Of the card, only brand and last
 * four digits are ever sent. A receiver orders a payment's events by {@code sequence}.
 *
 * <h2>Order, concurrency, retries</h2>
 *
 * Deliveries about one payment go to an endpoint one at a time and in sequence: event {@code n+1}
 * waits until {@code n} is delivered or dead-lettered. Across payments, up to {@link
 * WebhookEndpoint#maxConcurrency()} deliveries are in flight per endpoint. A failed attempt is
 * retried on the {@link RetrySchedule} (by default 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h
 * and 12 h with 10% jitter: 10 attempts over about 22 h 43 min), then dead-lettered; {@link
 * #redeliver(String)} and {@link #replay(Instant, Instant)} send messages again. An endpoint with
 * {@link Builder#disableAfterDeadLetters} consecutive dead letters, or failing without a success
 * for {@link Builder#disableAfterFailingFor}, is disabled and an {@link
 * Alert.Type#ENDPOINT_DISABLED} alert raised; its messages wait in the outbox until {@link
 * #enableEndpoint(String)}.
 *
 * <h2>Addresses</h2>
 *
 * Each endpoint's host is resolved once per connection through the {@link AddressGuard} (public
 * addresses only unless allow-listed) and the connection goes to the checked address; no proxy is
 * used.
 *
 * <h2>Threads</h2>
 *
 * {@link #start()} runs a dispatcher thread that wakes on each new event and every {@link
 * Builder#pollInterval}, and delivers on a pool of {@link Builder#deliveryThreads} threads (by
 * default one per unit of endpoint concurrency); blocking I/O never runs on the dispatcher thread.
 * Without {@code start()}, nothing is sent until {@link #dispatchDue()} is called: tests drive time
 * with a fake clock and call it by hand. {@link #close()} stops both and releases the HTTP client
 * if the publisher created it. Thread-safe.
 */
public final class WebhookPublisher implements PaymentListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookPublisher.class);
  private static final String USER_AGENT = "ottu-webhooks/1";
  private static final Duration PURGE_EVERY = Duration.ofHours(1);

  private final Map<String, EndpointState> endpoints;
  private final OutboxStore outbox;
  private final OkHttpClient http;
  private final boolean ownsHttp;
  private final Clock clock;
  private final RetrySchedule schedule;
  private final RandomGenerator random;
  private final Duration timeout;
  private final Duration lease;
  private final int maxResponseBytes;
  private final AlertSink alerts;
  private final int disableAfterDeadLetters;
  private final Duration disableAfterFailingFor;
  private final Duration retention;
  private final Duration pollInterval;
  private final ExecutorService deliveries;
  private final Object wakeLock = new Object();
  private boolean wakeSignal;
  private volatile boolean running;
  private volatile boolean closed;
  private Thread dispatcher;
  private volatile Instant nextPurge;

  private WebhookPublisher(Builder b) {
    if (b.endpoints.isEmpty()) {
      throw new IllegalArgumentException("endpoint: at least one endpoint is required");
    }
    if (b.lease.compareTo(b.timeout) <= 0) {
      throw new IllegalArgumentException("lease: must be longer than the timeout");
    }
    Map<String, EndpointState> states = new LinkedHashMap<>();
    for (WebhookEndpoint e : b.endpoints) {
      if (states.put(e.id(), new EndpointState(e)) != null) {
        throw new IllegalArgumentException("endpoint: the id " + e.id() + " is used twice");
      }
    }
    this.endpoints = states;
    this.outbox = b.outbox != null ? b.outbox : OutboxStore.inMemory();
    this.ownsHttp = b.httpClient == null;
    this.http = GuardedHttp.client(b.httpClient, b.guard, b.connectTimeout, b.timeout);
    this.clock = b.clock;
    this.schedule = b.schedule;
    this.random = b.random;
    this.timeout = b.timeout;
    this.lease = b.lease;
    this.maxResponseBytes = b.maxResponseBytes;
    this.alerts = b.alerts;
    this.disableAfterDeadLetters = b.disableAfterDeadLetters;
    this.disableAfterFailingFor = b.disableAfterFailingFor;
    this.retention = b.retention;
    this.pollInterval = b.pollInterval;
    int threads = b.deliveryThreads;
    if (threads == 0) {
      // One thread per permit: a claimed message never waits in a queue while its lease runs.
      int permits = 0;
      for (WebhookEndpoint e : b.endpoints) {
        permits += e.maxConcurrency();
      }
      threads = Math.min(permits, 64);
    }
    AtomicInteger n = new AtomicInteger();
    this.deliveries =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "ottu-webhooks-delivery-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.nextPurge = clock.instant();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records the event for every endpoint that wants its type, before returning. If the outbox
   * fails, this throws: the engine logs and counts a failing listener, and the payment is
   * unaffected.
   */
  @Override
  public void onEvent(PaymentEvent event) {
    Objects.requireNonNull(event, "event");
    if (closed) {
      throw new IllegalStateException("the webhook publisher is closed");
    }
    String payload = null;
    Instant now = clock.instant();
    List<OutboxMessage> messages = new ArrayList<>(endpoints.size());
    for (EndpointState s : endpoints.values()) {
      if (!s.endpoint.accepts(event.type())) {
        continue;
      }
      if (payload == null) {
        payload = PayloadWriter.write(event);
      }
      messages.add(
          OutboxMessage.pending(
              s.endpoint.id(),
              event.id(),
              event.type().wireName(),
              event.payment().id(),
              event.sequence(),
              payload,
              event.occurredAt(),
              now));
    }
    if (!messages.isEmpty()) {
      outbox.append(messages);
      wake();
    }
  }

  /**
   * Starts background dispatch (idempotent).
   *
   * @return this publisher
   * @throws IllegalStateException if it is closed
   */
  public synchronized WebhookPublisher start() {
    if (closed) {
      throw new IllegalStateException("the webhook publisher is closed");
    }
    if (running) {
      return this;
    }
    running = true;
    dispatcher = new Thread(this::dispatchLoop, "ottu-webhooks-dispatcher");
    dispatcher.setDaemon(true);
    dispatcher.start();
    return this;
  }

  /**
   * Delivers, on the calling thread, every message that is due now by the publisher's clock, and
   * then those that became due by that (a payment's next event after its previous one was
   * delivered), until none is due. For tests and for hosts that drive dispatch from their own
   * scheduler instead of {@link #start()}.
   *
   * @return the number of delivery attempts made
   */
  public int dispatchDue() {
    int total = 0;
    int n;
    while ((n = round(false)) > 0) {
      total += n;
    }
    maybePurge();
    return total;
  }

  private void dispatchLoop() {
    while (running) {
      try {
        round(true);
        maybePurge();
      } catch (RuntimeException e) {
        log.error("webhook dispatch round failed: {}", e.toString());
      }
      synchronized (wakeLock) {
        try {
          if (!wakeSignal && running) {
            wakeLock.wait(Math.max(1, pollInterval.toMillis()));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        wakeSignal = false;
      }
    }
  }

  private void wake() {
    synchronized (wakeLock) {
      wakeSignal = true;
      wakeLock.notifyAll();
    }
  }

  /** One pass over the endpoints: claim what is due, within each endpoint's free capacity. */
  private int round(boolean async) {
    int claimed = 0;
    Instant now = clock.instant();
    for (EndpointState s : endpoints.values()) {
      if (!s.isEnabled()) {
        continue;
      }
      int free = s.permits.drainPermits();
      if (free == 0) {
        continue;
      }
      // On the caller's thread messages go one at a time: claim no more than is sent before the
      // lease runs out.
      int want = async ? free : 1;
      List<OutboxMessage> due;
      try {
        due = outbox.claimDue(s.endpoint.id(), now, want, now.plus(lease));
      } catch (RuntimeException e) {
        s.permits.release(free);
        log.error("claiming webhooks for endpoint {} failed: {}", s.endpoint.id(), e.toString());
        continue;
      }
      s.permits.release(free - due.size());
      for (OutboxMessage m : due) {
        claimed++;
        if (async) {
          submit(s, m);
        } else {
          try {
            deliver(s, m);
          } finally {
            s.permits.release();
          }
        }
      }
    }
    return claimed;
  }

  private void submit(EndpointState s, OutboxMessage m) {
    try {
      deliveries.execute(
          () -> {
            try {
              deliver(s, m);
            } finally {
              s.permits.release();
              wake();
            }
          });
    } catch (RejectedExecutionException e) {
      // Closing: the claim's lease runs out and the message is claimed again after a restart.
      s.permits.release();
    }
  }

  private void deliver(EndpointState s, OutboxMessage m) {
    try {
      send(s, m);
    } catch (RuntimeException e) {
      // The outbox failed to record the outcome: the lease expires and the message goes again.
      log.error("settling webhook {} failed: {}", m.id(), e.toString());
    }
  }

  private void send(EndpointState s, OutboxMessage m) {
    WebhookEndpoint e = s.endpoint;
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    int number = m.attempts() + 1;
    byte[] body = m.payload().getBytes(StandardCharsets.UTF_8);
    Request request =
        new Request.Builder()
            .url(e.httpUrl())
            .header(StandardWebhooks.ID_HEADER, m.webhookId())
            .header(StandardWebhooks.TIMESTAMP_HEADER, Long.toString(started.getEpochSecond()))
            .header(
                StandardWebhooks.SIGNATURE_HEADER,
                StandardWebhooks.sign(e.key(), m.webhookId(), started, body))
            .header("User-Agent", USER_AGENT)
            .post(RequestBody.create(body, Http.JSON))
            .build();
    int status = 0;
    String error = "";
    String snippet = "";
    try (Response response = http.newCall(request).execute()) {
      status = response.code();
      snippet = Http.readCapped(response.body(), maxResponseBytes);
    } catch (IOException ex) {
      if (status == 0) {
        error = Http.describe(ex);
      }
    } catch (RuntimeException ex) {
      error = "failed (" + ex.getClass().getSimpleName() + ")";
    }
    DeliveryAttempt attempt =
        new DeliveryAttempt(
            number, started, Duration.ofNanos(System.nanoTime() - t0), status, error, snippet);
    Instant now = clock.instant();
    if (attempt.succeeded()) {
      outbox.markDelivered(m.id(), attempt);
      s.succeeded(now);
      log.debug("webhook {} delivered to {} (attempt {})", m.webhookId(), e.id(), number);
      return;
    }
    Optional<Duration> wait = schedule.delayAfter(number, random);
    if (wait.isPresent()) {
      outbox.scheduleRetry(m.id(), attempt, now.plus(wait.get()));
      s.failed(now, false);
      log.info(
          "webhook {} to {} failed (attempt {}: {}); next attempt in {}",
          m.webhookId(),
          e.id(),
          number,
          attempt.describe(),
          wait.get());
    } else {
      outbox.markDeadLettered(m.id(), attempt);
      s.failed(now, true);
      log.warn(
          "webhook {} to {} dead-lettered after {} attempts (last: {})",
          m.webhookId(),
          e.id(),
          number,
          attempt.describe());
    }
    maybeDisable(s, now, attempt);
  }

  private void maybeDisable(EndpointState s, Instant now, DeliveryAttempt last) {
    String reason = s.disableIfFailing(now, disableAfterDeadLetters, disableAfterFailingFor);
    if (reason == null) {
      return;
    }
    log.error("webhook endpoint {} disabled: {}", s.endpoint.id(), reason);
    EndpointHealth h = s.health();
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("endpoint_id", s.endpoint.id());
    attrs.put("host", s.endpoint.httpUrl().host());
    attrs.put("consecutive_failures", Integer.toString(h.consecutiveFailures()));
    attrs.put("consecutive_dead_letters", Integer.toString(h.consecutiveDeadLetters()));
    if (h.failingSince() != null) {
      attrs.put("failing_since", h.failingSince().toString());
    }
    attrs.put("last_failure", last.describe());
    AlertSink.sendQuietly(
        alerts,
        Alert.of(
            Alert.Type.ENDPOINT_DISABLED,
            Alert.Severity.CRITICAL,
            s.endpoint.id(),
            "webhook endpoint " + s.endpoint.id() + " disabled: " + reason,
            now,
            attrs));
  }

  private void maybePurge() {
    Instant now = clock.instant();
    if (now.isBefore(nextPurge)) {
      return;
    }
    nextPurge = now.plus(PURGE_EVERY);
    try {
      int n = outbox.purge(now.minus(retention));
      if (n > 0) {
        log.debug("purged {} settled webhook messages", n);
      }
    } catch (RuntimeException e) {
      log.warn("purging the outbox failed: {}", e.toString());
    }
  }

  /**
   * Sends a message again (a delivered one, a dead letter, or a pending one now rather than later)
   * with a new round of attempts and the same {@code webhook-id}.
   *
   * @return false if there is no such message or it is being delivered right now
   */
  public boolean redeliver(String messageId) {
    boolean queued =
        outbox.requeue(Objects.requireNonNull(messageId, "messageId"), clock.instant());
    if (queued) {
      wake();
    }
    return queued;
  }

  /**
   * Sends again every delivered or dead-lettered message whose event occurred in {@code [from,
   * to)}, to the endpoints that got them, with the same {@code webhook-id}s.
   *
   * @return the number of messages queued
   */
  public int replay(Instant from, Instant to) {
    return replay(from, to, null);
  }

  /**
   * As {@link #replay(Instant, Instant)}, for one endpoint only.
   *
   * @param endpointId the endpoint, or null for all
   * @return the number of messages queued
   */
  public int replay(Instant from, Instant to, String endpointId) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Instant now = clock.instant();
    int n = 0;
    for (OutboxMessage m : outbox.findCreatedBetween(from, to)) {
      boolean settled =
          m.status() == DeliveryStatus.DELIVERED || m.status() == DeliveryStatus.DEAD_LETTERED;
      boolean wanted =
          endpointId == null
              ? endpoints.containsKey(m.endpointId())
              : endpointId.equals(m.endpointId());
      if (settled && wanted && outbox.requeue(m.id(), now)) {
        n++;
      }
    }
    if (n > 0) {
      wake();
    }
    return n;
  }

  /** The message with this id ({@code "{endpointId}:{eventId}"}). */
  public Optional<OutboxMessage> delivery(String messageId) {
    return outbox.find(Objects.requireNonNull(messageId, "messageId"));
  }

  /** Up to {@code limit} dead-lettered messages, oldest first. */
  public List<OutboxMessage> deadLetters(int limit) {
    return outbox.findByStatus(DeliveryStatus.DEAD_LETTERED, limit);
  }

  /** The configured endpoints, in configuration order. */
  public List<WebhookEndpoint> endpoints() {
    List<WebhookEndpoint> out = new ArrayList<>(endpoints.size());
    for (EndpointState s : endpoints.values()) {
      out.add(s.endpoint);
    }
    return out;
  }

  /**
   * How an endpoint is doing.
   *
   * @throws IllegalArgumentException if there is no such endpoint
   */
  public EndpointHealth endpointHealth(String endpointId) {
    return state(endpointId).health();
  }

  /**
   * Enables an endpoint again (after it was disabled by failures or by hand) and clears its failure
   * counts; its waiting messages are sent.
   *
   * @throws IllegalArgumentException if there is no such endpoint
   */
  public void enableEndpoint(String endpointId) {
    state(endpointId).enable();
    log.info("webhook endpoint {} enabled", endpointId);
    wake();
  }

  /**
   * Stops deliveries to an endpoint; new events for it are still recorded and wait.
   *
   * @throws IllegalArgumentException if there is no such endpoint
   */
  public void disableEndpoint(String endpointId, String reason) {
    state(endpointId).disable(reason == null ? "disabled by hand" : reason);
    log.info("webhook endpoint {} disabled by hand", endpointId);
  }

  private EndpointState state(String endpointId) {
    EndpointState s = endpoints.get(Objects.requireNonNull(endpointId, "endpointId"));
    if (s == null) {
      throw new IllegalArgumentException("endpointId: no endpoint " + endpointId);
    }
    return s;
  }

  /**
   * Stops the dispatcher and the delivery threads (waiting up to the timeout for deliveries in
   * flight), and releases the HTTP client if this publisher created it. Messages still in the
   * outbox stay there. Idempotent.
   */
  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = false;
      t = dispatcher;
    }
    wake();
    if (t != null) {
      try {
        t.join(Duration.ofSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    deliveries.shutdown();
    try {
      if (!deliveries.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        deliveries.shutdownNow();
      }
    } catch (InterruptedException e) {
      deliveries.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (ownsHttp) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "WebhookPublisher[endpoints=" + endpoints.keySet() + ", outbox=" + outbox + "]";
  }

  /** Per-endpoint capacity and health. */
  private static final class EndpointState {
    final WebhookEndpoint endpoint;
    final Semaphore permits;
    private boolean enabled = true;
    private String disabledReason = "";
    private int consecutiveFailures;
    private int consecutiveDeadLetters;
    private Instant failingSince;
    private Instant lastSuccessAt;

    EndpointState(WebhookEndpoint endpoint) {
      this.endpoint = endpoint;
      this.permits = new Semaphore(endpoint.maxConcurrency());
    }

    synchronized boolean isEnabled() {
      return enabled;
    }

    synchronized void succeeded(Instant now) {
      consecutiveFailures = 0;
      consecutiveDeadLetters = 0;
      failingSince = null;
      lastSuccessAt = now;
    }

    synchronized void failed(Instant now, boolean deadLettered) {
      consecutiveFailures++;
      if (deadLettered) {
        consecutiveDeadLetters++;
      }
      if (failingSince == null) {
        failingSince = now;
      }
    }

    /** Disables the endpoint if it failed for too long; returns why, or null if it stays on. */
    synchronized String disableIfFailing(Instant now, int maxDeadLetters, Duration maxFailing) {
      if (!enabled) {
        return null;
      }
      String reason = null;
      if (consecutiveDeadLetters >= maxDeadLetters) {
        reason = consecutiveDeadLetters + " consecutive dead letters";
      } else if (failingSince != null && !now.isBefore(failingSince.plus(maxFailing))) {
        reason = "failing without a success since " + failingSince;
      }
      if (reason != null) {
        enabled = false;
        disabledReason = reason;
      }
      return reason;
    }

    synchronized void enable() {
      enabled = true;
      disabledReason = "";
      consecutiveFailures = 0;
      consecutiveDeadLetters = 0;
      failingSince = null;
    }

    synchronized void disable(String reason) {
      enabled = false;
      disabledReason = reason;
    }

    synchronized EndpointHealth health() {
      return new EndpointHealth(
          endpoint.id(),
          enabled,
          consecutiveFailures,
          consecutiveDeadLetters,
          failingSince,
          lastSuccessAt,
          disabledReason);
    }
  }

  /** Builds a {@link WebhookPublisher}. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final List<WebhookEndpoint> endpoints = new ArrayList<>();
    private OutboxStore outbox;
    private OkHttpClient httpClient;
    private AddressGuard guard = AddressGuard.strict();
    private Clock clock = Clock.systemUTC();
    private RetrySchedule schedule = RetrySchedule.defaultSchedule();
    private RandomGenerator random = RandomGenerator.getDefault();
    private Duration timeout = Duration.ofSeconds(10);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration lease = Duration.ofMinutes(1);
    private int maxResponseBytes = 4096;
    private AlertSink alerts = AlertSink.NONE;
    private int disableAfterDeadLetters = 5;
    private Duration disableAfterFailingFor = Duration.ofDays(3);
    private Duration retention = Duration.ofDays(7);
    private Duration pollInterval = Duration.ofSeconds(1);
    private int deliveryThreads;

    private Builder() {}

    /** Adds an endpoint. At least one is required; ids must be unique. */
    public Builder endpoint(WebhookEndpoint endpoint) {
      endpoints.add(Objects.requireNonNull(endpoint, "endpoint"));
      return this;
    }

    /** Adds endpoints. */
    public Builder endpoints(Collection<WebhookEndpoint> endpoints) {
      for (WebhookEndpoint e : endpoints) {
        endpoint(e);
      }
      return this;
    }

    /** The outbox (default: in memory). */
    public Builder outbox(OutboxStore outbox) {
      this.outbox = Objects.requireNonNull(outbox, "outbox");
      return this;
    }

    /**
     * The client to share connection pools with; a copy is made with this publisher's timeouts,
     * address guard, no proxy, no redirects and no silent retries. Without one the publisher
     * creates (and on close releases) its own.
     */
    public Builder httpClient(OkHttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The guard against private-address targets (default {@link AddressGuard#strict()}). */
    public Builder addressGuard(AddressGuard guard) {
      this.guard = Objects.requireNonNull(guard, "guard");
      return this;
    }

    /** The clock for due times, signatures and health (tests move a fake one). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** When failed deliveries are retried (default {@link RetrySchedule#defaultSchedule()}). */
    public Builder retrySchedule(RetrySchedule schedule) {
      this.schedule = Objects.requireNonNull(schedule, "schedule");
      return this;
    }

    /** The randomness behind the retry jitter (tests fix a seed). */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /**
     * The longest one delivery may take, connection to last byte (default 10 s).
     *
     * @throws IllegalArgumentException unless positive and at most 5 minutes
     */
    public Builder timeout(Duration timeout) {
      this.timeout = positive("timeout", timeout, Duration.ofMinutes(5));
      return this;
    }

    /**
     * The longest a connection may take to open (default 5 s).
     *
     * @throws IllegalArgumentException unless positive and at most 1 minute
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive("connectTimeout", connectTimeout, Duration.ofMinutes(1));
      return this;
    }

    /**
     * How long a claim on a message holds (default 1 minute): after it, another dispatcher may send
     * the message again. Must be longer than the timeout.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder lease(Duration lease) {
      this.lease = positive("lease", lease, Duration.ofDays(1));
      return this;
    }

    /**
     * How much of each answer is read and kept for debugging (default 4096 bytes).
     *
     * @throws IllegalArgumentException unless 0 to 1 MiB
     */
    public Builder maxResponseBytes(int maxResponseBytes) {
      if (maxResponseBytes < 0 || maxResponseBytes > (1 << 20)) {
        throw new IllegalArgumentException("maxResponseBytes: must be 0 to 1048576");
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /** Where {@link Alert.Type#ENDPOINT_DISABLED} alerts go (default: nowhere). */
    public Builder alertSink(AlertSink sink) {
      this.alerts = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Disables an endpoint after this many consecutive dead letters (default 5).
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder disableAfterDeadLetters(int deadLetters) {
      if (deadLetters < 1) {
        throw new IllegalArgumentException("disableAfterDeadLetters: must be positive");
      }
      this.disableAfterDeadLetters = deadLetters;
      return this;
    }

    /**
     * Disables an endpoint that has failed without a single success for this long (default 3 days).
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder disableAfterFailingFor(Duration failingFor) {
      this.disableAfterFailingFor =
          positive("disableAfterFailingFor", failingFor, Duration.ofDays(365));
      return this;
    }

    /**
     * How long settled messages stay in the outbox for {@link #replay} (default 7 days).
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder retention(Duration retention) {
      this.retention = positive("retention", retention, Duration.ofDays(3650));
      return this;
    }

    /**
     * How often the background dispatcher looks for due retries (default 1 s); new events wake it
     * at once.
     *
     * @throws IllegalArgumentException unless positive and at most 1 minute
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive("pollInterval", pollInterval, Duration.ofMinutes(1));
      return this;
    }

    /**
     * Threads for deliveries in background mode (default: the endpoints' {@link
     * WebhookEndpoint#maxConcurrency()} added up, at most 64, so no claimed message waits for a
     * thread). With fewer, keep the {@link #lease} well above the time a message may wait.
     *
     * @throws IllegalArgumentException unless 1 to 256
     */
    public Builder deliveryThreads(int threads) {
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("deliveryThreads: must be 1 to 256");
      }
      this.deliveryThreads = threads;
      return this;
    }

    private static Duration positive(String field, Duration d, Duration max) {
      Objects.requireNonNull(d, field);
      if (d.isNegative() || d.isZero() || d.compareTo(max) > 0) {
        throw new IllegalArgumentException(field + ": must be positive and at most " + max);
      }
      return d;
    }

    /**
     * Builds the publisher (not started).
     *
     * @throws IllegalArgumentException if no endpoint is given, two share an id, or the lease is
     *     not longer than the timeout
     */
    public WebhookPublisher build() {
      return new WebhookPublisher(this);
    }
  }
}
