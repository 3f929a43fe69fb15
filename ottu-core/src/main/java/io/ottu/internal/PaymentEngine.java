package io.ottu.internal;

import io.ottu.Attempt;
import io.ottu.BatchOptions;
import io.ottu.BatchResult;
import io.ottu.CardData;
import io.ottu.CardSummary;
import io.ottu.Decline;
import io.ottu.IdempotencyConflictException;
import io.ottu.InvalidRequestException;
import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.PaymentFailure;
import io.ottu.PaymentNotFoundException;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import io.ottu.PaymentStateException;
import io.ottu.PaymentStatus;
import io.ottu.Payments;
import io.ottu.SourceSummary;
import io.ottu.ThreeDSecure;
import io.ottu.Transaction;
import io.ottu.card.CardTokenResolver;
import io.ottu.event.PaymentEvent;
import io.ottu.event.PaymentEventType;
import io.ottu.fx.Conversion;
import io.ottu.fx.CurrencyConverter;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.DeclineAction;
import io.ottu.gateway.DeclineRule;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.GatewaySource;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import io.ottu.internal.GatewayExecutor.Outcome;
import io.ottu.internal.GatewayExecutor.Tried;
import io.ottu.internal.GatewayStatistics.Observation;
import io.ottu.metrics.PaymentMetrics;
import io.ottu.routing.GatewayView;
import io.ottu.routing.RoutingContext;
import io.ottu.routing.RoutingDecision;
import io.ottu.routing.RoutingStrategy;
import io.ottu.routing.SegmentStats;
import io.ottu.store.ConcurrentUpdateException;
import io.ottu.store.PaymentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The payment engine behind {@link Payments}: validation, idempotency, routing, the classified
 * handling of every gateway answer under each gateway's policies, and the state machine.
 *
 * <p>Every change to a payment goes through {@link #commit}: a pure function from the stored
 * snapshot to the next one, applied with an optimistic version check and re-applied on conflict, so
 * the invariants hold however many threads (or processes sharing a store) act on one payment.
 * Amounts of follow-up operations are reserved by a pending transaction before the gateway is
 * called, which is what makes concurrent partial captures and refunds safe.
 */
public final class PaymentEngine implements Payments {
  private static final Logger log = LoggerFactory.getLogger(PaymentEngine.class);
  private static final int MAX_COMMIT_ATTEMPTS = 256;

  /** Everything the engine is built from. */
  public record Config(
      GatewaySelector selector,
      Map<String, GatewayExecutor> executors,
      RoutingStrategy routing,
      PaymentStore store,
      CardTokenResolver resolver,
      Listeners listeners,
      Clock clock,
      Executor executor,
      Duration actionTimeout,
      Duration timeBudget,
      int maxGatewaysPerPayment,
      GatewayStatistics stats,
      PaymentMetrics metrics,
      Duration notFoundHorizon,
      CurrencyConverter converter,
      List<String> settlementCurrencies) {}

  private final GatewaySelector selector;
  private final Map<String, GatewayExecutor> executors;
  private final AtomicReference<RoutingStrategy> routing;
  private final Set<String> disabled = ConcurrentHashMap.newKeySet();
  private final PaymentStore store;
  private final CardTokenResolver resolver;
  private final Listeners listeners;
  private final Clock clock;
  private final Executor executor;
  private final Duration actionTimeout;
  private final Duration timeBudget;
  private final int maxGatewaysPerPayment;
  private final GatewayStatistics stats;
  private final PaymentMetrics metrics;
  private final Duration notFoundHorizon;
  private final CurrencyConverter converter;
  private final List<String> settlementCurrencies;
  private final ConcurrentHashMap<String, CompletableFuture<Payment>> inFlight =
      new ConcurrentHashMap<>();
  // The clock's zone rules, looked up once: ZoneOffset.getRules() builds new rules on every call.
  private final ZoneRules zoneRules;

  /** Creates the engine. */
  public PaymentEngine(Config c) {
    this.selector = Objects.requireNonNull(c.selector(), "selector");
    this.executors = Map.copyOf(c.executors());
    this.routing = new AtomicReference<>(Objects.requireNonNull(c.routing(), "routing"));
    this.store = Objects.requireNonNull(c.store(), "store");
    this.resolver = c.resolver();
    this.listeners = Objects.requireNonNull(c.listeners(), "listeners");
    this.clock = Objects.requireNonNull(c.clock(), "clock");
    this.zoneRules = clock.getZone().getRules();
    this.executor = Objects.requireNonNull(c.executor(), "executor");
    this.actionTimeout = Objects.requireNonNull(c.actionTimeout(), "actionTimeout");
    this.timeBudget = Objects.requireNonNull(c.timeBudget(), "timeBudget");
    this.maxGatewaysPerPayment = c.maxGatewaysPerPayment();
    this.stats = Objects.requireNonNull(c.stats(), "stats");
    this.metrics = Objects.requireNonNull(c.metrics(), "metrics");
    this.notFoundHorizon = Objects.requireNonNull(c.notFoundHorizon(), "notFoundHorizon");
    this.converter = c.converter();
    this.settlementCurrencies =
        c.settlementCurrencies() == null ? List.of() : List.copyOf(c.settlementCurrencies());
  }

  // ---------------------------------------------------------------- admin hooks

  /** The executor (policies, circuit) of each gateway. */
  public Map<String, GatewayExecutor> executors() {
    return executors;
  }

  /** The statistics routing decides on. */
  public GatewayStatistics statistics() {
    return stats;
  }

  /** The current routing strategy. */
  public RoutingStrategy routing() {
    return routing.get();
  }

  /** Swaps the routing strategy atomically; payments already routed keep their decision. */
  public RoutingStrategy swapRouting(RoutingStrategy next) {
    return routing.getAndSet(Objects.requireNonNull(next, "routing"));
  }

  /** Takes a gateway out of routing, or puts it back. Returns whether anything changed. */
  public boolean setEnabled(String gatewayId, boolean enabled) {
    requireGateway(gatewayId);
    return enabled ? disabled.remove(gatewayId) : disabled.add(gatewayId);
  }

  /** Whether an operator disabled the gateway. */
  public boolean isEnabled(String gatewayId) {
    return !disabled.contains(gatewayId);
  }

  /** The executor of a configured gateway. */
  public GatewayExecutor requireGateway(String gatewayId) {
    GatewayExecutor e = executors.get(gatewayId);
    if (e == null) {
      throw new InvalidRequestException(
          "gatewayId", "no gateway with id \"" + gatewayId + "\"; configured: " + selector.ids());
    }
    return e;
  }

  // ---------------------------------------------------------------- create: authorize / purchase

  @Override
  public Payment authorize(PaymentRequest request) {
    return timed("authorize", () -> create(request, false));
  }

  @Override
  public Payment purchase(PaymentRequest request) {
    return timed("purchase", () -> create(request, true));
  }

  private Payment timed(String operation, Supplier<Payment> work) {
    long t0 = System.nanoTime();
    Payment p = work.get();
    metrics.paymentOperation(
        operation, p.status(), p.amount().currencyCode(), Duration.ofNanos(System.nanoTime() - t0));
    return p;
  }

  private Payment create(PaymentRequest request, boolean capture) {
    Objects.requireNonNull(request, "request");
    Instant now = clock.instant();
    // Everything that can be wrong with the request is found here, before anything is stored.
    SourceSummary source = describeSource(request.source(), now);
    // The fingerprint tells a replay from a conflicting reuse of an idempotency key, so it is only
    // needed with a key; it is of the request as the caller sent it, before any conversion.
    String fingerprint =
        request.idempotencyKey().isEmpty()
            ? null
            : RequestFingerprint.of(capture ? "purchase" : "authorize", request, source.card());
    Conversion conversion = null;
    List<Gateway> capable;
    try {
      capable = selector.candidates(request, source, capture);
    } catch (InvalidRequestException e) {
      if (!"amount.currency".equals(e.field()) || converter == null) {
        throw e;
      }
      conversion = convertForGateways(request, source, capture, e);
      request = request.toBuilder().amount(conversion.converted()).build();
      capable = selector.candidates(request, source, capture);
    }
    String id = Ids.next("pay_", now.toEpochMilli());
    RoutingDecision decision = route(id, request, source, capable, now);
    Payment fresh =
        newPayment(id, request, source, fingerprint, capture, decision, conversion, now);

    String key = request.idempotencyKey().orElse(null);
    if (key == null) {
      Payment inserted = store.insert(fresh).payment();
      emit(PaymentEventType.PAYMENT_CREATED, inserted, PaymentStatus.PENDING, null);
      return process(inserted, request, capture);
    }
    CompletableFuture<Payment> mine = new CompletableFuture<>();
    CompletableFuture<Payment> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return awaitReplay(key, fingerprint, running);
    }
    try {
      PaymentStore.InsertResult inserted = store.insert(fresh);
      Payment result;
      if (inserted.inserted()) {
        emit(PaymentEventType.PAYMENT_CREATED, inserted.payment(), PaymentStatus.PENDING, null);
        result = process(inserted.payment(), request, capture);
      } else {
        result = replay(key, fingerprint, inserted.payment());
      }
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  /**
   * Converts the amount into the first settlement currency some gateway takes. Nothing is stored if
   * no rate can be had: the caller gets the provider's error.
   */
  private Conversion convertForGateways(
      PaymentRequest request, SourceSummary source, boolean capture, InvalidRequestException why) {
    for (String currency : settlementCurrencies) {
      if (currency.equals(request.amount().currencyCode())) {
        continue;
      }
      PaymentRequest probe =
          request.toBuilder().amount(Money.ofMinor(1, io.ottu.CurrencyUnit.of(currency))).build();
      try {
        selector.candidates(probe, source, capture);
      } catch (InvalidRequestException notThisOne) {
        continue;
      }
      Conversion c = converter.convert(request.amount(), currency);
      if (c.converted().isPositive()) {
        return c;
      }
    }
    throw new InvalidRequestException(
        "amount.currency",
        why.getMessage().substring(why.field().length() + 2)
            + "; no settlement currency "
            + settlementCurrencies
            + " is taken either");
  }

  private Payment awaitReplay(String key, String fingerprint, CompletableFuture<Payment> running) {
    Payment owner;
    try {
      owner = running.join();
    } catch (CompletionException e) {
      // The first caller failed; what counts is whatever the store holds for the key now.
      owner =
          store
              .findByIdempotencyKey(key)
              .orElseThrow(() -> e.getCause() instanceof RuntimeException r ? r : e);
    }
    return replay(key, fingerprint, owner);
  }

  private Payment replay(String key, String fingerprint, Payment owner) {
    if (!owner.requestFingerprint().map(fingerprint::equals).orElse(false)) {
      throw new IdempotencyConflictException(
          key,
          owner.id(),
          "idempotency key \""
              + key
              + "\" was already used for payment "
              + owner.id()
              + " with a different request");
    }
    return store.find(owner.id()).orElse(owner);
  }

  private SourceSummary describeSource(PaymentSource source, Instant now) {
    YearMonth month = monthAt(now);
    switch (source.type()) {
      case CARD -> {
        CardData card = source.card().orElseThrow();
        if (card.isWiped()) {
          throw new InvalidRequestException("source.card", "the card data was wiped");
        }
        if (card.isExpired(month)) {
          throw new InvalidRequestException(
              "source.card.expiry", "the card expired in " + card.expiry());
        }
        return new SourceSummary(PaymentSource.Type.CARD, card.summary(), null);
      }
      case VAULT_TOKEN -> {
        String token = source.token().orElseThrow();
        if (resolver == null) {
          throw new InvalidRequestException(
              "source.token", "this client has no card vault; build it with vault(...)");
        }
        CardSummary card = resolver.describe(token);
        YearMonth expiry = YearMonth.of(card.expiryYear(), card.expiryMonth());
        if (expiry.isBefore(month)) {
          throw new InvalidRequestException(
              "source.token", "the card behind the token expired in " + expiry);
        }
        return new SourceSummary(PaymentSource.Type.VAULT_TOKEN, card, token);
      }
      case GATEWAY_TOKEN -> {
        return new SourceSummary(
            PaymentSource.Type.GATEWAY_TOKEN, null, source.token().orElseThrow());
      }
      default -> throw new IllegalStateException("unknown source type " + source.type());
    }
  }

  /** The calendar month at {@code now} in the clock's zone, which is when cards expire. */
  private YearMonth monthAt(Instant now) {
    long localSeconds = now.getEpochSecond() + zoneRules.getOffset(now).getTotalSeconds();
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(localSeconds, 86_400L));
    return YearMonth.of(day.getYear(), day.getMonth());
  }

  private RoutingDecision route(
      String paymentId,
      PaymentRequest request,
      SourceSummary source,
      List<Gateway> capable,
      Instant now) {
    if (request.gateway().isPresent()) {
      Gateway g = capable.get(0);
      return new RoutingDecision(
          "pinned",
          List.of(new RoutingDecision.Route(g.id(), Double.NaN, "pinned by the request")),
          List.of());
    }
    List<GatewayView> views = new ArrayList<>(capable.size());
    List<RoutingDecision.Skip> skipped = List.of();
    String currency = request.amount().currencyCode();
    for (Gateway g : capable) {
      if (!disabled.isEmpty() && disabled.contains(g.id())) {
        if (skipped.isEmpty()) {
          skipped = new ArrayList<>();
        }
        skipped.add(new RoutingDecision.Skip(g.id(), "disabled by an operator"));
        continue;
      }
      GatewayExecutor ex = executors.get(g.id());
      SegmentStats[] segmentAndOverall = stats.segmentAndOverall(g.id(), currency, source.brand());
      views.add(
          new GatewayView(
              g.id(),
              g.capabilities(),
              ex.circuit(),
              true,
              segmentAndOverall[0],
              segmentAndOverall[1]));
    }
    if (views.isEmpty()) {
      return new RoutingDecision("none", List.of(), skipped);
    }
    RoutingContext context =
        new RoutingContext(
            paymentId,
            request.amount(),
            source.brand(),
            source.card() == null ? null : source.card().bin(),
            request.customer().map(c -> c.country()).orElse(null),
            request.source().type(),
            request.metadata(),
            views,
            now);
    RoutingDecision d = routing.get().route(context);
    // A strategy may only order and drop capable gateways; anything else it names is ignored.
    List<RoutingDecision.Route> chosen = candidatesOnce(d.chosen(), context);
    RoutingDecision kept =
        chosen == d.chosen() ? d : new RoutingDecision(d.strategy(), chosen, d.skipped());
    return kept.withSkipped(skipped);
  }

  /**
   * The routes that name a candidate of the context, each candidate once (its first route); {@code
   * routes} itself when that is all of them, as it is for every well-behaved strategy.
   */
  private static List<RoutingDecision.Route> candidatesOnce(
      List<RoutingDecision.Route> routes, RoutingContext context) {
    List<RoutingDecision.Route> kept = null;
    for (int i = 0; i < routes.size(); i++) {
      RoutingDecision.Route r = routes.get(i);
      List<RoutingDecision.Route> before = kept == null ? routes.subList(0, i) : kept;
      boolean keep = context.gateway(r.gatewayId()).isPresent() && !names(before, r.gatewayId());
      if (!keep && kept == null) {
        kept = new ArrayList<>(before);
      } else if (keep && kept != null) {
        kept.add(r);
      }
    }
    return kept == null ? routes : kept;
  }

  private static boolean names(List<RoutingDecision.Route> routes, String gatewayId) {
    for (RoutingDecision.Route r : routes) {
      if (r.gatewayId().equals(gatewayId)) {
        return true;
      }
    }
    return false;
  }

  private Payment newPayment(
      String id,
      PaymentRequest request,
      SourceSummary source,
      String fingerprint,
      boolean capture,
      RoutingDecision decision,
      Conversion conversion,
      Instant now) {
    Payment.Builder b =
        Payment.builder()
            .id(id)
            .reference(request.reference())
            .idempotencyKey(request.idempotencyKey().orElse(null))
            .requestFingerprint(fingerprint)
            .amount(request.amount())
            .status(PaymentStatus.PENDING)
            .autoCapture(capture)
            .source(source)
            .customer(request.customer().orElse(null))
            .description(request.description().orElse(null))
            .metadata(request.metadata())
            .returnUrl(request.returnUrl().orElse(null))
            .threeDSecure(request.threeDSecure())
            .pinnedGateway(request.gateway().orElse(null))
            .routing(decision)
            .conversion(conversion)
            .createdAt(now)
            .updatedAt(now);
    recordFirstAttempt(b, id, request, capture, decision, now);
    return b.version(1).build();
  }

  /**
   * Puts the first gateway's attempt on record in the payment as it is first stored: the pending
   * transaction {@link #attemptAuthorize} writes before every call, here without a store write of
   * its own. The attempt is on record before the request leaves either way.
   */
  private void recordFirstAttempt(
      Payment.Builder b,
      String id,
      PaymentRequest request,
      boolean capture,
      RoutingDecision decision,
      Instant now) {
    List<RoutingDecision.Route> order = decision.chosen();
    if (order.isEmpty()) {
      return;
    }
    Gateway gateway = executors.get(order.get(0).gatewayId()).gateway();
    boolean sale = capture && gateway.capabilities().supports(GatewayOperation.PURCHASE);
    GatewayOperation op = sale ? GatewayOperation.PURCHASE : GatewayOperation.AUTHORIZE;
    b.gatewayId(gateway.id())
        .putTransaction(
            pendingAttempt(
                Ids.transaction(1),
                sale,
                request.amount(),
                gateway.id(),
                request.idempotencyKey().orElse(null),
                GatewayKeys.derive(id, op, 1, gateway.id(), 1),
                now));
  }

  /** The pending transaction of an authorization attempt, on record before the request leaves. */
  private static Transaction pendingAttempt(
      String txId,
      boolean sale,
      Money amount,
      String gatewayId,
      String idempotencyKey,
      String gatewayKey,
      Instant at) {
    return new Transaction(
        txId,
        sale ? Transaction.Type.SALE : Transaction.Type.AUTHORIZATION,
        Transaction.Status.PENDING,
        amount,
        gatewayId,
        null,
        idempotencyKey,
        gatewayKey,
        at,
        at);
  }

  /** What one authorization attempt on one gateway leads to. */
  private enum Next {
    /** The payment reached its answer on this gateway (or must stay where it is). */
    DONE,
    /** Known not to have charged: the next gateway may be tried. */
    NEXT_GATEWAY,
    /** Soft-declined with a request for authentication: try again here with 3-D Secure. */
    STEP_UP
  }

  private record Step(Payment payment, Next next, String why) {}

  private Payment process(Payment payment, PaymentRequest request, boolean capture) {
    MDC.put("ottu.paymentId", payment.id());
    CardData resolved = null;
    try {
      Payment p = payment;
      RoutingDecision decision = p.routing().orElse(null);
      List<RoutingDecision.Route> order = decision == null ? List.of() : decision.chosen();
      String lastWhy = order.isEmpty() ? "routing left no gateway" : "no gateway was tried";
      String lastGateway = null;
      int tried = 0;
      for (RoutingDecision.Route route : order) {
        String gatewayId = route.gatewayId();
        if (tried >= maxGatewaysPerPayment) {
          lastWhy += "; stopped after " + tried + " gateways";
          break;
        }
        if (tried > 0 && clock.instant().isAfter(p.createdAt().plus(timeBudget))) {
          lastWhy += "; the payment's time budget of " + timeBudget + " ran out";
          break;
        }
        GatewayExecutor ex = executors.get(gatewayId);
        tried++;
        boolean sale = capture && ex.gateway().capabilities().supports(GatewayOperation.PURCHASE);
        if (resolved == null && request.source().type() == PaymentSource.Type.VAULT_TOKEN) {
          resolved = resolveCard(p, request, ex.gateway());
        }
        ThreeDSecure threeDs = request.threeDSecure();
        Step step =
            attemptAuthorize(p, request, resolved, ex, sale, threeDs, 1, tried < order.size());
        if (step.next() == Next.STEP_UP) {
          step =
              attemptAuthorize(
                  step.payment(),
                  request,
                  resolved,
                  ex,
                  sale,
                  ThreeDSecure.REQUIRED,
                  2,
                  tried < order.size());
        }
        p = step.payment();
        lastWhy = step.why();
        lastGateway = gatewayId;
        if (step.next() == Next.DONE) {
          if (capture && !sale && p.status() == PaymentStatus.AUTHORIZED) {
            p = captureAfterAuthorize(p);
          }
          return p;
        }
      }
      if (p.decline().isPresent() && p.status() == PaymentStatus.PENDING) {
        // Every gateway declined softly: the payment is declined with the last decline.
        return finalDecline(p);
      }
      return fail(
          p,
          "no_gateway_available",
          "no gateway could process the payment: " + lastWhy,
          lastGateway);
    } finally {
      if (resolved != null) {
        resolved.wipe();
      }
      // The CVC served its one authorization; it must not outlive it (PCI DSS 3.2).
      request.source().card().ifPresent(CardData::wipeCvc);
      MDC.remove("ottu.paymentId");
    }
  }

  private CardData resolveCard(Payment p, PaymentRequest request, Gateway gateway) {
    try {
      return resolver.resolve(request.source().token().orElseThrow(), p.id());
    } catch (InvalidRequestException e) {
      // The token was erased between describe() and now: nothing was sent anywhere, so the
      // attempt recorded for this gateway is closed as failed.
      Instant now = clock.instant();
      Payment closed =
          commit(
              p.id(),
              cur -> {
                Transaction recorded = recordedAttempt(cur, gateway.id());
                return recorded == null
                    ? null
                    : cur.toBuilder()
                        .putTransaction(recorded.with(Transaction.Status.FAILED, null, now))
                        .build();
              });
      fail(closed, "invalid_request", e.getMessage(), gateway.id());
      throw e;
    }
  }

  private Step attemptAuthorize(
      Payment payment,
      PaymentRequest request,
      CardData resolved,
      GatewayExecutor ex,
      boolean sale,
      ThreeDSecure threeDs,
      int gatewayAttempt,
      boolean moreGateways) {
    Gateway gateway = ex.gateway();
    GatewayOperation op = sale ? GatewayOperation.PURCHASE : GatewayOperation.AUTHORIZE;
    Instant started = clock.instant();
    String[] txId = new String[1];
    // The attempt is on record before the request leaves, so a crash mid-call leaves a payment
    // that the reconciler knows to look up at this gateway with this key. The first attempt was
    // recorded, key included, when the payment was stored.
    Transaction onRecord = gatewayAttempt == 1 ? recordedAttempt(payment, gateway.id()) : null;
    String gatewayKey;
    Payment p;
    if (onRecord != null) {
      gatewayKey = onRecord.gatewayIdempotencyKey();
      txId[0] = onRecord.id();
      p = payment;
    } else {
      gatewayKey = GatewayKeys.derive(payment.id(), op, 1, gateway.id(), gatewayAttempt);
      p =
          commit(
              payment.id(),
              cur -> {
                txId[0] = Ids.transaction(cur.transactions().size() + 1);
                return cur.toBuilder()
                    .gatewayId(gateway.id())
                    .putTransaction(
                        pendingAttempt(
                            txId[0],
                            sale,
                            cur.amount(),
                            gateway.id(),
                            cur.idempotencyKey().orElse(null),
                            gatewayKey,
                            started))
                    .build();
              });
    }
    MDC.put("ottu.gateway", gateway.id());
    Outcome<GatewayResult> out;
    try {
      GatewaySource source =
          switch (request.source().type()) {
            case CARD -> GatewaySource.card(request.source().card().orElseThrow());
            case VAULT_TOKEN -> GatewaySource.card(resolved);
            default -> GatewaySource.gatewayToken(request.source().token().orElseThrow());
          };
      AuthorizeRequest call =
          new AuthorizeRequest(
              p.id(),
              p.reference(),
              p.amount(),
              source,
              sale,
              gatewayKey,
              gatewayAttempt,
              threeDs,
              p.returnUrl().orElse(null),
              p.customer().orElse(null),
              p.description().orElse(null),
              p.metadata());
      out = ex.call(op, () -> gateway.authorize(call));
    } catch (InvalidRequestException e) {
      // The adapter refused to send a request it cannot express (an amount it cannot represent).
      Instant now = clock.instant();
      Payment after =
          commit(
              p.id(),
              cur ->
                  cur.toBuilder()
                      .putTransaction(txOf(cur, txId[0]).with(Transaction.Status.FAILED, null, now))
                      .build());
      fail(after, "invalid_request", e.getMessage(), gateway.id());
      throw e;
    } finally {
      MDC.remove("ottu.gateway");
    }
    observe(gateway.id(), p, out.attempts());
    String tx = txId[0];

    if (out.succeeded()) {
      GatewayResult r = out.value();
      if (r.type() == GatewayResult.Type.DECLINED && r.decline().isPresent()) {
        Decline decline = overridden(ex, r.decline().get().withGatewayId(gateway.id()));
        GatewayResult effective =
            GatewayResult.declined(r.gatewayReference().orElse(null), decline);
        boolean stepUp =
            decline.action() == DeclineAction.STEP_UP_3DS
                && gatewayAttempt == 1
                && threeDs != ThreeDSecure.SKIP
                && gateway.capabilities().threeDSecure();
        boolean cascade = decline.action() == DeclineAction.CASCADE && moreGateways;
        if (stepUp || cascade) {
          Payment after =
              recordSoftDecline(p.id(), tx, gateway, gatewayKey, out.attempts(), decline, r);
          return new Step(
              after,
              stepUp ? Next.STEP_UP : Next.NEXT_GATEWAY,
              "declined " + decline.rawCode() + " by " + gateway.id());
        }
        return new Step(
            settleAuthorization(p, tx, gateway, gatewayKey, effective, out.attempts()),
            Next.DONE,
            "");
      }
      return new Step(
          settleAuthorization(p, tx, gateway, gatewayKey, r, out.attempts()), Next.DONE, "");
    }

    GatewayException e = out.failure();
    Instant now = clock.instant();
    switch (e.failureClass()) {
      case NOT_SENT, UNAVAILABLE -> {
        Payment after =
            commit(
                p.id(),
                cur ->
                    addAttempts(cur.toBuilder(), cur, gateway.id(), gatewayKey, out.attempts())
                        .putTransaction(txOf(cur, tx).with(Transaction.Status.FAILED, null, now))
                        .build());
        return new Step(after, Next.NEXT_GATEWAY, gateway.id() + ": " + Outcomes.describe(e));
      }
      case REJECTED -> {
        if (e.credentialsProblem()) {
          log.error(
              "gateway {} rejected our credentials; payments through it will fail", gateway.id());
        }
        Payment after =
            commit(
                p.id(),
                cur ->
                    addAttempts(cur.toBuilder(), cur, gateway.id(), gatewayKey, out.attempts())
                        .putTransaction(txOf(cur, tx).with(Transaction.Status.FAILED, null, now))
                        .build());
        String code = e.credentialsProblem() ? "gateway_credentials_rejected" : "gateway_rejected";
        return new Step(fail(after, code, e.getMessage(), gateway.id()), Next.DONE, "");
      }
      default -> {
        Payment recorded =
            commit(
                p.id(),
                cur ->
                    addAttempts(cur.toBuilder(), cur, gateway.id(), gatewayKey, out.attempts())
                        .build());
        return new Step(lookUpAuthorization(recorded, tx, ex, op, gatewayKey, e), Next.DONE, "");
      }
    }
  }

  private Decline overridden(GatewayExecutor ex, Decline decline) {
    DeclineRule rule =
        ex.policy().declineOverrides().get(decline.rawCode().trim().toLowerCase(Locale.ROOT));
    if (rule == null) {
      return decline;
    }
    return new Decline(
        rule.reason(),
        decline.rawCode(),
        decline.message(),
        rule.soft(),
        decline.gatewayId(),
        rule.action());
  }

  /** Records a soft decline that will be retried elsewhere; the payment stays pending. */
  private Payment recordSoftDecline(
      String paymentId,
      String txId,
      Gateway gateway,
      String gatewayKey,
      List<Tried> attempts,
      Decline decline,
      GatewayResult r) {
    Instant now = clock.instant();
    return commit(
        paymentId,
        cur ->
            addAttempts(cur.toBuilder(), cur, gateway.id(), gatewayKey, attempts)
                .decline(decline)
                .putTransaction(
                    txOf(cur, txId)
                        .with(Transaction.Status.DECLINED, r.gatewayReference().orElse(null), now))
                .build());
  }

  private Payment finalDecline(Payment p) {
    PaymentStatus before = p.status();
    Payment after =
        commit(
            p.id(),
            cur ->
                cur.status() == PaymentStatus.PENDING
                    ? cur.toBuilder().status(PaymentStatus.DECLINED).build()
                    : null);
    if (after.status() != before) {
      emit(PaymentEventType.PAYMENT_DECLINED, after, before, null);
    }
    return after;
  }

  /** Feeds routing statistics: approvals, and failures the gateway is to blame for. */
  private void observe(String gatewayId, Payment p, List<Tried> attempts) {
    String currency = p.amount().currencyCode();
    for (Tried t : attempts) {
      if (!t.called()) {
        continue;
      }
      Observation o = null;
      if (t.result() != null) {
        switch (t.result().type()) {
          case AUTHORIZED, CAPTURED, REFUNDED, CANCELLED -> o = Observation.APPROVAL;
          case DECLINED -> {
            boolean card = t.result().decline().map(d -> d.reason().causedByCard()).orElse(false);
            o = card ? null : Observation.FAILURE;
          }
          default -> o = null;
        }
      } else if (t.failure() != null) {
        GatewayException f = t.failure();
        o =
            f.failureClass() != FailureClass.REJECTED || f.credentialsProblem()
                ? Observation.FAILURE
                : null;
      }
      if (o != null) {
        stats.record(gatewayId, currency, p.source().brand(), o);
      }
    }
  }

  /**
   * After an unknown outcome: ask the gateway. Whatever it confirms is applied; if it cannot
   * confirm anything the payment is {@code UNKNOWN} and no other gateway is tried, because this one
   * may have charged.
   */
  private Payment lookUpAuthorization(
      Payment p,
      String txId,
      GatewayExecutor ex,
      GatewayOperation op,
      String gatewayKey,
      GatewayException cause) {
    Gateway gateway = ex.gateway();
    Optional<GatewayResult> found = lookup(p, ex, op, p.amount(), gatewayKey);
    if (found.isPresent()) {
      return settleAuthorization(p, txId, gateway, gatewayKey, found.get(), List.of());
    }
    PaymentStatus before = p.status();
    Instant now = clock.instant();
    Payment after =
        commit(
            p.id(),
            cur ->
                cur.status() == PaymentStatus.UNKNOWN
                    ? null
                    : cur.toBuilder()
                        .status(PaymentStatus.UNKNOWN)
                        .putTransaction(txOf(cur, txId).with(Transaction.Status.UNKNOWN, null, now))
                        .failure(
                            new PaymentFailure(
                                "unknown_outcome",
                                "the gateway may have processed the payment; it will be reconciled: "
                                    + cause.getMessage(),
                                gateway.id()))
                        .build());
    if (after.status() != before) {
      emit(PaymentEventType.PAYMENT_UNKNOWN, after, before, after.transaction(txId).orElse(null));
    }
    return after;
  }

  private Optional<GatewayResult> lookup(
      Payment p, GatewayExecutor ex, GatewayOperation op, Money amount, String gatewayKey) {
    return Optional.ofNullable(lookupAt(p, ex, op, amount, gatewayKey).found());
  }

  /**
   * What a lookup said.
   *
   * @param answered whether the gateway answered at all (a failed lookup says nothing)
   * @param found the gateway's record, or null when it has none or did not answer
   */
  private record LookupAnswer(boolean answered, GatewayResult found) {
    boolean nothingThere() {
      return answered && found == null;
    }
  }

  private LookupAnswer lookupAt(
      Payment p, GatewayExecutor ex, GatewayOperation op, Money amount, String gatewayKey) {
    Gateway gateway = ex.gateway();
    if (!gateway.capabilities().supports(GatewayOperation.LOOKUP)) {
      return new LookupAnswer(false, null);
    }
    LookupRequest request =
        new LookupRequest(
            p.id(), p.reference(), p.gatewayReference().orElse(null), op, amount, gatewayKey);
    Outcome<Optional<GatewayResult>> out = ex.lookup(() -> gateway.lookup(request));
    commit(
        p.id(),
        cur -> addAttempts(cur.toBuilder(), cur, gateway.id(), gatewayKey, out.attempts()).build());
    return out.succeeded()
        ? new LookupAnswer(true, out.value().orElse(null))
        : new LookupAnswer(false, null);
  }

  /**
   * Applies a gateway's answer about the authorization (from authorize, completeAction, or a
   * lookup) to the payment. A late answer that would move the payment backwards is ignored.
   */
  private Payment settleAuthorization(
      Payment held,
      String txId,
      Gateway gateway,
      String gatewayKey,
      GatewayResult result,
      List<Tried> attempts) {
    Instant now = clock.instant();
    PaymentStatus[] before = new PaymentStatus[1];
    Payment after =
        commit(
            held,
            cur -> {
              before[0] = cur.status();
              Payment.Builder b =
                  addAttempts(cur.toBuilder(), cur, gateway.id(), gatewayKey, attempts);
              return applyAuthorizationResult(cur, b, txId, gateway, result, now);
            });
    if (after.status() != before[0]) {
      emit(eventFor(after.status()), after, before[0], after.transaction(txId).orElse(null));
    }
    return after;
  }

  private Payment applyAuthorizationResult(
      Payment cur,
      Payment.Builder b,
      String txId,
      Gateway gateway,
      GatewayResult result,
      Instant now) {
    Transaction tx = txOf(cur, txId);
    String ref = result.gatewayReference().orElse(cur.gatewayReference().orElse(null));
    b.gatewayId(gateway.id()).gatewayReference(ref);
    Optional<String> mismatch = amountMismatch(cur.amount(), result);
    PaymentStatus next;
    if (mismatch.isPresent()) {
      next = PaymentStatus.UNKNOWN;
      b.putTransaction(tx.with(Transaction.Status.UNKNOWN, ref, now))
          .failure(new PaymentFailure("amount_mismatch", mismatch.get(), gateway.id()));
      b.addAttempt(
          integrityAttempt(cur, b, gateway.id(), tx.gatewayIdempotencyKey(), mismatch.get(), now));
    } else {
      switch (result.type()) {
        case AUTHORIZED -> {
          next = PaymentStatus.AUTHORIZED;
          b.authorizedAmount(cur.amount())
              .failure(null)
              .decline(null)
              .nextAction(null)
              .actionExpiresAt(null);
          b.putTransaction(tx.with(Transaction.Status.SUCCEEDED, ref, now));
        }
        case CAPTURED -> {
          next = PaymentStatus.CAPTURED;
          b.authorizedAmount(cur.amount())
              .capturedAmount(cur.amount())
              .failure(null)
              .decline(null)
              .nextAction(null)
              .actionExpiresAt(null);
          b.putTransaction(tx.with(Transaction.Status.SUCCEEDED, ref, now));
        }
        case DECLINED -> {
          next = PaymentStatus.DECLINED;
          b.decline(result.decline().orElseThrow().withGatewayId(gateway.id()))
              .nextAction(null)
              .actionExpiresAt(null);
          b.putTransaction(tx.with(Transaction.Status.DECLINED, ref, now));
        }
        case ACTION_REQUIRED -> {
          next = PaymentStatus.REQUIRES_ACTION;
          b.nextAction(result.nextAction().orElseThrow()).actionExpiresAt(now.plus(actionTimeout));
          b.putTransaction(tx.with(Transaction.Status.PENDING, ref, now));
        }
        case PENDING -> {
          next = PaymentStatus.PENDING;
          b.putTransaction(tx.with(Transaction.Status.PENDING, ref, now));
        }
        case EXPIRED -> {
          next =
              cur.status() == PaymentStatus.REQUIRES_ACTION || cur.status() == PaymentStatus.UNKNOWN
                  ? PaymentStatus.EXPIRED
                  : PaymentStatus.FAILED;
          if (!cur.status().canTransitionTo(next)) {
            next = PaymentStatus.FAILED;
          }
          b.nextAction(null)
              .failure(
                  new PaymentFailure("expired", "the gateway expired the payment", gateway.id()));
          b.putTransaction(tx.with(Transaction.Status.FAILED, ref, now));
        }
        default -> {
          // A refund or cancellation is no answer to an authorization: never read it as success.
          next = PaymentStatus.UNKNOWN;
          String why = "unexpected answer " + result.type() + " to an authorization";
          b.putTransaction(tx.with(Transaction.Status.UNKNOWN, ref, now))
              .failure(new PaymentFailure("unexpected_result", why, gateway.id()));
          b.addAttempt(
              integrityAttempt(cur, b, gateway.id(), tx.gatewayIdempotencyKey(), why, now));
        }
      }
    }
    if (next != cur.status() && !cur.status().canTransitionTo(next)) {
      // A late or duplicated answer (the payment has moved on): keep the record, change nothing.
      log.info(
          "ignoring {} from {} for payment {} in status {}",
          result.type(),
          gateway.id(),
          cur.id(),
          cur.status());
      return addAttemptsOnly(cur, b);
    }
    return b.status(next).build();
  }

  /** The payment with only the attempts the builder added (for ignored late answers). */
  private static Payment addAttemptsOnly(Payment cur, Payment.Builder b) {
    List<Attempt> all = b.build().attempts();
    return cur.toBuilder().attempts(all).build();
  }

  private Attempt integrityAttempt(
      Payment cur, Payment.Builder b, String gatewayId, String key, String why, Instant now) {
    int n = b.build().attempts().size() + 1;
    return new Attempt(
        n,
        gatewayId,
        GatewayOperation.LOOKUP,
        key,
        Attempt.Outcome.INTEGRITY_FAILURE,
        why,
        now,
        Duration.ZERO);
  }

  private static Optional<String> amountMismatch(Money expected, GatewayResult result) {
    Optional<Money> reported = result.amount();
    if (reported.isEmpty() || result.type() == GatewayResult.Type.DECLINED) {
      return Optional.empty();
    }
    Money got = reported.get();
    if (got.equals(expected)) {
      return Optional.empty();
    }
    return Optional.of("the gateway reported " + got + " for a request of " + expected);
  }

  private Payment captureAfterAuthorize(Payment p) {
    try {
      return followUp(new FollowUp(Transaction.Type.CAPTURE, p.id(), p.capturableAmount(), null));
    } catch (io.ottu.OttuException e) {
      // The authorization stands; the failed capture is on the payment's record.
      log.warn("capture after authorization of payment {} failed: {}", p.id(), e.getMessage());
      return store.find(p.id()).orElse(p);
    }
  }

  private Payment fail(Payment p, String code, String message, String gatewayId) {
    PaymentStatus before = p.status();
    Payment after =
        commit(
            p.id(),
            cur ->
                cur.status().canTransitionTo(PaymentStatus.FAILED)
                    ? cur.toBuilder()
                        .status(PaymentStatus.FAILED)
                        .failure(new PaymentFailure(code, message, gatewayId))
                        .build()
                    : null);
    if (after.status() != before) {
      emit(PaymentEventType.PAYMENT_FAILED, after, before, null);
    }
    return after;
  }

  // ---------------------------------------------------------------- follow-up operations

  @Override
  public Payment capture(String paymentId, Money amount) {
    return capture(paymentId, amount, null);
  }

  @Override
  public Payment capture(String paymentId, Money amount, String idempotencyKey) {
    return timed(
        "capture",
        () -> followUp(new FollowUp(Transaction.Type.CAPTURE, paymentId, amount, idempotencyKey)));
  }

  @Override
  public Payment refund(String paymentId, Money amount) {
    return refund(paymentId, amount, null);
  }

  @Override
  public Payment refund(String paymentId, Money amount, String idempotencyKey) {
    return timed(
        "refund",
        () -> followUp(new FollowUp(Transaction.Type.REFUND, paymentId, amount, idempotencyKey)));
  }

  @Override
  public Payment cancel(String paymentId) {
    return timed(
        "cancel", () -> followUp(new FollowUp(Transaction.Type.CANCEL, paymentId, null, null)));
  }

  /** A capture, refund or cancellation as asked for. */
  private record FollowUp(Transaction.Type type, String paymentId, Money amount, String key) {
    GatewayOperation operation() {
      return switch (type) {
        case CAPTURE -> GatewayOperation.CAPTURE;
        case REFUND -> GatewayOperation.REFUND;
        default -> GatewayOperation.CANCEL;
      };
    }

    String verb() {
      return type.name().toLowerCase(Locale.ROOT);
    }
  }

  private Payment followUp(FollowUp op) {
    requireId(op.paymentId());
    if (op.type() != Transaction.Type.CANCEL) {
      if (op.amount() == null) {
        throw new InvalidRequestException("amount", "is required");
      }
      if (!op.amount().isPositive()) {
        throw new InvalidRequestException("amount", "must be positive, was " + op.amount());
      }
    }
    if (op.key() != null
        && (op.key().isBlank() || op.key().length() > PaymentRequest.MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw new InvalidRequestException(
          "idempotencyKey",
          "must have 1 to " + PaymentRequest.MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
    }
    Payment loaded = load(op.paymentId());
    return followUpOn(loaded, inChargedCurrency(loaded, op));
  }

  private Payment followUpOn(Payment loaded, FollowUp op) {
    Payment p = loaded;
    if (op.amount() != null && !op.amount().currency().equals(p.amount().currency())) {
      throw new InvalidRequestException(
          "amount",
          "currency "
              + op.amount().currencyCode()
              + " differs from the payment's "
              + p.amount().currencyCode());
    }
    Optional<Payment> replayed = replayFollowUp(p, op);
    if (replayed.isPresent()) {
      return replayed.get();
    }
    p = settleOpen(p, false);
    GatewayExecutor ex = p.gatewayId().map(executors::get).orElse(null);
    if (ex == null) {
      throw new PaymentStateException(
          p.id(),
          p.status(),
          "payment " + p.id() + " has no gateway that can " + op.verb() + " it");
    }
    Gateway gateway = ex.gateway();
    if (!gateway.capabilities().supports(op.operation())) {
      throw new PaymentStateException(
          p.id(), p.status(), "gateway " + gateway.id() + " does not support " + op.verb());
    }

    // Reserve: the pending transaction counts against the capturable or refundable amount, so
    // concurrent operations cannot together exceed it.
    Instant now = clock.instant();
    Transaction[] reserved = new Transaction[1];
    Payment afterReserve =
        commit(
            p.id(),
            cur -> {
              reserved[0] = null;
              if (sameKey(cur, op).isPresent()) {
                return null;
              }
              Money amount = checkFollowUp(cur, op, gateway);
              int sequence = countTransactions(cur, op.type()) + 1;
              String gatewayKey =
                  GatewayKeys.derive(cur.id(), op.operation(), sequence, gateway.id(), 1);
              Transaction tx =
                  new Transaction(
                      Ids.transaction(cur.transactions().size() + 1),
                      op.type(),
                      Transaction.Status.PENDING,
                      amount,
                      gateway.id(),
                      null,
                      op.key(),
                      gatewayKey,
                      now,
                      now);
              reserved[0] = tx;
              return cur.toBuilder().putTransaction(tx).build();
            });
    if (reserved[0] == null) {
      // Another call with the same key got there first.
      return replayFollowUp(afterReserve, op).orElse(afterReserve);
    }
    return callFollowUp(afterReserve, op, ex, reserved[0]);
  }

  /**
   * An amount given in the currency the payment was presented in is converted at the payment's
   * locked rate (HALF_EVEN), so hosts can keep working in their own currency.
   */
  private static FollowUp inChargedCurrency(Payment p, FollowUp op) {
    if (op.amount() == null
        || op.amount().currency().equals(p.amount().currency())
        || p.conversion().isEmpty()
        || !op.amount().currency().equals(p.conversion().get().source().currency())) {
      return op;
    }
    Conversion c = p.conversion().get();
    Money charged;
    if (op.amount().equals(c.source())) {
      charged = c.converted(); // the whole amount maps to exactly what was charged
    } else {
      java.math.BigDecimal v =
          op.amount()
              .amount()
              .multiply(c.effectiveRate())
              .setScale(p.amount().currency().minorUnits(), java.math.RoundingMode.HALF_EVEN);
      charged = Money.of(v, p.amount().currency());
    }
    return new FollowUp(op.type(), op.paymentId(), charged, op.key());
  }

  private Optional<Payment> replayFollowUp(Payment p, FollowUp op) {
    Optional<Transaction> same = sameKey(p, op);
    if (same.isEmpty()) {
      return Optional.empty();
    }
    if (op.amount() != null && !same.get().amount().equals(op.amount())) {
      throw new IdempotencyConflictException(
          op.key(),
          p.id(),
          "idempotency key \""
              + op.key()
              + "\" was already used to "
              + op.verb()
              + " "
              + same.get().amount()
              + " on payment "
              + p.id());
    }
    return Optional.of(p);
  }

  private static Optional<Transaction> sameKey(Payment p, FollowUp op) {
    if (op.key() == null) {
      return Optional.empty();
    }
    return p.transactions().stream()
        .filter(t -> t.type() == op.type() && op.key().equals(t.idempotencyKey()))
        .filter(t -> t.status() != Transaction.Status.FAILED)
        .findFirst();
  }

  /** Checks the operation against the payment's state; returns the amount to reserve. */
  private static Money checkFollowUp(Payment cur, FollowUp op, Gateway gateway) {
    PaymentStatus s = cur.status();
    for (Transaction t : cur.transactions()) {
      if (t.status() == Transaction.Status.UNKNOWN) {
        throw new PaymentStateException(
            cur.id(),
            s,
            "payment "
                + cur.id()
                + " has an operation of unknown outcome ("
                + t.id()
                + "); refresh it first");
      }
      if (t.type() == Transaction.Type.CANCEL && t.isOpen()) {
        throw new PaymentStateException(
            cur.id(), s, "payment " + cur.id() + " is being cancelled (" + t.id() + ")");
      }
    }
    if (s == PaymentStatus.UNKNOWN) {
      throw new PaymentStateException(
          cur.id(),
          s,
          "payment " + cur.id() + " has an unknown outcome; a lookup could not settle it");
    }
    switch (op.type()) {
      case CAPTURE -> {
        if (s != PaymentStatus.AUTHORIZED && s != PaymentStatus.PARTIALLY_CAPTURED) {
          throw new PaymentStateException(
              cur.id(), s, "cannot capture payment " + cur.id() + " in status " + s);
        }
        Money capturable = cur.capturableAmount();
        if (op.amount().isGreaterThan(capturable)) {
          throw new PaymentStateException(
              cur.id(),
              s,
              "capture of " + op.amount() + " exceeds the capturable amount " + capturable);
        }
        if (!gateway.capabilities().multipleCaptures()
            && countTransactions(cur, Transaction.Type.CAPTURE) > 0) {
          throw new PaymentStateException(
              cur.id(),
              s,
              "gateway " + gateway.id() + " allows one capture per payment, and one was made");
        }
        if (op.amount().isLessThan(capturable) && !gateway.capabilities().partialCapture()) {
          throw new PaymentStateException(
              cur.id(), s, "gateway " + gateway.id() + " does not support partial capture");
        }
        return op.amount();
      }
      case REFUND -> {
        if (s != PaymentStatus.CAPTURED && s != PaymentStatus.PARTIALLY_REFUNDED) {
          throw new PaymentStateException(
              cur.id(),
              s,
              "cannot refund payment "
                  + cur.id()
                  + " in status "
                  + s
                  + (s == PaymentStatus.PARTIALLY_CAPTURED
                      ? " (cancel the rest of the authorization first)"
                      : ""));
        }
        Money refundable = cur.refundableAmount();
        if (op.amount().isGreaterThan(refundable)) {
          throw new PaymentStateException(
              cur.id(),
              s,
              "refund of " + op.amount() + " exceeds the refundable amount " + refundable);
        }
        if (op.amount().isLessThan(refundable) && !gateway.capabilities().partialRefund()) {
          throw new PaymentStateException(
              cur.id(), s, "gateway " + gateway.id() + " does not support partial refund");
        }
        return op.amount();
      }
      default -> {
        if (s != PaymentStatus.AUTHORIZED
            && s != PaymentStatus.PARTIALLY_CAPTURED
            && s != PaymentStatus.REQUIRES_ACTION) {
          throw new PaymentStateException(
              cur.id(), s, "cannot cancel payment " + cur.id() + " in status " + s);
        }
        for (Transaction t : cur.transactions()) {
          if (t.isOpen()
              && t.type() != Transaction.Type.AUTHORIZATION
              && t.type() != Transaction.Type.SALE) {
            throw new PaymentStateException(
                cur.id(),
                s,
                "cannot cancel payment "
                    + cur.id()
                    + " while "
                    + t.type()
                    + " "
                    + t.id()
                    + " is in flight");
          }
        }
        if (cur.gatewayReference().isEmpty()) {
          throw new PaymentStateException(
              cur.id(), s, "payment " + cur.id() + " has no gateway reference to cancel");
        }
        return cur.status() == PaymentStatus.REQUIRES_ACTION
            ? cur.amount()
            : cur.capturableAmount();
      }
    }
  }

  private Payment callFollowUp(Payment p, FollowUp op, GatewayExecutor ex, Transaction tx) {
    Gateway gateway = ex.gateway();
    MDC.put("ottu.paymentId", p.id());
    MDC.put("ottu.gateway", gateway.id());
    try {
      Outcome<GatewayResult> out = ex.call(op.operation(), () -> callGateway(p, op, gateway, tx));
      observe(gateway.id(), p, out.attempts());
      if (out.succeeded()) {
        return settleFollowUp(p.id(), op, gateway, tx, out.value(), out.attempts());
      }
      return followUpFailed(p, op, ex, tx, out.failure(), out.attempts());
    } finally {
      MDC.remove("ottu.paymentId");
      MDC.remove("ottu.gateway");
    }
  }

  private static GatewayResult callGateway(
      Payment p, FollowUp op, Gateway gateway, Transaction tx) {
    String ref = p.gatewayReference().orElseThrow();
    return switch (op.type()) {
      case CAPTURE ->
          gateway.capture(
              new CaptureRequest(
                  p.id(),
                  p.reference(),
                  ref,
                  tx.amount(),
                  !gateway.capabilities().multipleCaptures() || p.capturableAmount().isZero(),
                  tx.gatewayIdempotencyKey(),
                  countTransactions(p, Transaction.Type.CAPTURE)));
      case REFUND ->
          gateway.refund(
              new RefundRequest(
                  p.id(),
                  p.reference(),
                  ref,
                  lastCaptureReference(p),
                  tx.amount(),
                  null,
                  tx.gatewayIdempotencyKey(),
                  countTransactions(p, Transaction.Type.REFUND)));
      default ->
          gateway.cancel(
              new CancelRequest(
                  p.id(), p.reference(), ref, tx.amount(), tx.gatewayIdempotencyKey()));
    };
  }

  private static String lastCaptureReference(Payment p) {
    String ref = null;
    for (Transaction t : p.transactions()) {
      if ((t.type() == Transaction.Type.CAPTURE || t.type() == Transaction.Type.SALE)
          && t.status() == Transaction.Status.SUCCEEDED) {
        ref = t.gatewayReference();
      }
    }
    return ref;
  }

  private Payment followUpFailed(
      Payment p,
      FollowUp op,
      GatewayExecutor ex,
      Transaction tx,
      GatewayException e,
      List<Tried> attempts) {
    Gateway gateway = ex.gateway();
    Instant now = clock.instant();
    String key = tx.gatewayIdempotencyKey();
    if (e.failureClass() != FailureClass.UNKNOWN_OUTCOME) {
      Payment after =
          commit(
              p.id(),
              cur ->
                  addAttempts(cur.toBuilder(), cur, gateway.id(), key, attempts)
                      .putTransaction(txOf(cur, tx.id()).with(Transaction.Status.FAILED, null, now))
                      .build());
      emit(
          PaymentEventType.OPERATION_FAILED,
          after,
          after.status(),
          after.transaction(tx.id()).orElse(null));
      throw e;
    }
    Payment recorded =
        commit(
            p.id(), cur -> addAttempts(cur.toBuilder(), cur, gateway.id(), key, attempts).build());
    Optional<GatewayResult> found = lookup(recorded, ex, op.operation(), tx.amount(), key);
    if (found.isPresent()) {
      return settleFollowUp(p.id(), op, gateway, tx, found.get(), List.of());
    }
    Payment after =
        commit(
            p.id(),
            cur ->
                cur.toBuilder()
                    .putTransaction(txOf(cur, tx.id()).with(Transaction.Status.UNKNOWN, null, now))
                    .failure(
                        new PaymentFailure(
                            "unknown_outcome",
                            op.verb()
                                + " "
                                + tx.id()
                                + " may have been processed; it will be reconciled: "
                                + e.getMessage(),
                            gateway.id()))
                    .build());
    emit(
        PaymentEventType.OPERATION_UNKNOWN,
        after,
        after.status(),
        after.transaction(tx.id()).orElse(null));
    throw e;
  }

  private Payment settleFollowUp(
      String paymentId,
      FollowUp op,
      Gateway gateway,
      Transaction tx,
      GatewayResult result,
      List<Tried> attempts) {
    Instant now = clock.instant();
    PaymentStatus[] before = new PaymentStatus[1];
    GatewayException[] failure = new GatewayException[1];
    PaymentEventType[] event = new PaymentEventType[1];
    Payment after =
        commit(
            paymentId,
            cur -> {
              before[0] = cur.status();
              failure[0] = null;
              event[0] = null;
              Transaction t = txOf(cur, tx.id());
              Payment.Builder b =
                  addAttempts(
                      cur.toBuilder(), cur, gateway.id(), tx.gatewayIdempotencyKey(), attempts);
              if (!t.isOpen()) {
                return attempts.isEmpty() ? null : b.build(); // settled meanwhile
              }
              String ref =
                  result.transactionReference().orElse(result.gatewayReference().orElse(null));
              GatewayResult.Type expected =
                  switch (op.type()) {
                    case CAPTURE -> GatewayResult.Type.CAPTURED;
                    case REFUND -> GatewayResult.Type.REFUNDED;
                    default -> GatewayResult.Type.CANCELLED;
                  };
              Optional<String> mismatch =
                  op.type() == Transaction.Type.CANCEL
                      ? Optional.empty()
                      : amountMismatch(t.amount(), result);
              boolean unexpected =
                  result.type() != expected
                      && result.type() != GatewayResult.Type.PENDING
                      && result.type() != GatewayResult.Type.DECLINED;
              boolean contradicts =
                  result.type() == expected
                      && op.type() == Transaction.Type.CANCEL
                      && Cancellation.statusAfter(cur.status()) == null;
              if (mismatch.isPresent() || unexpected || contradicts) {
                String why =
                    mismatch.orElse(
                        contradicts
                            ? "a cancel confirmed for a payment in status " + cur.status()
                            : "unexpected answer " + result.type() + " to " + op.verb());
                b.putTransaction(t.with(Transaction.Status.UNKNOWN, ref, now))
                    .failure(
                        new PaymentFailure(
                            mismatch.isPresent() ? "amount_mismatch" : "unexpected_result",
                            why,
                            gateway.id()));
                b.addAttempt(
                    integrityAttempt(cur, b, gateway.id(), tx.gatewayIdempotencyKey(), why, now));
                event[0] = PaymentEventType.OPERATION_UNKNOWN;
                failure[0] = GatewayException.unknownOutcome(gateway.id(), why, 0, null);
              } else if (result.type() == GatewayResult.Type.PENDING) {
                b.putTransaction(t.with(Transaction.Status.PENDING, ref, now));
                event[0] = PaymentEventType.OPERATION_PENDING;
              } else if (result.type() == GatewayResult.Type.DECLINED) {
                b.putTransaction(t.with(Transaction.Status.DECLINED, ref, now));
                String code = result.decline().map(Decline::rawCode).orElse("declined");
                event[0] = PaymentEventType.OPERATION_FAILED;
                failure[0] =
                    GatewayException.rejected(
                        gateway.id(),
                        op.verb() + " declined by " + gateway.id() + ": " + code,
                        0,
                        code);
              } else {
                b.putTransaction(t.with(Transaction.Status.SUCCEEDED, ref, now)).failure(null);
                PaymentStatus next = statusAfter(cur, op.type(), t.amount(), gateway);
                switch (op.type()) {
                  case CAPTURE -> b.capturedAmount(cur.capturedAmount().plus(t.amount()));
                  case REFUND -> b.refundedAmount(cur.refundedAmount().plus(t.amount()));
                  default -> {
                    // The authorization of a payment abandoned during the shopper's action is void.
                    for (Transaction other : cur.transactions()) {
                      if (other.isOpen() && !other.id().equals(t.id())) {
                        b.putTransaction(other.with(Transaction.Status.FAILED, null, now));
                      }
                    }
                    b.nextAction(null).actionExpiresAt(null);
                  }
                }
                b.status(next);
              }
              return b.build();
            });
    if (after.status() != before[0]) {
      emit(eventFor(after.status()), after, before[0], after.transaction(tx.id()).orElse(null));
    } else if (event[0] != null) {
      emit(event[0], after, before[0], after.transaction(tx.id()).orElse(null));
    } else if (op.type() == Transaction.Type.CAPTURE) {
      emit(eventFor(after.status()), after, before[0], after.transaction(tx.id()).orElse(null));
    }
    if (failure[0] != null) {
      throw failure[0];
    }
    return after;
  }

  private static PaymentStatus statusAfter(
      Payment cur, Transaction.Type type, Money amount, Gateway gateway) {
    switch (type) {
      case CAPTURE -> {
        Money captured = cur.capturedAmount().plus(amount);
        boolean rest =
            captured.isLessThan(cur.authorizedAmount())
                && gateway.capabilities().multipleCaptures();
        return rest ? PaymentStatus.PARTIALLY_CAPTURED : PaymentStatus.CAPTURED;
      }
      case REFUND -> {
        Money refunded = cur.refundedAmount().plus(amount);
        return refunded.equals(cur.capturedAmount())
            ? PaymentStatus.REFUNDED
            : PaymentStatus.PARTIALLY_REFUNDED;
      }
      default -> {
        return Cancellation.statusAfter(cur.status());
      }
    }
  }

  // ---------------------------------------------------------------- 3-D Secure and refresh

  @Override
  public Payment completeAction(String paymentId, Map<String, String> returnParameters) {
    return timed("complete_action", () -> completeActionNow(paymentId, returnParameters));
  }

  private Payment completeActionNow(String paymentId, Map<String, String> returnParameters) {
    requireId(paymentId);
    if (returnParameters == null) {
      throw new InvalidRequestException("returnParameters", "is required (may be empty)");
    }
    Payment p = load(paymentId);
    if (p.status() != PaymentStatus.REQUIRES_ACTION) {
      throw new PaymentStateException(
          p.id(),
          p.status(),
          "payment " + p.id() + " does not require action; it is " + p.status());
    }
    GatewayExecutor ex = p.gatewayId().map(executors::get).orElse(null);
    if (ex == null) {
      throw new PaymentStateException(
          p.id(), p.status(), "the payment's gateway is no longer configured");
    }
    Gateway gateway = ex.gateway();
    Transaction authTx =
        openAuthorization(p)
            .orElseThrow(
                () ->
                    new PaymentStateException(
                        paymentId,
                        PaymentStatus.REQUIRES_ACTION,
                        "payment has no open authorization"));
    if (expired(p)) {
      Payment expired = expire(p, authTx.id());
      throw new PaymentStateException(
          p.id(),
          expired.status(),
          "payment "
              + p.id()
              + " expired at "
              + p.actionExpiresAt().orElseThrow()
              + " before the action was completed");
    }
    String gatewayKey =
        GatewayKeys.derive(p.id(), GatewayOperation.COMPLETE_ACTION, 1, gateway.id(), 1);
    CompleteActionRequest request =
        new CompleteActionRequest(
            p.id(),
            p.reference(),
            p.gatewayReference().orElse(null),
            p.amount(),
            p.autoCapture(),
            returnParameters,
            gatewayKey);
    MDC.put("ottu.paymentId", p.id());
    MDC.put("ottu.gateway", gateway.id());
    try {
      Outcome<GatewayResult> out =
          ex.call(GatewayOperation.COMPLETE_ACTION, () -> gateway.completeAction(request));
      observe(gateway.id(), p, out.attempts());
      if (out.succeeded()) {
        GatewayResult r = out.value();
        if (r.type() == GatewayResult.Type.DECLINED && r.decline().isPresent()) {
          r =
              GatewayResult.declined(
                  r.gatewayReference().orElse(null),
                  overridden(ex, r.decline().get().withGatewayId(gateway.id())));
        }
        Payment after = settleAuthorization(p, authTx.id(), gateway, gatewayKey, r, out.attempts());
        if (after.autoCapture() && after.status() == PaymentStatus.AUTHORIZED) {
          after = captureAfterAuthorize(after);
        }
        return after;
      }
      GatewayException e = out.failure();
      Payment recorded =
          commit(
              p.id(),
              cur ->
                  addAttempts(cur.toBuilder(), cur, gateway.id(), gatewayKey, out.attempts())
                      .build());
      if (e.failureClass() == FailureClass.UNKNOWN_OUTCOME) {
        return lookUpAuthorization(
            recorded, authTx.id(), ex, GatewayOperation.COMPLETE_ACTION, gatewayKey, e);
      }
      throw e;
    } finally {
      MDC.remove("ottu.paymentId");
      MDC.remove("ottu.gateway");
    }
  }

  private boolean expired(Payment p) {
    return p.actionExpiresAt().map(t -> !clock.instant().isBefore(t)).orElse(false);
  }

  private Payment expire(Payment p, String txId) {
    Instant now = clock.instant();
    Payment after =
        commit(
            p.id(),
            cur ->
                cur.status() != PaymentStatus.REQUIRES_ACTION
                    ? null
                    : cur.toBuilder()
                        .status(PaymentStatus.EXPIRED)
                        .nextAction(null)
                        .putTransaction(txOf(cur, txId).with(Transaction.Status.FAILED, null, now))
                        .failure(
                            new PaymentFailure(
                                "action_expired",
                                "the shopper did not complete the action in time",
                                cur.gatewayId().orElse(null)))
                        .build());
    if (after.status() == PaymentStatus.EXPIRED && p.status() != PaymentStatus.EXPIRED) {
      emit(
          PaymentEventType.PAYMENT_EXPIRED,
          after,
          p.status(),
          after.transaction(txId).orElse(null));
    }
    return after;
  }

  @Override
  public Payment refresh(String paymentId) {
    requireId(paymentId);
    return settleOpen(load(paymentId), false);
  }

  /**
   * Settles whatever is open on the payment by asking its gateway: an unknown or pending
   * authorization, an expired action, pending or unknown captures, refunds and cancellations.
   *
   * @param reconciling whether the reconciler asks: only then may an operation the gateway has no
   *     record of, older than the not-found horizon, be closed as never processed
   */
  public Payment settleOpen(Payment p, boolean reconciling) {
    GatewayExecutor ex = p.gatewayId().map(executors::get).orElse(null);
    if (ex == null) {
      return p;
    }
    Gateway gateway = ex.gateway();
    Payment cur = p;
    Optional<Transaction> auth = openAuthorization(cur);
    if (auth.isPresent()
        && (cur.status() == PaymentStatus.UNKNOWN
            || cur.status() == PaymentStatus.PENDING
            || cur.status() == PaymentStatus.REQUIRES_ACTION)) {
      Transaction tx = auth.get();
      GatewayOperation op =
          tx.type() == Transaction.Type.SALE
              ? GatewayOperation.PURCHASE
              : GatewayOperation.AUTHORIZE;
      LookupAnswer answer = lookupAt(cur, ex, op, cur.amount(), tx.gatewayIdempotencyKey());
      GatewayResult found = answer.found();
      if (found != null
          && !(found.type() == GatewayResult.Type.ACTION_REQUIRED
              && cur.status() == PaymentStatus.REQUIRES_ACTION)
          && !(found.type() == GatewayResult.Type.PENDING
              && cur.status() == PaymentStatus.PENDING)) {
        cur =
            settleAuthorization(
                cur, tx.id(), gateway, tx.gatewayIdempotencyKey(), found, List.of());
      } else if (reconciling
          && answer.nothingThere()
          && neverAcknowledged(tx)
          && cur.status() != PaymentStatus.REQUIRES_ACTION
          && !clock.instant().isBefore(tx.createdAt().plus(notFoundHorizon))) {
        cur = closeNeverProcessed(cur, tx, gateway);
      } else {
        cur = load(cur.id());
      }
      if (cur.status() == PaymentStatus.REQUIRES_ACTION && expired(cur)) {
        cur = expire(cur, tx.id());
      }
    }
    for (Transaction t : List.copyOf(cur.transactions())) {
      if (!t.isOpen()
          || t.type() == Transaction.Type.AUTHORIZATION
          || t.type() == Transaction.Type.SALE) {
        continue;
      }
      FollowUp op = new FollowUp(t.type(), cur.id(), t.amount(), t.idempotencyKey());
      LookupAnswer answer =
          lookupAt(cur, ex, op.operation(), t.amount(), t.gatewayIdempotencyKey());
      if (answer.found() != null && answer.found().type() != GatewayResult.Type.PENDING) {
        try {
          cur = settleFollowUp(cur.id(), op, gateway, t, answer.found(), List.of());
        } catch (GatewayException e) {
          cur = load(cur.id());
        }
      } else if (reconciling
          && answer.nothingThere()
          && neverAcknowledged(t)
          && !clock.instant().isBefore(t.createdAt().plus(notFoundHorizon))) {
        Instant now = clock.instant();
        cur =
            commit(
                cur.id(),
                c ->
                    txOf(c, t.id()).isOpen()
                        ? c.toBuilder()
                            .putTransaction(
                                txOf(c, t.id()).with(Transaction.Status.FAILED, null, now))
                            .failure(
                                new PaymentFailure(
                                    "not_processed",
                                    op.verb()
                                        + " "
                                        + t.id()
                                        + " never reached the gateway (no record after "
                                        + notFoundHorizon
                                        + ")",
                                    gateway.id()))
                            .build()
                        : null);
        emit(
            PaymentEventType.OPERATION_FAILED,
            cur,
            cur.status(),
            cur.transaction(t.id()).orElse(null));
      } else {
        cur = load(cur.id());
      }
    }
    return cur;
  }

  /**
   * Whether the gateway never acknowledged the operation: its outcome is unknown, or it has no
   * gateway reference. An operation the gateway accepted as pending is never closed for a lookup
   * that does not (yet) show it: some gateways list operations only once processed.
   */
  private static boolean neverAcknowledged(Transaction t) {
    return t.status() == Transaction.Status.UNKNOWN || t.gatewayReference() == null;
  }

  private Payment closeNeverProcessed(Payment p, Transaction tx, Gateway gateway) {
    PaymentStatus before = p.status();
    Instant now = clock.instant();
    Payment after =
        commit(
            p.id(),
            cur ->
                cur.status().canTransitionTo(PaymentStatus.FAILED) && txOf(cur, tx.id()).isOpen()
                    ? cur.toBuilder()
                        .status(PaymentStatus.FAILED)
                        .putTransaction(
                            txOf(cur, tx.id()).with(Transaction.Status.FAILED, null, now))
                        .failure(
                            new PaymentFailure(
                                "not_processed",
                                "the gateway has no record of the payment "
                                    + notFoundHorizon
                                    + " after it was sent",
                                gateway.id()))
                        .build()
                    : null);
    if (after.status() != before) {
      emit(PaymentEventType.PAYMENT_FAILED, after, before, after.transaction(tx.id()).orElse(null));
    }
    return after;
  }

  private static Optional<Transaction> openAuthorization(Payment p) {
    for (Transaction t : p.transactions()) {
      if ((t.type() == Transaction.Type.AUTHORIZATION || t.type() == Transaction.Type.SALE)
          && t.isOpen()) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<Payment> get(String paymentId) {
    requireId(paymentId);
    return store.find(paymentId);
  }

  // ---------------------------------------------------------------- batch

  @Override
  public BatchResult batch(List<PaymentRequest> requests, BatchOptions options) {
    if (requests == null) {
      throw new InvalidRequestException("requests", "is required");
    }
    Objects.requireNonNull(options, "options");
    for (int i = 0; i < requests.size(); i++) {
      if (requests.get(i) == null) {
        throw new InvalidRequestException("requests[" + i + "]", "is null");
      }
    }
    int total = requests.size();
    BatchResult.Item[] items = new BatchResult.Item[total];
    Semaphore slots = new Semaphore(options.concurrency());
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<CompletableFuture<Void>> futures = new ArrayList<>(total);
    for (int i = 0; i < total; i++) {
      int index = i;
      PaymentRequest r = requests.get(i);
      slots.acquireUninterruptibly();
      CompletableFuture<Void> f;
      try {
        f =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    Payment p = options.isPurchase() ? purchase(r) : authorize(r);
                    items[index] = new BatchResult.Item(index, r.reference(), p, null);
                  } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    items[index] = new BatchResult.Item(index, r.reference(), null, e);
                  } finally {
                    slots.release();
                    int n = done.incrementAndGet();
                    try {
                      options.progress().accept(new BatchOptions.Progress(n, failed.get(), total));
                    } catch (RuntimeException ignored) {
                      // A progress callback must not fail the batch.
                    }
                  }
                },
                executor);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        slots.release();
        failed.incrementAndGet();
        done.incrementAndGet();
        items[index] = new BatchResult.Item(index, r.reference(), null, e);
        continue;
      }
      futures.add(f);
    }
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
    return new BatchResult(List.of(items));
  }

  // ---------------------------------------------------------------- async forms

  @Override
  public CompletableFuture<Payment> authorizeAsync(PaymentRequest request) {
    return async(() -> authorize(request));
  }

  @Override
  public CompletableFuture<Payment> purchaseAsync(PaymentRequest request) {
    return async(() -> purchase(request));
  }

  @Override
  public CompletableFuture<Payment> captureAsync(String paymentId, Money amount) {
    return async(() -> capture(paymentId, amount));
  }

  @Override
  public CompletableFuture<Payment> captureAsync(
      String paymentId, Money amount, String idempotencyKey) {
    return async(() -> capture(paymentId, amount, idempotencyKey));
  }

  @Override
  public CompletableFuture<Payment> cancelAsync(String paymentId) {
    return async(() -> cancel(paymentId));
  }

  @Override
  public CompletableFuture<Payment> refundAsync(String paymentId, Money amount) {
    return async(() -> refund(paymentId, amount));
  }

  @Override
  public CompletableFuture<Payment> refundAsync(
      String paymentId, Money amount, String idempotencyKey) {
    return async(() -> refund(paymentId, amount, idempotencyKey));
  }

  @Override
  public CompletableFuture<Payment> completeActionAsync(
      String paymentId, Map<String, String> returnParameters) {
    return async(() -> completeAction(paymentId, returnParameters));
  }

  @Override
  public CompletableFuture<Payment> refreshAsync(String paymentId) {
    return async(() -> refresh(paymentId));
  }

  @Override
  public CompletableFuture<Optional<Payment>> getAsync(String paymentId) {
    return async(() -> get(paymentId));
  }

  private <T> CompletableFuture<T> async(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, executor);
  }

  // ---------------------------------------------------------------- plumbing

  /**
   * Applies {@code change} to the stored payment with an optimistic version check, re-reading and
   * re-applying on conflict. {@code change} must be a pure function of its argument; it returns
   * null for "nothing to change" and may throw to refuse the change.
   */
  Payment commit(String paymentId, Function<Payment, Payment> change) {
    return commit(paymentId, null, change);
  }

  /**
   * {@link #commit(String, Function)} starting from {@code held}, a snapshot of the payment the
   * caller already has (usually the latest, since the caller just wrote it), without reading it
   * again. If it is stale, the store refuses the write and the change is applied again to what the
   * store holds; a verdict drawn from it alone (no change, or an illegal transition) is checked
   * against the stored payment before it counts.
   */
  Payment commit(Payment held, Function<Payment, Payment> change) {
    return commit(held.id(), held, change);
  }

  private Payment commit(String paymentId, Payment held, Function<Payment, Payment> change) {
    Payment unread = held;
    for (int i = 0; i < MAX_COMMIT_ATTEMPTS; i++) {
      Payment cur = unread != null ? unread : load(paymentId);
      boolean loaded = unread == null;
      unread = null;
      Payment next = change.apply(cur);
      if (next == null) {
        if (!loaded) {
          continue;
        }
        return cur;
      }
      if (next.status() != cur.status() && !cur.status().canTransitionTo(next.status())) {
        if (!loaded) {
          continue;
        }
        throw new IllegalStateException(
            "illegal transition "
                + cur.status()
                + " -> "
                + next.status()
                + " for payment "
                + paymentId);
      }
      try {
        // Every change is built from cur, so it carries cur's version; one that does not is
        // brought back to it, so a lost race is always detected.
        Payment derived =
            next.version() == cur.version()
                ? next
                : next.withVersion(cur.version(), cur.updatedAt());
        return store.update(derived, clock.instant());
      } catch (ConcurrentUpdateException e) {
        Thread.onSpinWait();
      }
    }
    throw new ConcurrentUpdateException(paymentId, -1, -1);
  }

  private Payment load(String paymentId) {
    return store.find(paymentId).orElseThrow(() -> new PaymentNotFoundException(paymentId));
  }

  private static void requireId(String paymentId) {
    if (paymentId == null || paymentId.isBlank()) {
      throw new InvalidRequestException("paymentId", "is required");
    }
  }

  /**
   * The authorization attempt at {@code gatewayId} that is on record and not yet sent or answered
   * (a pending sale or authorization), or null.
   */
  private static Transaction recordedAttempt(Payment p, String gatewayId) {
    for (Transaction t : p.transactions()) {
      if (t.status() == Transaction.Status.PENDING
          && (t.type() == Transaction.Type.SALE || t.type() == Transaction.Type.AUTHORIZATION)
          && gatewayId.equals(t.gatewayId())) {
        return t;
      }
    }
    return null;
  }

  private static Transaction txOf(Payment p, String txId) {
    return p.transaction(txId)
        .orElseThrow(
            () -> new IllegalStateException("payment " + p.id() + " lost transaction " + txId));
  }

  private static int countTransactions(Payment p, Transaction.Type type) {
    int n = 0;
    for (Transaction t : p.transactions()) {
      if (t.type() == type) {
        n++;
      }
    }
    return n;
  }

  /** Adds the attempts to the builder, numbered after the payment's existing ones. */
  private static Payment.Builder addAttempts(
      Payment.Builder b, Payment cur, String gatewayId, String key, List<Tried> attempts) {
    int n = cur.attempts().size();
    for (Tried t : attempts) {
      b.addAttempt(
          new Attempt(
              ++n,
              gatewayId,
              t.operation(),
              key,
              t.outcome(),
              t.detail(),
              t.startedAt(),
              t.took()));
    }
    return b;
  }

  static PaymentEventType eventFor(PaymentStatus s) {
    return switch (s) {
      case PENDING -> PaymentEventType.PAYMENT_PENDING;
      case REQUIRES_ACTION -> PaymentEventType.PAYMENT_ACTION_REQUIRED;
      case AUTHORIZED -> PaymentEventType.PAYMENT_AUTHORIZED;
      case PARTIALLY_CAPTURED -> PaymentEventType.PAYMENT_PARTIALLY_CAPTURED;
      case CAPTURED -> PaymentEventType.PAYMENT_CAPTURED;
      case PARTIALLY_REFUNDED -> PaymentEventType.PAYMENT_PARTIALLY_REFUNDED;
      case REFUNDED -> PaymentEventType.PAYMENT_REFUNDED;
      case CANCELLED -> PaymentEventType.PAYMENT_CANCELLED;
      case DECLINED -> PaymentEventType.PAYMENT_DECLINED;
      case FAILED -> PaymentEventType.PAYMENT_FAILED;
      case EXPIRED -> PaymentEventType.PAYMENT_EXPIRED;
      case UNKNOWN -> PaymentEventType.PAYMENT_UNKNOWN;
      case DISPUTED -> PaymentEventType.PAYMENT_DISPUTED;
    };
  }

  /** Delivers an event for a committed change. */
  public void emit(PaymentEventType type, Payment payment, PaymentStatus previous, Transaction tx) {
    if (listeners.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    listeners.deliver(
        new PaymentEvent(Ids.next("evt_", now.toEpochMilli()), type, payment, previous, tx, now));
  }
}
