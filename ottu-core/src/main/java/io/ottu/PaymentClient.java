package io.ottu;

import io.ottu.audit.AuditEvent;
import io.ottu.audit.AuditLog;
import io.ottu.card.CardTokenResolver;
import io.ottu.event.PaymentListener;
import io.ottu.fx.CurrencyConverter;
import io.ottu.gateway.Gateway;
import io.ottu.internal.GatewayExecutor;
import io.ottu.internal.GatewaySelector;
import io.ottu.internal.GatewayStatistics;
import io.ottu.internal.Listeners;
import io.ottu.internal.NotificationApplier;
import io.ottu.internal.PaymentEngine;
import io.ottu.metrics.PaymentMetrics;
import io.ottu.resilience.GatewayPolicy;
import io.ottu.routing.Routing;
import io.ottu.routing.RoutingStrategy;
import io.ottu.store.PaymentStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  /** The default of {@link Builder#statisticsWindow(int)}. */
  public static final int DEFAULT_STATISTICS_WINDOW = 200;

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
  private final Reconciler reconciler;
  private final PaymentAdmin admin;
  private final Notifications notifications;
  private final Builder config;

  private PaymentClient(Builder b) {
    this.config = b.copy();
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
    List<PaymentListener> all = new ArrayList<>(listeners);
    if (b.audit != null) {
      AuditLog audit = b.audit;
      // Every committed change to a payment, on the tamper-evident log.
      all.add(
          0,
          e ->
              audit.append(
                  new AuditEvent(
                      e.occurredAt(),
                      "engine",
                      e.type().wireName(),
                      "payment:" + e.payment().id(),
                      e.previousStatus() + " -> " + e.payment().status() + " v" + e.sequence())));
    }
    this.dispatcher = new Listeners(all, b.metrics);
    GatewayStatistics stats = new GatewayStatistics(clock, b.statsHalfLife, b.statsWindow);
    Map<String, GatewayExecutor> executors = new LinkedHashMap<>();
    for (Gateway g : gateways) {
      GatewayPolicy policy = b.policies.getOrDefault(g.id(), b.defaultPolicy);
      executors.put(g.id(), new GatewayExecutor(g, policy, clock, b.metrics, stats));
    }
    this.engine =
        new PaymentEngine(
            new PaymentEngine.Config(
                new GatewaySelector(gateways),
                executors,
                b.routing,
                store,
                vault,
                dispatcher,
                clock,
                executor,
                actionTimeout,
                b.timeBudget,
                b.maxGatewaysPerPayment,
                stats,
                b.metrics,
                b.notFoundHorizon,
                b.converter,
                b.settlementCurrencies));
    this.reconciler =
        new Reconciler(
            engine,
            store,
            clock,
            executor,
            b.reconcileBackoff,
            b.stalePendingAfter,
            b.reconcileBatchSize);
    this.admin = new PaymentAdmin(engine, reconciler, b.adminListeners, b.audit, clock);
    this.notifications = new NotificationApplier(engine, store, clock);
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

  /**
   * A builder with this client's configuration, to build a sibling client (sharing its gateways,
   * store and vault; a new client starts with fresh statistics and circuits).
   */
  public Builder newBuilder() {
    return config.copy();
  }

  /** The payment operations. */
  public Payments payments() {
    return engine;
  }

  /** Operating the client: health, routing, gateways, circuits. */
  public PaymentAdmin admin() {
    return admin;
  }

  /**
   * Applies verified gateway notifications (webhooks) to payments; {@code ottu-webhooks} calls it
   * after verifying each notification.
   */
  public Notifications notifications() {
    return notifications;
  }

  /** The reconciler that settles unknown and stale payments. */
  public Reconciler reconciler() {
    return reconciler;
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
    private RoutingStrategy routing = Routing.smart();
    private GatewayPolicy defaultPolicy = GatewayPolicy.defaults();
    private final Map<String, GatewayPolicy> policies = new LinkedHashMap<>();
    private PaymentMetrics metrics = PaymentMetrics.NONE;
    private Duration statsHalfLife = Duration.ofMinutes(30);
    private int statsWindow = DEFAULT_STATISTICS_WINDOW;
    private Duration timeBudget = Duration.ofMinutes(2);
    private int maxGatewaysPerPayment = 3;
    private Duration notFoundHorizon = Duration.ofMinutes(15);
    private Duration stalePendingAfter = Duration.ofMinutes(5);
    private List<Duration> reconcileBackoff =
        List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofHours(1),
            Duration.ofHours(6));
    private int reconcileBatchSize = 10_000;
    private final List<AdminListener> adminListeners = new ArrayList<>();
    private AuditLog audit;
    private CurrencyConverter converter;
    private List<String> settlementCurrencies = List.of();

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.gateways.addAll(gateways);
      b.store = store;
      b.vault = vault;
      b.listeners.addAll(listeners);
      b.clock = clock;
      b.actionTimeout = actionTimeout;
      b.executor = executor;
      b.routing = routing;
      b.defaultPolicy = defaultPolicy;
      b.policies.putAll(policies);
      b.metrics = metrics;
      b.statsHalfLife = statsHalfLife;
      b.statsWindow = statsWindow;
      b.timeBudget = timeBudget;
      b.maxGatewaysPerPayment = maxGatewaysPerPayment;
      b.notFoundHorizon = notFoundHorizon;
      b.stalePendingAfter = stalePendingAfter;
      b.reconcileBackoff = reconcileBackoff;
      b.reconcileBatchSize = reconcileBatchSize;
      b.adminListeners.addAll(adminListeners);
      b.audit = audit;
      b.converter = converter;
      b.settlementCurrencies = settlementCurrencies;
      return b;
    }

    /**
     * The routing strategy; {@link Routing#smart()} by default. Changeable later via {@code
     * admin()}.
     */
    public Builder routing(RoutingStrategy routing) {
      this.routing = Objects.requireNonNull(routing, "routing");
      return this;
    }

    /** The policy (timeout, retries, circuit breaker, ...) for gateways without their own. */
    public Builder defaultPolicy(GatewayPolicy policy) {
      this.defaultPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The policy for one gateway. */
    public Builder policy(String gatewayId, GatewayPolicy policy) {
      policies.put(
          Objects.requireNonNull(gatewayId, "gatewayId"), Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /** Where measurements go, for example {@code MicrometerPaymentMetrics.of(registry)}. */
    public Builder metrics(PaymentMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * The half-life, in time, of the statistics routing decides on; 30 minutes by default. It is
     * what makes a quiet segment's old figures fade; see {@link #statisticsWindow(int)} for busy
     * ones.
     */
    public Builder statisticsHalfLife(Duration halfLife) {
      this.statsHalfLife = positive("statisticsHalfLife", halfLife);
      return this;
    }

    /**
     * The memory, in observations, of each statistic routing decides on (a gateway's outcomes in
     * one currency and card brand): every new outcome discounts the earlier ones by {@code 1 -
     * 1/window}, so a busy segment notices a change in a gateway within about that many payments,
     * however many payments a half-life holds. {@value #DEFAULT_STATISTICS_WINDOW} by default; 0
     * decays by time only. Whichever of this and {@link #statisticsHalfLife(Duration)} forgets
     * faster wins.
     */
    public Builder statisticsWindow(int observations) {
      if (observations < 0) {
        throw new IllegalArgumentException(
            "statisticsWindow must not be negative, was " + observations);
      }
      this.statsWindow = observations;
      return this;
    }

    /**
     * The time a payment may spend trying gateways: no new gateway is tried after it ran out; 2
     * minutes by default.
     */
    public Builder timeBudget(Duration timeBudget) {
      this.timeBudget = positive("timeBudget", timeBudget);
      return this;
    }

    /** The most gateways one payment is tried on (failover and cascades); 3 by default. */
    public Builder maxGatewaysPerPayment(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxGatewaysPerPayment must be positive, was " + max);
      }
      this.maxGatewaysPerPayment = max;
      return this;
    }

    /**
     * How long after an operation was sent a gateway's "no such payment" is believed, so the
     * reconciler may close the operation as never processed; 15 minutes by default.
     */
    public Builder notFoundHorizon(Duration horizon) {
      Objects.requireNonNull(horizon, "notFoundHorizon");
      if (horizon.isNegative()) {
        throw new IllegalArgumentException("notFoundHorizon must not be negative");
      }
      this.notFoundHorizon = horizon;
      return this;
    }

    /** After how long unchanged a pending payment is looked up by the reconciler; 5 minutes. */
    public Builder stalePendingAfter(Duration after) {
      Objects.requireNonNull(after, "stalePendingAfter");
      if (after.isNegative()) {
        throw new IllegalArgumentException("stalePendingAfter must not be negative");
      }
      this.stalePendingAfter = after;
      return this;
    }

    /** The reconciler's back-off between checks of one payment; the last delay repeats. */
    public Builder reconcileBackoff(Duration... delays) {
      if (delays.length == 0) {
        throw new IllegalArgumentException("reconcileBackoff: give at least one delay");
      }
      for (Duration d : delays) {
        if (d == null || d.isNegative()) {
          throw new IllegalArgumentException("reconcileBackoff: delays must not be negative");
        }
      }
      this.reconcileBackoff = List.of(delays);
      return this;
    }

    /**
     * Converts payments that no gateway takes in their currency into the first of {@code
     * settlementCurrencies} that a gateway takes, at the converter's rate (with its markup). The
     * payment records the {@link io.ottu.fx.Conversion}; the rate stays locked for its captures and
     * refunds. Off by default: a payment in an unsupported currency is refused.
     */
    public Builder currencyConversion(CurrencyConverter converter, String... settlementCurrencies) {
      Objects.requireNonNull(converter, "converter");
      if (settlementCurrencies.length == 0) {
        throw new IllegalArgumentException(
            "currencyConversion: name at least one settlement currency");
      }
      List<String> codes = new ArrayList<>();
      for (String c : settlementCurrencies) {
        codes.add(CurrencyUnit.of(c).code());
      }
      this.converter = converter;
      this.settlementCurrencies = List.copyOf(codes);
      return this;
    }

    /** Adds a listener for admin changes. */
    public Builder adminListener(AdminListener listener) {
      adminListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** The tamper-evident log for every payment change and admin action. Optional. */
    public Builder auditLog(AuditLog audit) {
      this.audit = Objects.requireNonNull(audit, "audit");
      return this;
    }

    private static Duration positive(String name, Duration d) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }

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
      for (String id : policies.keySet()) {
        if (!ids.contains(id)) {
          throw new IllegalArgumentException("policy: no gateway has the id \"" + id + "\"");
        }
      }
      return new PaymentClient(this);
    }
  }
}
