package io.ottu.internal;

import io.ottu.Attempt;
import io.ottu.CardData;
import io.ottu.CardSummary;
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
import io.ottu.Transaction;
import io.ottu.card.CardTokenResolver;
import io.ottu.event.PaymentEvent;
import io.ottu.event.PaymentEventType;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.GatewaySource;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import io.ottu.store.ConcurrentUpdateException;
import io.ottu.store.PaymentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The payment engine behind {@link Payments}: validation, idempotency, gateway selection, the
 * classified handling of every gateway answer, and the state machine.
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

  private final GatewaySelector selector;
  private final PaymentStore store;
  private final CardTokenResolver resolver;
  private final Listeners listeners;
  private final Clock clock;
  private final Executor executor;
  private final Duration actionTimeout;
  private final ConcurrentHashMap<String, CompletableFuture<Payment>> inFlight =
      new ConcurrentHashMap<>();

  /**
   * Creates the engine.
   *
   * @param selector chooses the gateways for a payment
   * @param store the payment store
   * @param resolver the card vault, or null
   * @param listeners the listeners
   * @param clock the clock
   * @param executor runs the async forms
   * @param actionTimeout how long a payment may wait for the shopper's action
   */
  public PaymentEngine(
      GatewaySelector selector,
      PaymentStore store,
      CardTokenResolver resolver,
      Listeners listeners,
      Clock clock,
      Executor executor,
      Duration actionTimeout) {
    this.selector = Objects.requireNonNull(selector, "selector");
    this.store = Objects.requireNonNull(store, "store");
    this.resolver = resolver;
    this.listeners = Objects.requireNonNull(listeners, "listeners");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.actionTimeout = Objects.requireNonNull(actionTimeout, "actionTimeout");
  }

  // ---------------------------------------------------------------- create: authorize / purchase

  @Override
  public Payment authorize(PaymentRequest request) {
    return create(request, false);
  }

  @Override
  public Payment purchase(PaymentRequest request) {
    return create(request, true);
  }

  private Payment create(PaymentRequest request, boolean capture) {
    Objects.requireNonNull(request, "request");
    Instant now = clock.instant();
    // Everything that can be wrong with the request is found here, before anything is stored.
    SourceSummary source = describeSource(request.source(), now);
    List<Gateway> candidates = selector.candidates(request, source, capture);
    String fingerprint =
        RequestFingerprint.of(capture ? "purchase" : "authorize", request, source.card());
    Payment fresh = newPayment(request, source, fingerprint, capture, now);

    String key = request.idempotencyKey().orElse(null);
    if (key == null) {
      Payment inserted = store.insert(fresh).payment();
      emit(PaymentEventType.PAYMENT_CREATED, inserted, PaymentStatus.PENDING, null);
      return process(inserted, request, candidates, capture);
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
        result = process(inserted.payment(), request, candidates, capture);
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
    YearMonth month = YearMonth.from(now.atZone(clock.getZone()));
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
        if (YearMonth.of(card.expiryYear(), card.expiryMonth()).isBefore(month)) {
          throw new InvalidRequestException(
              "source.token",
              "the card behind the token expired in "
                  + YearMonth.of(card.expiryYear(), card.expiryMonth()));
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

  private Payment newPayment(
      PaymentRequest request,
      SourceSummary source,
      String fingerprint,
      boolean capture,
      Instant now) {
    return Payment.builder()
        .id(Ids.next("pay_", now.toEpochMilli()))
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
        .createdAt(now)
        .updatedAt(now)
        .build();
  }

  private Payment process(
      Payment payment, PaymentRequest request, List<Gateway> candidates, boolean capture) {
    MDC.put("ottu.paymentId", payment.id());
    try {
      Payment p = payment;
      GatewayException last = null;
      for (Gateway gateway : candidates) {
        boolean sale = capture && gateway.capabilities().supports(GatewayOperation.PURCHASE);
        AuthOutcome outcome = attemptAuthorize(p, request, gateway, sale);
        p = outcome.payment();
        if (outcome.failure() == null) {
          if (capture && !sale && p.status() == PaymentStatus.AUTHORIZED) {
            p = captureAfterAuthorize(p);
          }
          return p;
        }
        last = outcome.failure();
        if (!last.failureClass().knownNotProcessed()) {
          return p;
        }
      }
      String detail = last == null ? "no gateway was tried" : last.getMessage();
      String gatewayId = last == null ? null : last.gatewayId();
      return fail(
          p, "no_gateway_available", "no gateway could process the payment: " + detail, gatewayId);
    } finally {
      // The CVC served its one authorization; it must not outlive it (PCI DSS 3.2).
      request.source().card().ifPresent(CardData::wipeCvc);
      MDC.remove("ottu.paymentId");
    }
  }

  /** The result of one authorization attempt: the payment after it, and the failure if any. */
  private record AuthOutcome(Payment payment, GatewayException failure) {}

  private AuthOutcome attemptAuthorize(
      Payment payment, PaymentRequest request, Gateway gateway, boolean sale) {
    GatewayOperation op = sale ? GatewayOperation.PURCHASE : GatewayOperation.AUTHORIZE;
    int gatewayAttempt = countAttempts(payment, gateway.id(), op) + 1;
    String gatewayKey = GatewayKeys.derive(payment.id(), op, 1, gateway.id(), gatewayAttempt);
    String txId = "txn_" + (payment.transactions().size() + 1);
    Instant started = clock.instant();
    Transaction tx =
        new Transaction(
            txId,
            sale ? Transaction.Type.SALE : Transaction.Type.AUTHORIZATION,
            Transaction.Status.PENDING,
            payment.amount(),
            gateway.id(),
            null,
            payment.idempotencyKey().orElse(null),
            gatewayKey,
            started,
            started);
    // The attempt is on record before the request leaves, so a crash mid-call leaves a payment
    // that the reconciler knows to look up at this gateway with this key.
    Payment p =
        commit(
            payment.id(),
            cur -> cur.toBuilder().gatewayId(gateway.id()).putTransaction(tx).build());

    MDC.put("ottu.gateway", gateway.id());
    long t0 = System.nanoTime();
    CardData resolved = null;
    GatewayResult result;
    try {
      GatewaySource source;
      PaymentSource s = request.source();
      switch (s.type()) {
        case CARD -> source = GatewaySource.card(s.card().orElseThrow());
        case VAULT_TOKEN -> {
          resolved = resolver.resolve(s.token().orElseThrow(), payment.id());
          source = GatewaySource.card(resolved);
        }
        default -> source = GatewaySource.gatewayToken(s.token().orElseThrow());
      }
      result =
          gateway.authorize(
              new AuthorizeRequest(
                  p.id(),
                  p.reference(),
                  p.amount(),
                  source,
                  sale,
                  gatewayKey,
                  gatewayAttempt,
                  p.threeDSecure(),
                  p.returnUrl().orElse(null),
                  p.customer().orElse(null),
                  p.description().orElse(null),
                  p.metadata()));
    } catch (GatewayException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      return authorizationFailed(p, txId, gateway, op, gatewayKey, e, started, took);
    } catch (InvalidRequestException e) {
      // Refused before anything was sent: the vault no longer knows the token (erased meanwhile),
      // or the adapter cannot express the request (an amount the gateway cannot represent).
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      GatewayException notSent = GatewayException.notSent(gateway.id(), e.getMessage(), e);
      Payment recorded =
          authorizationFailed(p, txId, gateway, op, gatewayKey, notSent, started, took).payment();
      fail(recorded, "invalid_request", e.getMessage(), gateway.id());
      throw e;
    } catch (RuntimeException e) {
      // An adapter that throws something unclassified may have sent the request: never assume not.
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      GatewayException unknown =
          GatewayException.unknownOutcome(
              gateway.id(), "adapter failed with " + e.getClass().getName(), 0, e);
      return authorizationFailed(p, txId, gateway, op, gatewayKey, unknown, started, took);
    } finally {
      if (resolved != null) {
        resolved.wipe();
      }
      MDC.remove("ottu.gateway");
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    return new AuthOutcome(
        settleAuthorization(p.id(), txId, gateway, op, gatewayKey, result, started, took), null);
  }

  private AuthOutcome authorizationFailed(
      Payment p,
      String txId,
      Gateway gateway,
      GatewayOperation op,
      String gatewayKey,
      GatewayException e,
      Instant started,
      Duration took) {
    Attempt attempt =
        attempt(
            p,
            gateway.id(),
            op,
            gatewayKey,
            outcomeOf(e.failureClass()),
            describe(e),
            started,
            took);
    switch (e.failureClass()) {
      case NOT_SENT, UNAVAILABLE -> {
        Payment after =
            commit(
                p.id(),
                cur ->
                    cur.toBuilder()
                        .putTransaction(
                            txOf(cur, txId).with(Transaction.Status.FAILED, null, started))
                        .addAttempt(renumber(attempt, cur))
                        .build());
        return new AuthOutcome(after, e);
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
                    cur.toBuilder()
                        .putTransaction(
                            txOf(cur, txId).with(Transaction.Status.FAILED, null, started))
                        .addAttempt(renumber(attempt, cur))
                        .build());
        return new AuthOutcome(
            fail(
                after,
                e.credentialsProblem() ? "gateway_credentials_rejected" : "gateway_rejected",
                e.getMessage(),
                gateway.id()),
            e);
      }
      default -> {
        Payment recorded =
            commit(p.id(), cur -> cur.toBuilder().addAttempt(renumber(attempt, cur)).build());
        return new AuthOutcome(lookUpAuthorization(recorded, txId, gateway, op, gatewayKey, e), e);
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
      Gateway gateway,
      GatewayOperation op,
      String gatewayKey,
      GatewayException cause) {
    Optional<GatewayResult> found = lookup(p, gateway, op, p.amount(), gatewayKey);
    if (found.isPresent()) {
      return settleAuthorization(
          p.id(),
          txId,
          gateway,
          GatewayOperation.LOOKUP,
          gatewayKey,
          found.get(),
          clock.instant(),
          Duration.ZERO);
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
      Payment p, Gateway gateway, GatewayOperation op, Money amount, String gatewayKey) {
    if (!gateway.capabilities().supports(GatewayOperation.LOOKUP)) {
      return Optional.empty();
    }
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    Optional<GatewayResult> found;
    Attempt.Outcome outcome;
    String detail;
    try {
      found =
          gateway.lookup(
              new LookupRequest(
                  p.id(),
                  p.reference(),
                  p.gatewayReference().orElse(null),
                  op,
                  amount,
                  gatewayKey));
      outcome = found.map(r -> Attempt.Outcome.APPROVED).orElse(Attempt.Outcome.NOT_FOUND);
      detail = found.map(r -> "lookup: " + r.type()).orElse("lookup: no record");
    } catch (GatewayException e) {
      found = Optional.empty();
      outcome = outcomeOf(e.failureClass());
      detail = "lookup failed: " + describe(e);
    } catch (RuntimeException e) {
      found = Optional.empty();
      outcome = Attempt.Outcome.UNKNOWN_OUTCOME;
      detail = "lookup failed: " + e.getClass().getName();
    }
    Attempt a =
        attempt(
            p,
            gateway.id(),
            GatewayOperation.LOOKUP,
            gatewayKey,
            outcome,
            detail,
            started,
            Duration.ofNanos(System.nanoTime() - t0));
    commit(p.id(), cur -> cur.toBuilder().addAttempt(renumber(a, cur)).build());
    return found;
  }

  /**
   * Applies a gateway's answer about the authorization (from authorize, completeAction, or a
   * lookup) to the payment. A late answer that would move the payment backwards is ignored.
   */
  private Payment settleAuthorization(
      String paymentId,
      String txId,
      Gateway gateway,
      GatewayOperation op,
      String gatewayKey,
      GatewayResult result,
      Instant started,
      Duration took) {
    Instant now = clock.instant();
    PaymentStatus[] before = new PaymentStatus[1];
    Payment after =
        commit(
            paymentId,
            cur -> {
              before[0] = cur.status();
              return applyAuthorizationResult(
                  cur, txId, gateway, op, gatewayKey, result, started, took, now);
            });
    if (after.status() != before[0]) {
      emit(eventFor(after.status()), after, before[0], after.transaction(txId).orElse(null));
    }
    return after;
  }

  private Payment applyAuthorizationResult(
      Payment cur,
      String txId,
      Gateway gateway,
      GatewayOperation op,
      String gatewayKey,
      GatewayResult result,
      Instant started,
      Duration took,
      Instant now) {
    Transaction tx = txOf(cur, txId);
    String ref = result.gatewayReference().orElse(cur.gatewayReference().orElse(null));
    Payment.Builder b = cur.toBuilder().gatewayId(gateway.id()).gatewayReference(ref);
    Attempt.Outcome outcome = outcomeOf(result.type());
    String detail = result.rawStatus().orElse(result.type().name());

    Optional<String> mismatch = amountMismatch(cur.amount(), result);
    PaymentStatus next;
    if (mismatch.isPresent()) {
      next = PaymentStatus.UNKNOWN;
      outcome = Attempt.Outcome.INTEGRITY_FAILURE;
      detail = mismatch.get();
      b.putTransaction(tx.with(Transaction.Status.UNKNOWN, ref, now))
          .failure(new PaymentFailure("amount_mismatch", mismatch.get(), gateway.id()));
    } else {
      switch (result.type()) {
        case AUTHORIZED -> {
          next = PaymentStatus.AUTHORIZED;
          b.authorizedAmount(cur.amount()).failure(null).nextAction(null).actionExpiresAt(null);
          b.putTransaction(tx.with(Transaction.Status.SUCCEEDED, ref, now));
        }
        case CAPTURED -> {
          next = PaymentStatus.CAPTURED;
          b.authorizedAmount(cur.amount())
              .capturedAmount(cur.amount())
              .failure(null)
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
          detail = result.decline().get().reason() + " " + result.decline().get().rawCode();
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
              cur.status() == PaymentStatus.REQUIRES_ACTION
                  ? PaymentStatus.EXPIRED
                  : PaymentStatus.FAILED;
          b.nextAction(null)
              .failure(
                  new PaymentFailure("expired", "the gateway expired the payment", gateway.id()));
          b.putTransaction(tx.with(Transaction.Status.FAILED, ref, now));
        }
        default -> {
          // A refund or cancellation is no answer to an authorization: never read it as success.
          next = PaymentStatus.UNKNOWN;
          outcome = Attempt.Outcome.INTEGRITY_FAILURE;
          detail = "unexpected answer " + result.type() + " to " + op;
          b.putTransaction(tx.with(Transaction.Status.UNKNOWN, ref, now))
              .failure(new PaymentFailure("unexpected_result", detail, gateway.id()));
        }
      }
    }
    if (next != cur.status() && !cur.status().canTransitionTo(next)) {
      // A late or duplicated answer (the payment has moved on): record the call, change nothing.
      log.info(
          "ignoring {} from {} for payment {} in status {}",
          result.type(),
          gateway.id(),
          cur.id(),
          cur.status());
      return cur.toBuilder()
          .addAttempt(
              renumber(
                  attempt(
                      cur,
                      gateway.id(),
                      op,
                      gatewayKey,
                      outcome,
                      "ignored: " + detail,
                      started,
                      took),
                  cur))
          .build();
    }
    return b.status(next)
        .addAttempt(
            renumber(
                attempt(cur, gateway.id(), op, gatewayKey, outcome, detail, started, took), cur))
        .build();
  }

  private static Optional<String> amountMismatch(Money expected, GatewayResult result) {
    if (result.amount().isEmpty() || result.type() == GatewayResult.Type.DECLINED) {
      return Optional.empty();
    }
    Money got = result.amount().get();
    if (got.equals(expected)) {
      return Optional.empty();
    }
    return Optional.of("the gateway reported " + got + " for a request of " + expected);
  }

  private Payment captureAfterAuthorize(Payment p) {
    try {
      return capture(p.id(), p.capturableAmount(), null);
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
    return followUp(new FollowUp(Transaction.Type.CAPTURE, paymentId, amount, idempotencyKey));
  }

  @Override
  public Payment refund(String paymentId, Money amount) {
    return refund(paymentId, amount, null);
  }

  @Override
  public Payment refund(String paymentId, Money amount, String idempotencyKey) {
    return followUp(new FollowUp(Transaction.Type.REFUND, paymentId, amount, idempotencyKey));
  }

  @Override
  public Payment cancel(String paymentId) {
    return followUp(new FollowUp(Transaction.Type.CANCEL, paymentId, null, null));
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
      return type.name().toLowerCase(java.util.Locale.ROOT);
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
    Payment p = load(op.paymentId());
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
    p = settleFirst(p);
    Gateway gateway = selector.gateway(p.gatewayId().orElse(null));
    if (gateway == null) {
      throw new PaymentStateException(
          p.id(),
          p.status(),
          "payment " + p.id() + " has no gateway that can " + op.verb() + " it");
    }
    if (!gateway.capabilities().supports(op.operation())) {
      throw new PaymentStateException(
          p.id(), p.status(), "gateway " + gateway.id() + " does not support " + op.verb());
    }

    // Reserve: the pending transaction counts against the capturable or refundable amount, so
    // concurrent operations cannot together exceed it.
    Instant now = clock.instant();
    Transaction[] reserved = new Transaction[1];
    Payment p0 = p;
    Payment afterReserve =
        commit(
            p.id(),
            cur -> {
              reserved[0] = null;
              Optional<Transaction> same = sameKey(cur, op);
              if (same.isPresent()) {
                return null;
              }
              Money amount = checkFollowUp(cur, op, gateway);
              int sequence = countTransactions(cur, op.type()) + 1;
              String gatewayKey =
                  GatewayKeys.derive(cur.id(), op.operation(), sequence, gateway.id(), 1);
              Transaction tx =
                  new Transaction(
                      "txn_" + (cur.transactions().size() + 1),
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
    Transaction tx = reserved[0];
    log.debug("{} of {} on payment {} reserved as {}", op.verb(), tx.amount(), p0.id(), tx.id());
    return callFollowUp(afterReserve, op, gateway, tx);
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
    }
    for (Transaction t : cur.transactions()) {
      if (t.type() == Transaction.Type.CANCEL && t.isOpen()) {
        throw new PaymentStateException(
            cur.id(), s, "payment " + cur.id() + " is being cancelled (" + t.id() + ")");
      }
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

  private Payment callFollowUp(Payment p, FollowUp op, Gateway gateway, Transaction tx) {
    MDC.put("ottu.paymentId", p.id());
    MDC.put("ottu.gateway", gateway.id());
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    try {
      GatewayResult result;
      try {
        result = callGateway(p, op, gateway, tx);
      } catch (GatewayException e) {
        return followUpFailed(
            p, op, gateway, tx, e, started, Duration.ofNanos(System.nanoTime() - t0));
      } catch (RuntimeException e) {
        // An adapter that throws something unclassified may have sent the request: never assume
        // it did not. Engine failures after the call are not caught here.
        GatewayException unknown =
            GatewayException.unknownOutcome(
                gateway.id(), "adapter failed with " + e.getClass().getName(), 0, e);
        return followUpFailed(
            p, op, gateway, tx, unknown, started, Duration.ofNanos(System.nanoTime() - t0));
      }
      return settleFollowUp(
          p.id(), op, gateway, tx, result, started, Duration.ofNanos(System.nanoTime() - t0));
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
      Gateway gateway,
      Transaction tx,
      GatewayException e,
      Instant started,
      Duration took) {
    Attempt a =
        attempt(
            p,
            gateway.id(),
            op.operation(),
            tx.gatewayIdempotencyKey(),
            outcomeOf(e.failureClass()),
            describe(e),
            started,
            took);
    Instant now = clock.instant();
    if (e.failureClass() != FailureClass.UNKNOWN_OUTCOME) {
      Payment after =
          commit(
              p.id(),
              cur ->
                  cur.toBuilder()
                      .putTransaction(txOf(cur, tx.id()).with(Transaction.Status.FAILED, null, now))
                      .addAttempt(renumber(a, cur))
                      .build());
      emit(
          PaymentEventType.OPERATION_FAILED,
          after,
          after.status(),
          after.transaction(tx.id()).orElse(null));
      throw e;
    }
    Payment recorded = commit(p.id(), cur -> cur.toBuilder().addAttempt(renumber(a, cur)).build());
    Optional<GatewayResult> found =
        lookup(recorded, gateway, op.operation(), tx.amount(), tx.gatewayIdempotencyKey());
    if (found.isPresent()) {
      return settleFollowUp(p.id(), op, gateway, tx, found.get(), clock.instant(), Duration.ZERO);
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
      Instant started,
      Duration took) {
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
              if (!t.isOpen()) {
                return null; // settled meanwhile (a webhook or another lookup)
              }
              Payment.Builder b = cur.toBuilder();
              String ref =
                  result.transactionReference().orElse(result.gatewayReference().orElse(null));
              Attempt.Outcome outcome = outcomeOf(result.type());
              String detail = result.rawStatus().orElse(result.type().name());
              GatewayResult.Type expected =
                  switch (op.type()) {
                    case CAPTURE -> GatewayResult.Type.CAPTURED;
                    case REFUND -> GatewayResult.Type.REFUNDED;
                    default -> GatewayResult.Type.CANCELLED;
                  };
              Optional<String> mismatch =
                  op.type() == Transaction.Type.CANCEL
                      ? Optional.empty()
                      : amountMismatch(tx.amount(), result);
              if (mismatch.isPresent()
                  || (result.type() != expected
                      && result.type() != GatewayResult.Type.PENDING
                      && result.type() != GatewayResult.Type.DECLINED)) {
                String why =
                    mismatch.orElse("unexpected answer " + result.type() + " to " + op.verb());
                b.putTransaction(t.with(Transaction.Status.UNKNOWN, ref, now))
                    .failure(
                        new PaymentFailure(
                            mismatch.isPresent() ? "amount_mismatch" : "unexpected_result",
                            why,
                            gateway.id()));
                outcome = Attempt.Outcome.INTEGRITY_FAILURE;
                detail = why;
                event[0] = PaymentEventType.OPERATION_UNKNOWN;
                failure[0] = GatewayException.unknownOutcome(gateway.id(), why, 0, null);
              } else if (result.type() == GatewayResult.Type.PENDING) {
                b.putTransaction(t.with(Transaction.Status.PENDING, ref, now));
                event[0] = PaymentEventType.OPERATION_PENDING;
              } else if (result.type() == GatewayResult.Type.DECLINED) {
                b.putTransaction(t.with(Transaction.Status.DECLINED, ref, now));
                String code = result.decline().map(d -> d.rawCode()).orElse("declined");
                detail = code;
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
              return b.addAttempt(
                      renumber(
                          attempt(
                              cur,
                              gateway.id(),
                              op.operation(),
                              tx.gatewayIdempotencyKey(),
                              outcome,
                              detail,
                              started,
                              took),
                          cur))
                  .build();
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
        return cur.status() == PaymentStatus.PARTIALLY_CAPTURED
            ? PaymentStatus.CAPTURED
            : PaymentStatus.CANCELLED;
      }
    }
  }

  // ---------------------------------------------------------------- 3-D Secure and refresh

  @Override
  public Payment completeAction(String paymentId, Map<String, String> returnParameters) {
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
    Gateway gateway = selector.gateway(p.gatewayId().orElse(null));
    if (gateway == null) {
      throw new PaymentStateException(
          p.id(), p.status(), "the payment's gateway is no longer configured");
    }
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
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    MDC.put("ottu.paymentId", p.id());
    MDC.put("ottu.gateway", gateway.id());
    try {
      GatewayResult result =
          gateway.completeAction(
              new CompleteActionRequest(
                  p.id(),
                  p.reference(),
                  p.gatewayReference().orElse(null),
                  p.amount(),
                  p.autoCapture(),
                  returnParameters,
                  gatewayKey));
      Payment after =
          settleAuthorization(
              p.id(),
              authTx.id(),
              gateway,
              GatewayOperation.COMPLETE_ACTION,
              gatewayKey,
              result,
              started,
              Duration.ofNanos(System.nanoTime() - t0));
      if (after.autoCapture() && after.status() == PaymentStatus.AUTHORIZED) {
        after = captureAfterAuthorize(after);
      }
      return after;
    } catch (GatewayException e) {
      Attempt a =
          attempt(
              p,
              gateway.id(),
              GatewayOperation.COMPLETE_ACTION,
              gatewayKey,
              outcomeOf(e.failureClass()),
              describe(e),
              started,
              Duration.ofNanos(System.nanoTime() - t0));
      Payment recorded =
          commit(p.id(), cur -> cur.toBuilder().addAttempt(renumber(a, cur)).build());
      if (e.failureClass() == FailureClass.UNKNOWN_OUTCOME) {
        return lookUpAuthorization(
            recorded, authTx.id(), gateway, GatewayOperation.COMPLETE_ACTION, gatewayKey, e);
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
    return settleFirst(load(paymentId));
  }

  /**
   * Settles whatever is open on the payment by asking its gateway: an unknown or pending
   * authorization, an expired action, pending or unknown captures, refunds and cancellations.
   */
  private Payment settleFirst(Payment p) {
    Gateway gateway = selector.gateway(p.gatewayId().orElse(null));
    if (gateway == null) {
      return p;
    }
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
      Optional<GatewayResult> found =
          lookup(cur, gateway, op, cur.amount(), tx.gatewayIdempotencyKey());
      if (found.isPresent()
          && !(found.get().type() == GatewayResult.Type.ACTION_REQUIRED
              && cur.status() == PaymentStatus.REQUIRES_ACTION)) {
        cur =
            settleAuthorization(
                cur.id(),
                tx.id(),
                gateway,
                GatewayOperation.LOOKUP,
                tx.gatewayIdempotencyKey(),
                found.get(),
                clock.instant(),
                Duration.ZERO);
      } else {
        cur = store.find(cur.id()).orElse(cur);
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
      Optional<GatewayResult> found =
          lookup(cur, gateway, op.operation(), t.amount(), t.gatewayIdempotencyKey());
      if (found.isPresent()) {
        try {
          cur =
              settleFollowUp(cur.id(), op, gateway, t, found.get(), clock.instant(), Duration.ZERO);
        } catch (GatewayException e) {
          cur = store.find(cur.id()).orElse(cur);
        }
      } else {
        cur = store.find(cur.id()).orElse(cur);
      }
    }
    return cur;
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
    for (int i = 0; i < MAX_COMMIT_ATTEMPTS; i++) {
      Payment cur = load(paymentId);
      Payment next = change.apply(cur);
      if (next == null) {
        return cur;
      }
      if (next.status() != cur.status() && !cur.status().canTransitionTo(next.status())) {
        throw new IllegalStateException(
            "illegal transition "
                + cur.status()
                + " -> "
                + next.status()
                + " for payment "
                + paymentId);
      }
      try {
        return store.update(
            next.toBuilder().updatedAt(clock.instant()).version(cur.version()).build());
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

  private static int countAttempts(Payment p, String gatewayId, GatewayOperation op) {
    int n = 0;
    for (Attempt a : p.attempts()) {
      if (a.gatewayId().equals(gatewayId)
          && a.operation() == op
          && a.outcome() == Attempt.Outcome.DECLINED) {
        n++;
      }
    }
    return n;
  }

  private Attempt attempt(
      Payment p,
      String gatewayId,
      GatewayOperation op,
      String key,
      Attempt.Outcome outcome,
      String detail,
      Instant started,
      Duration took) {
    return new Attempt(p.attempts().size() + 1, gatewayId, op, key, outcome, detail, started, took);
  }

  /** Numbers the attempt after the payment it is being added to (the count may have moved). */
  private static Attempt renumber(Attempt a, Payment cur) {
    int n = cur.attempts().size() + 1;
    return a.number() == n
        ? a
        : new Attempt(
            n,
            a.gatewayId(),
            a.operation(),
            a.gatewayIdempotencyKey(),
            a.outcome(),
            a.detail(),
            a.startedAt(),
            a.duration());
  }

  private static String describe(GatewayException e) {
    StringBuilder sb = new StringBuilder(e.failureClass().name());
    if (e.httpStatus() > 0) {
      sb.append(" http=").append(e.httpStatus());
    }
    e.gatewayCode().ifPresent(c -> sb.append(" code=").append(c));
    e.requestId().ifPresent(r -> sb.append(" request=").append(r));
    if (e.getMessage() != null) {
      sb.append(": ").append(e.getMessage());
    }
    return sb.toString();
  }

  private static Attempt.Outcome outcomeOf(FailureClass c) {
    return switch (c) {
      case NOT_SENT -> Attempt.Outcome.NOT_SENT;
      case UNAVAILABLE -> Attempt.Outcome.UNAVAILABLE;
      case UNKNOWN_OUTCOME -> Attempt.Outcome.UNKNOWN_OUTCOME;
      case REJECTED -> Attempt.Outcome.REJECTED;
    };
  }

  private static Attempt.Outcome outcomeOf(GatewayResult.Type t) {
    return switch (t) {
      case AUTHORIZED, CAPTURED, REFUNDED, CANCELLED -> Attempt.Outcome.APPROVED;
      case DECLINED -> Attempt.Outcome.DECLINED;
      case ACTION_REQUIRED -> Attempt.Outcome.ACTION_REQUIRED;
      case PENDING -> Attempt.Outcome.PENDING;
      case EXPIRED -> Attempt.Outcome.REJECTED;
    };
  }

  private static PaymentEventType eventFor(PaymentStatus s) {
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

  private void emit(
      PaymentEventType type, Payment payment, PaymentStatus previous, Transaction tx) {
    Instant now = clock.instant();
    listeners.deliver(
        new PaymentEvent(Ids.next("evt_", now.toEpochMilli()), type, payment, previous, tx, now));
  }
}
