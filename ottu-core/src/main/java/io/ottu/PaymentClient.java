package io.ottu;

import io.ottu.card.CardTokenResolver;
import io.ottu.event.PaymentListener;
import io.ottu.gateway.Gateway;
import io.ottu.internal.GatewaySelector;
import io.ottu.internal.Listeners;
import io.ottu.internal.PaymentEngine;
import io.ottu.store.PaymentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The entry point: many gateways behind one API, with idempotency, the payment state machine and
 * events, in-process.
 *
 * <pre>{@code
 * try (PaymentClient client = PaymentClient.builder()
 *     .gateway(SimulatedGateway.builder("sim").build())
 *     .store(PaymentStore.inMemory())
 *     .listener(event -> log.info("{} {}", event.type(), event.payment().id()))
 *     .build()) {
 *   Payment p = client.payments().authorize(PaymentRequest.builder()
 *       .amount(Money.of("12.500", "KWD"))
 *       .source(PaymentSource.card(card))
 *       .reference("order-1001")
 *       .idempotencyKey("order-1001-auth")
 *       .build());
 *   client.payments().capture(p.id(), Money.of("12.500", "KWD"));
 * }
 * }</pre>
 *
 * <p>Build one client per application and share it: it is thread-safe. {@link #close()} releases
 * the executor the client created for the {@code ...Async} methods; it never shuts down an
 * executor, store or gateway the host passed in.
 */
public final class PaymentClient implements AutoCloseable {
  private final List<Gateway> gateways;
  private final PaymentStore store;
  private final CardTokenResolver vault;
  private final List<PaymentListener> listeners;
  private final Clock clock;
  private final Duration actionTimeout;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final Listeners dispatcher;
  private final PaymentEngine engine;

  private PaymentClient(Builder b) {
    this.gateways = List.copyOf(b.gateways);
    this.store = b.store != null ? b.store : PaymentStore.inMemory();
    this.vault = b.vault;
    this.listeners = List.copyOf(b.listeners);
    this.clock = b.clock;
    this.actionTimeout = b.actionTimeout;
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = defaultExecutor();
      this.executor = ownedExecutor;
    }
    this.dispatcher = new Listeners(listeners);
    this.engine =
        new PaymentEngine(
            new GatewaySelector(gateways),
            store,
            vault,
            dispatcher,
            clock,
            executor,
            actionTimeout);
  }

  private static ExecutorService defaultExecutor() {
    int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "ottu-async-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    // Bounded on both sides: a flood of async calls is refused (the future fails with
    // RejectedExecutionException) instead of growing without limit.
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(10_000),
            factory,
            new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with this client's configuration, to build a sibling client. */
  public Builder newBuilder() {
    Builder b = new Builder();
    b.gateways.addAll(gateways);
    b.store = store;
    b.vault = vault;
    b.listeners.addAll(listeners);
    b.clock = clock;
    b.actionTimeout = actionTimeout;
    b.executor = ownedExecutor == null ? executor : null;
    return b;
  }

  /** The payment operations. */
  public Payments payments() {
    return engine;
  }

  /** The ids of the configured gateways, in configuration order. */
  public List<String> gatewayIds() {
    List<String> ids = new ArrayList<>(gateways.size());
    for (Gateway g : gateways) {
      ids.add(g.id());
    }
    return ids;
  }

  /** The store this client writes to. */
  public PaymentStore store() {
    return store;
  }

  /** How many listener calls have thrown since the client was built. */
  public long listenerFailures() {
    return dispatcher.failures();
  }

  /**
   * Shuts down the executor the client created, waiting briefly for running async calls.
   * Idempotent. Resources the host passed in are left alone.
   */
  @Override
  public void close() {
    if (ownedExecutor != null) {
      ownedExecutor.shutdown();
      try {
        if (!ownedExecutor.awaitTermination(10, TimeUnit.SECONDS)) {
          ownedExecutor.shutdownNow();
        }
      } catch (InterruptedException e) {
        ownedExecutor.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Builds a {@link PaymentClient}. Not thread-safe; {@link #build()} copies the configuration, so
   * the builder can be reused.
   */
  public static final class Builder {
    private final List<Gateway> gateways = new ArrayList<>();
    private PaymentStore store;
    private CardTokenResolver vault;
    private final List<PaymentListener> listeners = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private Duration actionTimeout = Duration.ofMinutes(15);
    private Executor executor;

    private Builder() {}

    /** Adds a gateway. Ids must be unique; configuration order is the default routing order. */
    public Builder gateway(Gateway gateway) {
      gateways.add(Objects.requireNonNull(gateway, "gateway"));
      return this;
    }

    /** The payment store; in memory by default. */
    public Builder store(PaymentStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The card vault that resolves {@link PaymentSource#token(String)} sources. Optional. */
    public Builder vault(CardTokenResolver vault) {
      this.vault = Objects.requireNonNull(vault, "vault");
      return this;
    }

    /** Adds a listener for payment events. */
    public Builder listener(PaymentListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The clock for timestamps, card expiry and action deadlines; the UTC system clock by default.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * How long a payment may wait for the shopper's action (3-D Secure, redirect) before it
     * expires; 15 minutes by default.
     */
    public Builder actionTimeout(Duration actionTimeout) {
      Objects.requireNonNull(actionTimeout, "actionTimeout");
      if (actionTimeout.isNegative() || actionTimeout.isZero()) {
        throw new IllegalArgumentException("actionTimeout must be positive, was " + actionTimeout);
      }
      this.actionTimeout = actionTimeout;
      return this;
    }

    /**
     * The executor for the {@code ...Async} methods. By default the client owns a bounded pool,
     * shut down by {@link PaymentClient#close()}; an executor given here is never shut down by the
     * client.
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the client.
     *
     * @throws IllegalArgumentException if no gateway is configured or two share an id
     */
    public PaymentClient build() {
      if (gateways.isEmpty()) {
        throw new IllegalArgumentException("gateways: at least one gateway is required");
      }
      Set<String> ids = new java.util.HashSet<>();
      for (Gateway g : gateways) {
        if (g.id() == null || g.id().isBlank()) {
          throw new IllegalArgumentException("gateways: a gateway has a blank id");
        }
        if (!ids.add(g.id())) {
          throw new IllegalArgumentException(
              "gateways: two gateways have the id \"" + g.id() + "\"");
        }
      }
      return new PaymentClient(this);
    }
  }
}
