package io.ottu.gateway.simulated;

import io.ottu.CardData;
import io.ottu.Money;
import io.ottu.NextAction;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.GatewaySource;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * An in-process {@link Gateway} that behaves like a real one, for demos, tests and benchmarks:
 * approvals and declines with realistic ISO 8583 codes, 3-D Secure challenges, latency, injected
 * faults of every class in the failure table (DESIGN §2), idempotency keys honoured exactly as
 * Stripe and Adyen honour them, and its own {@link SimulatedLedger} of what it charged, captured
 * and refunded, so a test can prove there was no double charge.
 *
 * <pre>{@code
 * SimulatedGateway gateway = SimulatedGateway.builder("sim-a")
 *     .approvalRate(0.9)
 *     .threeDSecureRate(0.1)
 *     .latency(Duration.ofMillis(50), Duration.ofMillis(250))
 *     .faults(FaultPlan.random(Map.of(Fault.NOT_SENT, 0.01, Fault.PROCESSED_RESPONSE_LOST, 0.01)))
 *     .seed(42)
 *     .build();
 * }</pre>
 *
 * <h2>Authorization outcomes</h2>
 *
 * An authorization or sale is decided by the first rule that applies:
 *
 * <ol>
 *   <li>a card whose expiry month has passed (by the {@linkplain Builder#clock(Clock) clock}) is
 *       declined {@code 54}; a card brand missing from the {@linkplain GatewayCapabilities#brands()
 *       capabilities} is declined {@code card_brand_not_supported} (soft);
 *   <li>a {@linkplain TestCards test card or token} has a fixed outcome (Stripe's public test
 *       numbers: {@code 4242424242424242} approves, {@code 4000000000000002} declines {@code 05},
 *       {@code 4000000000009995} declines {@code 51}, {@code 4000000000003220} always asks for 3-D
 *       Secure, and so on);
 *   <li>an amount whose minor units end in {@code 99NN}, where {@code NN} is one of the numeric
 *       {@linkplain DeclineCode#iso8583() ISO 8583 codes}, is declined with that code: 99.51 USD
 *       (9951 minor units) declines {@code 51} insufficient funds, 19.991 KWD declines {@code 91}
 *       issuer unavailable, 9905 JPY declines {@code 05}. Turn this off with {@link
 *       Builder#amountTriggers(boolean)};
 *   <li>otherwise the payment is approved with the {@linkplain Builder#approvalRate(double)
 *       approval rate}, and declined with a code drawn from the {@linkplain Builder#declineMix(Map)
 *       decline mix}.
 * </ol>
 *
 * <p>The draws of the last rule (and of the 3-D Secure rate) are a pure function of the {@link
 * Builder#seed(long) seed} and the request's idempotency key: the same payment gets the same answer
 * whatever the thread interleaving, and a retry of a soft decline with a new attempt key draws
 * afresh.
 *
 * <h2>3-D Secure</h2>
 *
 * A card payment is challenged when it asks for {@link ThreeDSecure#REQUIRED}, when the card
 * requires it, or, with {@link ThreeDSecure#AUTOMATIC}, for the {@linkplain
 * Builder#threeDSecureRate(double) 3-D Secure rate} share of ordinary cards. A challenged payment
 * answers {@link GatewayResult.Type#ACTION_REQUIRED} with {@link NextAction#redirect(String)} to
 * {@code <challengeUrl><gateway reference>?return_url=<the request's return URL>}. {@link
 * #completeAction(CompleteActionRequest)} then takes the shopper's outcome from the {@code result}
 * parameter:
 *
 * <ul>
 *   <li>{@code {"result": "success"}}: the decision made at authorization applies (authorized, or
 *       captured for a sale; or the card's decline, for a card that declines after 3-D Secure);
 *   <li>{@code {"result": "failure"}}: declined {@code authentication_failed} ({@link
 *       io.ottu.DeclineReason#AUTHENTICATION_FAILED}, hard);
 *   <li>{@code {"result": "cancelled"}}: declined {@code authentication_abandoned} ({@link
 *       io.ottu.DeclineReason#CANCELLED_BY_SHOPPER}, hard).
 * </ul>
 *
 * A challenge not completed within {@link Builder#challengeExpiry(Duration)} expires: lookups and
 * completions then answer {@link GatewayResult.Type#EXPIRED}. A card that requires 3-D Secure, sent
 * with {@link ThreeDSecure#SKIP} or to a gateway without 3-D Secure, is declined {@code 1A} (soft).
 *
 * <h2>Faults and latency</h2>
 *
 * Every call first asks which {@link Fault} it suffers: a fault {@linkplain #injectFaults(Fault,
 * int) injected} for the next calls wins, then the {@link Builder#faults(FaultPlan) fault plan}
 * (for lookups, the separate {@link Builder#lookupFaults(FaultPlan) lookup fault plan}). Except for
 * {@link Fault#NOT_SENT}, which fails at once, the call then waits out the {@link
 * Builder#latency(Duration, Duration) latency} through the {@link Sleeper}, holding no lock. Random
 * faults and latencies draw from a per-thread generator split from the seed, so a single-threaded
 * test is exactly reproducible.
 *
 * <h2>Idempotency</h2>
 *
 * Each state-changing request is stored under its idempotency key once the gateway has processed
 * it. The same key with the same parameters returns the stored result without doing anything again,
 * even if the first call's response was lost ({@link Fault#PROCESSED_RESPONSE_LOST}); this is how
 * the engine recovers from an unknown outcome without charging twice. The same key with different
 * parameters is {@link io.ottu.gateway.FailureClass#REJECTED} with code {@code
 * idempotency_key_reused}. Requests the gateway did not process (faults before processing, and
 * requests refused as invalid) bind nothing, so they can be sent again. Concurrent requests with
 * one key never both process: the later ones wait for the first one's result.
 *
 * <h2>Ledger rules</h2>
 *
 * Refusals are {@link io.ottu.gateway.FailureClass#REJECTED} with these gateway codes:
 *
 * <ul>
 *   <li>{@code no_such_payment} (404): the gateway reference is unknown;
 *   <li>{@code payment_mismatch} (400): the gateway reference belongs to another payment id;
 *   <li>{@code currency_mismatch} (400): the amount's currency is not the payment's;
 *   <li>{@code invalid_amount} (400): the amount is zero or negative;
 *   <li>{@code capture_exceeds_authorized} (400): more than authorized minus captured;
 *   <li>{@code refund_exceeds_captured} (400): more than captured minus refunded;
 *   <li>{@code invalid_state} (409): capture of a declined, cancelled, unfinished or closed
 *       payment; refund of an uncaptured one; cancel of a captured one (a cancel on a partially
 *       captured payment releases the rest and closes it as captured);
 *   <li>{@code partial_capture_unsupported}, {@code partial_refund_unsupported} (400), and a single
 *       capture closing the payment, when the capabilities say so;
 *   <li>{@code operation_unsupported}, {@code currency_unsupported}, {@code source_unsupported},
 *       {@code three_d_secure_unsupported} (400): outside the {@linkplain
 *       Builder#capabilities(GatewayCapabilities) capabilities};
 *   <li>{@code invalid_action_result} (400): {@code completeAction} without a known {@code result};
 *   <li>{@code invalid_card} (400): the card data was wiped before the call.
 * </ul>
 *
 * <h2>Lookup</h2>
 *
 * {@link #lookup(LookupRequest)} finds the operation by our reference and payment id (narrowed to
 * the gateway reference when given) and its idempotency key. For an authorization, sale or 3-D
 * Secure completion it answers the payment's current state; for a capture, refund or cancel, that
 * operation's result. It answers empty when the gateway never processed the request, and {@link
 * GatewayResult.Type#PENDING} while it is being processed.
 *
 * <h2>Results</h2>
 *
 * Results carry the gateway reference ({@code sim_<id>_<n>}), the processed amount, a raw status
 * (the ledger status in lower case, such as {@code authorized}, {@code partially_captured}, {@code
 * requires_action}) and, for captures, refunds and cancels, the operation's own reference.
 *
 * <h2>Threads and speed</h2>
 *
 * Thread-safe; one instance serves any number of threads. The configuration is immutable. Nothing
 * global is locked: idempotency keys and payments live in concurrent maps, each payment is updated
 * under its own monitor for a few instructions, and no lock is held while sleeping. With the
 * {@linkplain Builder#instant() instant} preset a call costs a few map operations. The ledger and
 * the idempotency store grow with every payment; for long benchmarks bound them with {@link
 * Builder#retainPayments(int)}. The gateway logs nothing and never keeps card numbers or CVCs: the
 * idempotency fingerprint of a card is its BIN, last four digits and expiry.
 */
public final class SimulatedGateway implements Gateway {
  private static final long SALT_APPROVAL = 0x41505052L;
  private static final long SALT_DECLINE = 0x44434c4eL;
  private static final long SALT_THREE_DS = 0x33445331L;
  private static final long SALT_FAULTS = 0x464c5453L;

  /** Numeric ISO 8583 codes by value, for the amount triggers; null where none is defined. */
  private static final DeclineCode[] AMOUNT_TRIGGERS = amountTriggerTable();

  private final String id;
  private final GatewayCapabilities capabilities;
  private final double approvalRate;
  private final Map<DeclineCode, Double> declineMix;
  private final DeclineCode[] declineCodes;
  private final double[] declineCumulative;
  private final boolean amountTriggers;
  private final double threeDSecureRate;
  private final String challengeUrl;
  private final Duration challengeExpiry;
  private final Duration latencyMin;
  private final Duration latencyMax;
  private final long latencyMinNanos;
  private final long latencyMaxNanos;
  private final Sleeper sleeper;
  private final FaultPlan faults;
  private final FaultPlan lookupFaults;
  private final Duration unavailableRetryAfter;
  private final Duration slowResponseDelay;
  private final Duration callTimeout;
  // The deadline of the calling thread's current call (System.nanoTime), when callTimeout is set.
  private final ThreadLocal<long[]> deadline = ThreadLocal.withInitial(() -> new long[1]);
  private final Long seed;
  private final boolean lookupSupported;
  private final Clock clock;
  private final int retainPayments;

  private final long approvalSeed;
  private final long declineSeed;
  private final long threeDsSeed;
  private final SplittableRandom rootRandom;
  private final ThreadLocal<SplittableRandom> threadRandom;

  private final AtomicLong references = new AtomicLong();
  private final ConcurrentHashMap<String, KeySlot> keys = new ConcurrentHashMap<>();
  private final SimulatedLedger ledger;
  private final ConcurrentLinkedQueue<Fault> injectedAny = new ConcurrentLinkedQueue<>();
  private final Map<GatewayOperation, ConcurrentLinkedQueue<Fault>> injectedByOperation;

  private SimulatedGateway(Builder b) {
    this.id = b.id;
    this.capabilities = b.capabilities != null ? b.capabilities : defaultCapabilities(b);
    this.approvalRate = b.approvalRate;
    this.declineMix = Collections.unmodifiableMap(new LinkedHashMap<>(b.declineMix));
    this.declineCodes = declineMix.keySet().toArray(new DeclineCode[0]);
    this.declineCumulative = cumulative(declineMix);
    this.amountTriggers = b.amountTriggers;
    this.threeDSecureRate = b.threeDSecureRate;
    this.challengeUrl = b.challengeUrl;
    this.challengeExpiry = b.challengeExpiry;
    this.latencyMin = b.latencyMin;
    this.latencyMax = b.latencyMax;
    this.latencyMinNanos = b.latencyMin.toNanos();
    this.latencyMaxNanos = b.latencyMax.toNanos();
    this.sleeper = b.sleeper;
    this.faults = b.faults;
    this.lookupFaults = b.lookupFaults;
    this.unavailableRetryAfter = b.unavailableRetryAfter;
    this.slowResponseDelay = b.slowResponseDelay;
    this.callTimeout = b.callTimeout;
    this.seed = b.seed;
    this.lookupSupported = b.lookupSupported && capabilities.supports(GatewayOperation.LOOKUP);
    this.clock = b.clock;
    this.retainPayments = b.retainPayments;

    long base = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    this.approvalSeed = mix64(base ^ SALT_APPROVAL);
    this.declineSeed = mix64(base ^ SALT_DECLINE);
    this.threeDsSeed = mix64(base ^ SALT_THREE_DS);
    // Unseeded gateways use ThreadLocalRandom directly; seeded ones give each thread its own
    // generator split from the seed, so no two threads ever share (and contend on) one.
    this.rootRandom = seed != null ? new SplittableRandom(mix64(base ^ SALT_FAULTS)) : null;
    this.threadRandom = seed != null ? ThreadLocal.withInitial(this::splitRandom) : null;

    this.ledger = new SimulatedLedger(clock, retainPayments);
    Map<GatewayOperation, ConcurrentLinkedQueue<Fault>> byOperation =
        new EnumMap<>(GatewayOperation.class);
    for (GatewayOperation op : GatewayOperation.values()) {
      byOperation.put(op, new ConcurrentLinkedQueue<>());
    }
    this.injectedByOperation = Collections.unmodifiableMap(byOperation);
  }

  /**
   * A builder for a simulated gateway with this id. By default it approves everything at once: no
   * latency, no faults, no 3-D Secure challenges except for cards that require them, every
   * capability.
   *
   * @param id the gateway's unique id in the client, such as {@code sim-a}
   * @throws IllegalArgumentException if {@code id} is blank
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * A builder with this gateway's configuration; the gateway it builds has a fresh, empty ledger.
   */
  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.capabilities = capabilities;
    b.approvalRate = approvalRate;
    b.declineMix.clear();
    b.declineMix.putAll(declineMix);
    b.amountTriggers = amountTriggers;
    b.threeDSecureRate = threeDSecureRate;
    b.challengeUrl = challengeUrl;
    b.challengeExpiry = challengeExpiry;
    b.latencyMin = latencyMin;
    b.latencyMax = latencyMax;
    b.sleeper = sleeper;
    b.faults = faults;
    b.lookupFaults = lookupFaults;
    b.unavailableRetryAfter = unavailableRetryAfter;
    b.slowResponseDelay = slowResponseDelay;
    b.callTimeout = callTimeout;
    b.seed = seed;
    b.lookupSupported = lookupSupported;
    b.clock = clock;
    b.retainPayments = retainPayments;
    return b;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public GatewayCapabilities capabilities() {
    return capabilities;
  }

  /** The bound set with {@link Builder#callTimeout(Duration)}, if any. */
  @Override
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(callTimeout);
  }

  /** This gateway's ledger: a live, thread-safe view of every payment it processed. */
  public SimulatedLedger ledger() {
    return ledger;
  }

  /**
   * Makes the next {@code calls} state-changing calls (authorize, capture, cancel, refund,
   * completeAction; not lookups) suffer {@code fault}, ahead of the fault plan and of faults
   * injected before. Thread-safe: under concurrency exactly {@code calls} calls get the fault, in
   * the order they reach the gateway. A convenience for tests.
   *
   * @throws IllegalArgumentException if {@code calls} is negative
   */
  public void injectFaults(Fault fault, int calls) {
    enqueue(injectedAny, fault, calls);
  }

  /**
   * Makes the next {@code calls} calls of one operation suffer {@code fault}, ahead of faults
   * injected for any operation and of the fault plan. {@link GatewayOperation#LOOKUP} targets
   * lookups; an authorization with {@code capture} set is {@link GatewayOperation#PURCHASE}.
   *
   * @throws IllegalArgumentException if {@code calls} is negative
   */
  public void injectFaults(GatewayOperation operation, Fault fault, int calls) {
    Objects.requireNonNull(operation, "operation");
    enqueue(injectedByOperation.get(operation), fault, calls);
  }

  /** Forgets every injected fault not yet consumed. */
  public void clearInjectedFaults() {
    injectedAny.clear();
    for (ConcurrentLinkedQueue<Fault> queue : injectedByOperation.values()) {
      queue.clear();
    }
  }

  private static void enqueue(ConcurrentLinkedQueue<Fault> queue, Fault fault, int calls) {
    Objects.requireNonNull(fault, "fault");
    if (calls < 0) {
      throw new IllegalArgumentException("calls must not be negative, was " + calls);
    }
    for (int i = 0; i < calls; i++) {
      queue.add(fault);
    }
  }

  /**
   * Authorizes, or authorizes and captures when {@link AuthorizeRequest#capture()} is set; the
   * outcome follows the rules in the class description.
   *
   * @throws GatewayException for an injected fault, a request outside the capabilities, or an
   *     idempotency key reused with other parameters
   */
  @Override
  public GatewayResult authorize(AuthorizeRequest request) {
    Objects.requireNonNull(request, "request");
    GatewayOperation op =
        request.capture() ? GatewayOperation.PURCHASE : GatewayOperation.AUTHORIZE;
    Fault fault =
        beforeProcessing(
            op,
            request.paymentId(),
            request.reference(),
            request.idempotencyKey(),
            request.amount());
    requireSupported(op);
    requireCurrency(request.amount());
    requirePositive(request.amount());
    GatewaySource source = request.source();
    if (!capabilities.sourceTypes().contains(source.type())) {
      throw GatewayException.rejected(
          id, "source type " + source.type() + " is not supported", 400, "source_unsupported");
    }
    if (source.isCard() && source.card().orElseThrow().isWiped()) {
      throw GatewayException.rejected(
          id, "the card data was wiped before the call", 400, "invalid_card");
    }
    if (request.threeDSecure() == ThreeDSecure.REQUIRED && !capabilities.threeDSecure()) {
      throw GatewayException.rejected(
          id, "3-D Secure is not supported", 400, "three_d_secure_unsupported");
    }
    List<Object> fingerprint =
        Arrays.asList(
            op,
            request.paymentId(),
            request.reference(),
            request.amount(),
            source.isCard()
                ? CardFingerprint.of(source.card().orElseThrow())
                : source.gatewayToken().orElseThrow(),
            request.threeDSecure(),
            request.attempt(),
            request.returnUrl());
    GatewayResult result =
        idempotent(request.idempotencyKey(), fingerprint, () -> processAuthorization(request));
    return afterProcessing(fault, result);
  }

  /**
   * Captures part or all of an authorization.
   *
   * @throws GatewayException for an injected fault, a refusal by the ledger rules (see the class
   *     description), or an idempotency key reused with other parameters
   */
  @Override
  public GatewayResult capture(CaptureRequest request) {
    Objects.requireNonNull(request, "request");
    Fault fault =
        beforeProcessing(
            GatewayOperation.CAPTURE,
            request.paymentId(),
            request.reference(),
            request.idempotencyKey(),
            request.amount());
    requireSupported(GatewayOperation.CAPTURE);
    requirePositive(request.amount());
    List<Object> fingerprint =
        Arrays.asList(
            GatewayOperation.CAPTURE,
            request.paymentId(),
            request.reference(),
            request.gatewayReference(),
            request.amount(),
            request.finalCapture(),
            request.sequence());
    GatewayResult result =
        idempotent(
            request.idempotencyKey(),
            fingerprint,
            () ->
                recordFor(request.gatewayReference(), request.paymentId())
                    .capture(
                        request.amount(),
                        request.finalCapture(),
                        request.idempotencyKey(),
                        clock.instant(),
                        capabilities));
    return afterProcessing(fault, result);
  }

  /**
   * Releases an authorization (or an unfinished 3-D Secure payment).
   *
   * @throws GatewayException for an injected fault, a refusal by the ledger rules, or an
   *     idempotency key reused with other parameters
   */
  @Override
  public GatewayResult cancel(CancelRequest request) {
    Objects.requireNonNull(request, "request");
    Fault fault =
        beforeProcessing(
            GatewayOperation.CANCEL,
            request.paymentId(),
            request.reference(),
            request.idempotencyKey(),
            request.amount());
    requireSupported(GatewayOperation.CANCEL);
    List<Object> fingerprint =
        Arrays.asList(
            GatewayOperation.CANCEL,
            request.paymentId(),
            request.reference(),
            request.gatewayReference(),
            request.amount());
    GatewayResult result =
        idempotent(
            request.idempotencyKey(),
            fingerprint,
            () ->
                recordFor(request.gatewayReference(), request.paymentId())
                    .cancel(request.amount(), request.idempotencyKey(), clock.instant()));
    return afterProcessing(fault, result);
  }

  /**
   * Refunds part or all of the captured amount.
   *
   * @throws GatewayException for an injected fault, a refusal by the ledger rules, or an
   *     idempotency key reused with other parameters
   */
  @Override
  public GatewayResult refund(RefundRequest request) {
    Objects.requireNonNull(request, "request");
    Fault fault =
        beforeProcessing(
            GatewayOperation.REFUND,
            request.paymentId(),
            request.reference(),
            request.idempotencyKey(),
            request.amount());
    requireSupported(GatewayOperation.REFUND);
    requirePositive(request.amount());
    List<Object> fingerprint =
        Arrays.asList(
            GatewayOperation.REFUND,
            request.paymentId(),
            request.reference(),
            request.gatewayReference(),
            request.captureReference(),
            request.amount(),
            request.reason(),
            request.sequence());
    GatewayResult result =
        idempotent(
            request.idempotencyKey(),
            fingerprint,
            () ->
                recordFor(request.gatewayReference(), request.paymentId())
                    .refund(
                        request.amount(), request.idempotencyKey(), clock.instant(), capabilities));
    return afterProcessing(fault, result);
  }

  /**
   * Finds out what became of an operation; see the class description.
   *
   * @return the operation's current result, or empty when this gateway never processed it
   * @throws GatewayException {@link io.ottu.gateway.FailureClass#REJECTED} with code {@code
   *     lookup_unsupported} when lookups are {@linkplain Builder#lookupSupported(boolean) turned
   *     off}; otherwise only for a fault from the lookup fault plan or injected for {@link
   *     GatewayOperation#LOOKUP}
   */
  @Override
  public Optional<GatewayResult> lookup(LookupRequest request) {
    Objects.requireNonNull(request, "request");
    if (!lookupSupported) {
      throw GatewayException.rejected(id, "lookup not supported", 0, "lookup_unsupported");
    }
    Fault fault =
        beforeProcessing(
            GatewayOperation.LOOKUP,
            request.paymentId(),
            request.reference(),
            request.idempotencyKey(),
            request.amount());
    if (request.operation() == GatewayOperation.LOOKUP) {
      throw GatewayException.rejected(
          id, "a lookup cannot look up a lookup", 400, "invalid_operation");
    }
    GatewayResult found = find(request);
    return Optional.ofNullable(afterProcessing(fault, found));
  }

  /**
   * Finishes a 3-D Secure challenge with the shopper's outcome, from the {@code result} parameter:
   * {@code success}, {@code failure} or {@code cancelled}. Without a gateway reference, the payment
   * id's latest payment awaiting 3-D Secure is completed.
   *
   * @throws GatewayException for an injected fault, an unknown payment, a missing or unknown {@code
   *     result} ({@code invalid_action_result}), or an idempotency key reused with other parameters
   */
  @Override
  public GatewayResult completeAction(CompleteActionRequest request) {
    Objects.requireNonNull(request, "request");
    Fault fault =
        beforeProcessing(
            GatewayOperation.COMPLETE_ACTION,
            request.paymentId(),
            request.reference(),
            request.idempotencyKey(),
            request.amount());
    requireSupported(GatewayOperation.COMPLETE_ACTION);
    PaymentRecord.Authentication authentication =
        authenticationOf(request.parameters().get("result"));
    if (authentication == null) {
      throw GatewayException.rejected(
          id,
          "completeAction needs parameter result=success, failure or cancelled",
          400,
          "invalid_action_result");
    }
    List<Object> fingerprint =
        Arrays.asList(
            GatewayOperation.COMPLETE_ACTION,
            request.paymentId(),
            request.reference(),
            request.gatewayReference(),
            request.amount(),
            request.capture(),
            request.parameters());
    GatewayResult result =
        idempotent(
            request.idempotencyKey(),
            fingerprint,
            () ->
                actionRecordFor(request)
                    .completeAction(
                        authentication,
                        request.amount(),
                        request.idempotencyKey(),
                        clock.instant()));
    return afterProcessing(fault, result);
  }

  // ---- authorization decisions -------------------------------------------------------------

  private GatewayResult processAuthorization(AuthorizeRequest request) {
    Instant now = clock.instant();
    long sequence = references.incrementAndGet();
    String gatewayReference = "sim_" + id + "_" + sequence;
    PaymentRecord.Origin origin =
        new PaymentRecord.Origin(
            id,
            gatewayReference,
            sequence,
            request.paymentId(),
            request.reference(),
            request.amount(),
            request.capture(),
            request.idempotencyKey(),
            now);
    Decision decision = decide(request, now);
    PaymentRecord record;
    if (decision.challenge()) {
      record =
          PaymentRecord.challenged(
              origin,
              challenge(gatewayReference, request.returnUrl()),
              now.plus(challengeExpiry),
              decision.decline());
    } else if (decision.decline() == null) {
      record = PaymentRecord.approved(origin);
    } else {
      record = PaymentRecord.declined(origin, decision.decline().toDecline(id));
    }
    PaymentRecord evicted = ledger.add(record);
    if (evicted != null) {
      for (String key : evicted.idempotencyKeys()) {
        keys.remove(key);
      }
    }
    return record.paymentResult(now);
  }

  /**
   * What identifies a card in an idempotency fingerprint, without the full number: BIN, last four
   * and expiry, as gateways compare them. Not {@link CardData#summary()}, whose validation is too
   * slow for a path that runs on every call.
   */
  private record CardFingerprint(String bin, String last4, int expiryMonth, int expiryYear) {
    static CardFingerprint of(CardData card) {
      return new CardFingerprint(card.bin(), card.last4(), card.expiryMonth(), card.expiryYear());
    }
  }

  /** Whether to challenge, and the decline to end in (null: approve). */
  private record Decision(boolean challenge, DeclineCode decline) {}

  private Decision decide(AuthorizeRequest request, Instant now) {
    GatewaySource source = request.source();
    TestCards.Behaviour fixed;
    if (source.isCard()) {
      CardData card = source.card().orElseThrow();
      // The month in UTC, by plain arithmetic: YearMonth.now(clock) resolves zone rules per call.
      LocalDate today = LocalDate.ofEpochDay(Math.floorDiv(now.getEpochSecond(), 86_400L));
      if (card.isExpired(YearMonth.from(today))) {
        return new Decision(false, DeclineCode.EXPIRED_CARD);
      }
      if (!capabilities.supportsBrand(card.brand())) {
        return new Decision(false, DeclineCode.BRAND_NOT_SUPPORTED);
      }
      fixed = TestCards.forCardNumber(card.number());
    } else {
      fixed = TestCards.forToken(source.gatewayToken().orElseThrow());
    }
    String key = request.idempotencyKey();
    DeclineCode decline;
    boolean issuerRequiresAuthentication;
    if (fixed != null) {
      decline = fixed.decline();
      issuerRequiresAuthentication = fixed.requiresAuthentication();
    } else {
      issuerRequiresAuthentication = false;
      decline = amountTrigger(request.amount());
      if (decline == null && unit(approvalSeed, key) >= approvalRate) {
        decline = declineFor(key);
      }
    }
    boolean challenge;
    switch (request.threeDSecure()) {
      case REQUIRED:
        challenge = true;
        break;
      case SKIP:
        challenge = false;
        break;
      case AUTOMATIC:
      default:
        challenge =
            issuerRequiresAuthentication
                || (fixed == null
                    && source.isCard()
                    && capabilities.threeDSecure()
                    && threeDSecureRate > 0
                    && unit(threeDsSeed, key) < threeDSecureRate);
        break;
    }
    if (issuerRequiresAuthentication && (!challenge || !capabilities.threeDSecure())) {
      // The issuer insists on authentication the request did not allow: a soft decline, the
      // answer issuers give under PSD2 when a payment arrives without strong authentication.
      return new Decision(false, DeclineCode.AUTHENTICATION_REQUIRED);
    }
    return new Decision(challenge, decline);
  }

  private DeclineCode amountTrigger(Money amount) {
    if (!amountTriggers) {
      return null;
    }
    long minor = amount.toMinorUnits();
    if (minor % 10_000 / 100 != 99) {
      return null;
    }
    return AMOUNT_TRIGGERS[(int) (minor % 100)];
  }

  private DeclineCode declineFor(String key) {
    double u = unit(declineSeed, key);
    for (int i = 0; i < declineCumulative.length; i++) {
      if (u < declineCumulative[i]) {
        return declineCodes[i];
      }
    }
    return declineCodes[declineCodes.length - 1];
  }

  private NextAction challenge(String gatewayReference, String returnUrl) {
    String url = challengeUrl + gatewayReference;
    if (returnUrl != null) {
      url += "?return_url=" + URLEncoder.encode(returnUrl, StandardCharsets.UTF_8);
    }
    return NextAction.redirect(url);
  }

  private static PaymentRecord.Authentication authenticationOf(String result) {
    if ("success".equals(result)) {
      return PaymentRecord.Authentication.SUCCEEDED;
    }
    if ("failure".equals(result)) {
      return PaymentRecord.Authentication.FAILED;
    }
    if ("cancelled".equals(result)) {
      return PaymentRecord.Authentication.ABANDONED;
    }
    return null;
  }

  // ---- lookups -----------------------------------------------------------------------------

  private GatewayResult find(LookupRequest request) {
    KeySlot slot = keys.get(request.idempotencyKey());
    if (slot != null && !slot.outcome.isDone()) {
      return GatewayResult.pending(request.gatewayReference()).withRawStatus("processing");
    }
    List<PaymentRecord> candidates;
    if (request.gatewayReference() != null) {
      PaymentRecord record = ledger.find(request.gatewayReference());
      candidates = record == null ? List.of() : List.of(record);
    } else {
      candidates = ledger.forPayment(request.paymentId());
    }
    Instant now = clock.instant();
    for (PaymentRecord record : candidates) {
      if (record.paymentId.equals(request.paymentId())
          && record.reference.equals(request.reference())) {
        GatewayResult result = record.resultOf(request.operation(), request.idempotencyKey(), now);
        if (result != null) {
          return result;
        }
      }
    }
    return null;
  }

  private PaymentRecord recordFor(String gatewayReference, String paymentId) {
    PaymentRecord record = ledger.find(gatewayReference);
    if (record == null) {
      throw GatewayException.rejected(
          id, "no payment with gateway reference " + gatewayReference, 404, "no_such_payment");
    }
    if (!record.paymentId.equals(paymentId)) {
      throw GatewayException.rejected(
          id,
          "gateway reference " + gatewayReference + " belongs to another payment",
          400,
          "payment_mismatch");
    }
    return record;
  }

  private PaymentRecord actionRecordFor(CompleteActionRequest request) {
    if (request.gatewayReference() != null) {
      return recordFor(request.gatewayReference(), request.paymentId());
    }
    List<PaymentRecord> records = ledger.forPayment(request.paymentId());
    if (records.isEmpty()) {
      throw GatewayException.rejected(
          id, "no payment for payment id " + request.paymentId(), 404, "no_such_payment");
    }
    Instant now = clock.instant();
    for (int i = records.size() - 1; i >= 0; i--) {
      if (records.get(i).awaitsAction(now)) {
        return records.get(i);
      }
    }
    return records.get(records.size() - 1);
  }

  // ---- idempotency -------------------------------------------------------------------------

  /** A processed (or in-flight) request: its parameters and its result. */
  private static final class KeySlot {
    final List<Object> fingerprint;
    final CompletableFuture<GatewayResult> outcome = new CompletableFuture<>();

    KeySlot(List<Object> fingerprint) {
      this.fingerprint = fingerprint;
    }
  }

  private GatewayResult idempotent(
      String key, List<Object> fingerprint, Supplier<GatewayResult> process) {
    KeySlot mine = new KeySlot(fingerprint);
    KeySlot existing = keys.putIfAbsent(key, mine);
    if (existing != null) {
      if (!existing.fingerprint.equals(fingerprint)) {
        throw GatewayException.rejected(
            id,
            "idempotency key " + key + " was already used with different parameters",
            400,
            "idempotency_key_reused");
      }
      return await(existing);
    }
    GatewayResult result;
    try {
      result = process.get();
    } catch (RuntimeException | Error e) {
      // A refused request binds nothing, as at Stripe: it may be sent again with the same key.
      // Removing before failing the future means no later caller can join a dead slot.
      keys.remove(key, mine);
      mine.outcome.completeExceptionally(e);
      throw e;
    }
    mine.outcome.complete(result);
    return result;
  }

  private GatewayResult await(KeySlot slot) {
    try {
      if (callTimeout == null) {
        return slot.outcome.join();
      }
      try {
        return slot.outcome.get(Math.max(remainingNanos(), 0), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw timedOut("waiting for a concurrent call with the same idempotency key");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw GatewayException.unknownOutcome(
            id, "interrupted while waiting for a concurrent call (simulated)", 0, e);
      } catch (ExecutionException e) {
        throw new CompletionException(e.getCause());
      }
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof GatewayException) {
        // A fresh exception per caller, so callers never share (and mutate) one instance.
        GatewayException g = (GatewayException) cause;
        throw new GatewayException(
            g.failureClass(),
            g.gatewayId(),
            g.getMessage(),
            g.httpStatus(),
            g.gatewayCode().orElse(null),
            g.requestId().orElse(null),
            g.retryAfter().orElse(null),
            g.credentialsProblem(),
            g);
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw e;
    }
  }

  // ---- faults and latency ------------------------------------------------------------------

  private Fault beforeProcessing(
      GatewayOperation op, String paymentId, String reference, String key, Money amount) {
    if (callTimeout != null) {
      deadline.get()[0] = System.nanoTime() + callTimeout.toNanos();
    }
    Fault fault = faultFor(op, paymentId, reference, key, amount);
    if (fault == Fault.NOT_SENT) {
      throw GatewayException.notSent(
          id,
          "connection refused (simulated)",
          new ConnectException("Connection refused (simulated)"));
    }
    awaitLatency();
    switch (fault) {
      case UNAVAILABLE:
        throw GatewayException.unavailable(
            id, "service unavailable (simulated 503)", 503, unavailableRetryAfter);
      case REJECTED:
        throw GatewayException.rejected(
            id, "invalid request (simulated 400)", 400, "simulated_invalid_request");
      case CREDENTIALS_REJECTED:
        throw GatewayException.credentialsRejected(id, "invalid API key (simulated 401)", 401);
      case LOST_BEFORE_PROCESSING:
        throw GatewayException.unknownOutcome(
            id,
            "read timed out (simulated: the request was lost before processing)",
            0,
            new SocketTimeoutException("Read timed out (simulated)"));
      default:
        return fault;
    }
  }

  private GatewayResult afterProcessing(Fault fault, GatewayResult result) {
    switch (fault) {
      case PROCESSED_RESPONSE_LOST:
        throw GatewayException.unknownOutcome(
            id,
            "connection reset (simulated: the request was processed and the response lost)",
            0,
            new SocketException("Connection reset (simulated)"));
      case MALFORMED:
        throw GatewayException.unknownOutcome(
            id, "unparsable response body (simulated)", 200, null);
      case SLOW:
        sleep(slowResponseDelay, "waiting for a slow response");
        return result;
      case AMOUNT_MISMATCH:
        return result == null ? null : misreport(result);
      default:
        return result;
    }
  }

  private Fault faultFor(
      GatewayOperation op, String paymentId, String reference, String key, Money amount) {
    Fault injected = injectedByOperation.get(op).poll();
    if (injected == null && op != GatewayOperation.LOOKUP) {
      injected = injectedAny.poll();
    }
    if (injected != null) {
      return injected;
    }
    FaultPlan plan = op == GatewayOperation.LOOKUP ? lookupFaults : faults;
    if (plan == FaultPlan.none()) {
      return Fault.NONE;
    }
    Fault fault =
        plan.decide(new SimulatedCall(id, op, paymentId, reference, key, amount, random()));
    return Objects.requireNonNull(fault, "the fault plan returned null");
  }

  private void awaitLatency() {
    if (latencyMaxNanos == 0) {
      return;
    }
    long nanos =
        latencyMinNanos == latencyMaxNanos
            ? latencyMinNanos
            : latencyMinNanos + random().nextLong(latencyMaxNanos - latencyMinNanos + 1);
    if (nanos > 0) {
      sleep(Duration.ofNanos(nanos), "waiting for the gateway");
    }
  }

  private long remainingNanos() {
    return callTimeout == null ? Long.MAX_VALUE : deadline.get()[0] - System.nanoTime();
  }

  private GatewayException timedOut(String what) {
    return GatewayException.unknownOutcome(
        id,
        "no answer within the call timeout of "
            + callTimeout.toMillis()
            + " ms while "
            + what
            + " (simulated)",
        0,
        new SocketTimeoutException("timeout (simulated)"));
  }

  private void sleep(Duration duration, String what) {
    if (duration.isZero()) {
      return;
    }
    try {
      long remaining = remainingNanos();
      if (duration.toNanos() > remaining) {
        if (remaining > 0) {
          sleeper.sleep(Duration.ofNanos(remaining));
        }
        throw timedOut(what);
      }
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GatewayException.unknownOutcome(id, "interrupted while " + what + " (simulated)", 0, e);
    }
  }

  private static GatewayResult misreport(GatewayResult result) {
    return result
        .amount()
        .map(a -> result.withAmount(a.plus(Money.ofMinor(1, a.currency()))))
        .orElse(result);
  }

  private RandomGenerator random() {
    return threadRandom != null ? threadRandom.get() : ThreadLocalRandom.current();
  }

  private SplittableRandom splitRandom() {
    // Runs once per thread; splitting mutates the root, so it is the one place that locks.
    synchronized (rootRandom) {
      return rootRandom.split();
    }
  }

  /** A uniform number in [0, 1) that depends only on the seed and the key. */
  private static double unit(long saltedSeed, String key) {
    return (mix64(saltedSeed + key.hashCode() * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64's finalizer: a bijective mix with full avalanche. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  // ---- validation --------------------------------------------------------------------------

  private void requireSupported(GatewayOperation op) {
    if (!capabilities.supports(op)) {
      throw GatewayException.rejected(
          id, "operation " + op + " is not supported", 400, "operation_unsupported");
    }
  }

  private void requireCurrency(Money amount) {
    if (!capabilities.supportsCurrency(amount.currencyCode())) {
      throw GatewayException.rejected(
          id,
          "currency " + amount.currencyCode() + " is not supported",
          400,
          "currency_unsupported");
    }
  }

  private void requirePositive(Money amount) {
    if (!amount.isPositive()) {
      throw GatewayException.rejected(
          id, "amount must be positive, was " + amount, 400, "invalid_amount");
    }
  }

  private static GatewayCapabilities defaultCapabilities(Builder b) {
    GatewayCapabilities.Builder caps = GatewayCapabilities.builder();
    if (!b.lookupSupported) {
      EnumSet<GatewayOperation> ops = EnumSet.allOf(GatewayOperation.class);
      ops.remove(GatewayOperation.LOOKUP);
      caps.operations(ops.toArray(new GatewayOperation[0]));
    }
    return caps.build();
  }

  private static double[] cumulative(Map<DeclineCode, Double> mix) {
    double total = 0;
    for (double w : mix.values()) {
      total += w;
    }
    double[] cumulative = new double[mix.size()];
    double sum = 0;
    int i = 0;
    for (double w : mix.values()) {
      sum += w;
      cumulative[i++] = sum / total;
    }
    return cumulative;
  }

  private static DeclineCode[] amountTriggerTable() {
    DeclineCode[] table = new DeclineCode[100];
    for (DeclineCode code : DeclineCode.iso8583()) {
      String raw = code.rawCode();
      if (raw.length() == 2
          && Character.isDigit(raw.charAt(0))
          && Character.isDigit(raw.charAt(1))) {
        table[Integer.parseInt(raw)] = code;
      }
    }
    return table;
  }

  @Override
  public String toString() {
    return "SimulatedGateway[id="
        + id
        + ", approvalRate="
        + approvalRate
        + ", threeDSecureRate="
        + threeDSecureRate
        + ", latency="
        + (latencyMin.equals(latencyMax) ? latencyMin : latencyMin + ".." + latencyMax)
        + ", faults="
        + faults
        + ", lookupFaults="
        + lookupFaults
        + ", lookup="
        + lookupSupported
        + ", payments="
        + ledger.size()
        + "]";
  }

  /**
   * Builds a {@link SimulatedGateway}. Every setting has a default; {@link #build()} copies the
   * settings, so the builder can be reused and changed without affecting gateways already built.
   * Not thread-safe.
   */
  public static final class Builder {
    private static final Duration MAX_DELAY = Duration.ofDays(1);

    private final String id;
    private GatewayCapabilities capabilities;
    private double approvalRate = 1.0;
    private final Map<DeclineCode, Double> declineMix = defaultDeclineMix();
    private boolean amountTriggers = true;
    private double threeDSecureRate;
    private String challengeUrl = "https://sim.example/3ds/";
    private Duration challengeExpiry = Duration.ofMinutes(15);
    private Duration latencyMin = Duration.ZERO;
    private Duration latencyMax = Duration.ZERO;
    private Sleeper sleeper = Sleeper.system();
    private FaultPlan faults = FaultPlan.none();
    private FaultPlan lookupFaults = FaultPlan.none();
    private Duration unavailableRetryAfter = Duration.ofSeconds(1);
    private Duration slowResponseDelay = Duration.ofSeconds(30);
    private Duration callTimeout;
    private Long seed;
    private boolean lookupSupported = true;
    private Clock clock = Clock.systemUTC();
    private int retainPayments;

    private Builder(String id) {
      Objects.requireNonNull(id, "id");
      if (id.isBlank()) {
        throw new IllegalArgumentException("id must not be blank");
      }
      this.id = id;
    }

    private static Map<DeclineCode, Double> defaultDeclineMix() {
      // Roughly the shape of real card-not-present declines: mostly generic and funds refusals.
      Map<DeclineCode, Double> mix = new LinkedHashMap<>();
      mix.put(DeclineCode.DO_NOT_HONOR, 0.40);
      mix.put(DeclineCode.INSUFFICIENT_FUNDS, 0.25);
      mix.put(DeclineCode.EXPIRED_CARD, 0.08);
      mix.put(DeclineCode.ISSUER_UNAVAILABLE, 0.10);
      mix.put(DeclineCode.SUSPECTED_FRAUD, 0.05);
      mix.put(DeclineCode.SYSTEM_MALFUNCTION, 0.05);
      mix.put(DeclineCode.INVALID_CARD_NUMBER, 0.04);
      mix.put(DeclineCode.INCORRECT_CVC, 0.03);
      return mix;
    }

    /**
     * The preset for benchmarks and fast tests: no latency, everything approved (except the fixed
     * test cards and amount triggers), no random 3-D Secure, no faults. Other settings are kept.
     */
    public Builder instant() {
      latencyMin = Duration.ZERO;
      latencyMax = Duration.ZERO;
      approvalRate = 1.0;
      threeDSecureRate = 0.0;
      faults = FaultPlan.none();
      lookupFaults = FaultPlan.none();
      return this;
    }

    /**
     * The share of ordinary payments approved; the rest are declined with a code from the {@link
     * #declineMix(Map) decline mix}. Default 1.0.
     *
     * @throws IllegalArgumentException if not within 0 and 1
     */
    public Builder approvalRate(double approvalRate) {
      this.approvalRate = rate("approvalRate", approvalRate);
      return this;
    }

    /**
     * Which declines come out, with relative weights: {@code Map.of(DeclineCode.DO_NOT_HONOR, 3.0,
     * DeclineCode.INSUFFICIENT_FUNDS, 1.0)} declines three times as often with {@code 05} as with
     * {@code 51}. Replaces the default mix (mostly {@code 05} and {@code 51}, some {@code 54},
     * {@code 91}, {@code 59}, {@code 96}, {@code 14}, {@code N7}).
     *
     * @throws IllegalArgumentException if the map is empty, a weight is negative or not finite, or
     *     all weights are zero
     */
    public Builder declineMix(Map<DeclineCode, Double> weights) {
      Objects.requireNonNull(weights, "weights");
      Map<DeclineCode, Double> copy = new LinkedHashMap<>();
      double total = 0;
      for (Map.Entry<DeclineCode, Double> e : weights.entrySet()) {
        DeclineCode code = Objects.requireNonNull(e.getKey(), "declineMix: null code");
        Double w = Objects.requireNonNull(e.getValue(), "declineMix: null weight");
        if (!(w >= 0) || w.isInfinite()) {
          throw new IllegalArgumentException(
              "declineMix: weight of " + code.rawCode() + " must be finite and >= 0, was " + w);
        }
        if (w > 0) {
          copy.put(code, w);
          total += w;
        }
      }
      if (total <= 0) {
        throw new IllegalArgumentException("declineMix: at least one weight must be positive");
      }
      declineMix.clear();
      declineMix.putAll(copy);
      return this;
    }

    /** Declines only with these codes, equally often. */
    public Builder declines(DeclineCode... codes) {
      Objects.requireNonNull(codes, "codes");
      Map<DeclineCode, Double> weights = new LinkedHashMap<>();
      for (DeclineCode code : codes) {
        weights.put(Objects.requireNonNull(code, "codes: null code"), 1.0);
      }
      return declineMix(weights);
    }

    /**
     * Whether amounts whose minor units end in {@code 99NN} decline with ISO 8583 code {@code NN}.
     * Default true.
     */
    public Builder amountTriggers(boolean amountTriggers) {
      this.amountTriggers = amountTriggers;
      return this;
    }

    /**
     * The share of ordinary card payments with {@link ThreeDSecure#AUTOMATIC} that are challenged.
     * Default 0.
     *
     * @throws IllegalArgumentException if not within 0 and 1
     */
    public Builder threeDSecureRate(double threeDSecureRate) {
      this.threeDSecureRate = rate("threeDSecureRate", threeDSecureRate);
      return this;
    }

    /**
     * Where challenge redirects point; the gateway reference is appended. Default {@code
     * https://sim.example/3ds/}.
     */
    public Builder challengeUrl(String challengeUrl) {
      Objects.requireNonNull(challengeUrl, "challengeUrl");
      if (challengeUrl.isBlank()) {
        throw new IllegalArgumentException("challengeUrl must not be blank");
      }
      this.challengeUrl = challengeUrl;
      return this;
    }

    /**
     * How long a 3-D Secure challenge stays open before the payment expires. Default 15 minutes.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder challengeExpiry(Duration challengeExpiry) {
      Objects.requireNonNull(challengeExpiry, "challengeExpiry");
      if (challengeExpiry.isNegative() || challengeExpiry.isZero()) {
        throw new IllegalArgumentException(
            "challengeExpiry must be positive, was " + challengeExpiry);
      }
      this.challengeExpiry = challengeExpiry;
      return this;
    }

    /**
     * A fixed latency for every call (except {@link Fault#NOT_SENT}). Default zero.
     *
     * @throws IllegalArgumentException if negative or longer than a day
     */
    public Builder latency(Duration latency) {
      return latency(latency, latency);
    }

    /**
     * A latency drawn uniformly between {@code min} and {@code max} for every call (except {@link
     * Fault#NOT_SENT}).
     *
     * @throws IllegalArgumentException if either is negative or longer than a day, or {@code min}
     *     exceeds {@code max}
     */
    public Builder latency(Duration min, Duration max) {
      delay("latency min", min);
      delay("latency max", max);
      if (min.compareTo(max) > 0) {
        throw new IllegalArgumentException("latency: min " + min + " must not exceed max " + max);
      }
      this.latencyMin = min;
      this.latencyMax = max;
      return this;
    }

    /** How the gateway waits; default {@link Sleeper#system()}. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The plan that injects faults into state-changing calls. Default {@link FaultPlan#none()}. */
    public Builder faults(FaultPlan faults) {
      this.faults = Objects.requireNonNull(faults, "faults");
      return this;
    }

    /** The plan that injects faults into lookups. Default {@link FaultPlan#none()}. */
    public Builder lookupFaults(FaultPlan lookupFaults) {
      this.lookupFaults = Objects.requireNonNull(lookupFaults, "lookupFaults");
      return this;
    }

    /**
     * The {@code Retry-After} an {@link Fault#UNAVAILABLE} answer carries, or null for none.
     * Default one second.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder unavailableRetryAfter(Duration retryAfter) {
      if (retryAfter != null && retryAfter.isNegative()) {
        throw new IllegalArgumentException(
            "unavailableRetryAfter must not be negative, was " + retryAfter);
      }
      this.unavailableRetryAfter = retryAfter;
      return this;
    }

    /**
     * How much longer a {@link Fault#SLOW} response takes; set it past the caller's timeout.
     * Default 30 seconds.
     *
     * @throws IllegalArgumentException if negative or longer than a day
     */
    public Builder slowResponseDelay(Duration delay) {
      this.slowResponseDelay = delay("slowResponseDelay", delay);
      return this;
    }

    /**
     * Bounds every call as an HTTP client's call timeout would: a call whose latency, slow response
     * or wait for a concurrent call with the same idempotency key would run past it waits until the
     * timeout and ends with {@link io.ottu.gateway.FailureClass#UNKNOWN_OUTCOME} (a read timeout:
     * the gateway may have processed it, as a real one may). The gateway then reports it as {@link
     * SimulatedGateway#callTimeout()}, so the engine runs no timer of its own per call when the
     * policy's timeout is no shorter. Not set by default: the engine's timeout bounds the calls.
     *
     * @throws IllegalArgumentException if zero, negative or longer than a day
     */
    public Builder callTimeout(Duration timeout) {
      Duration t = delay("callTimeout", timeout);
      if (t.isZero()) {
        throw new IllegalArgumentException("callTimeout must be positive, was " + timeout);
      }
      this.callTimeout = t;
      return this;
    }

    /**
     * The seed for every random choice (approvals, declines, 3-D Secure, faults, latency), so a run
     * can be reproduced. Without a seed, each gateway picks its own at random.
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * What the gateway declares and enforces. Default: every currency, brand, source type and
     * operation, 3-D Secure, idempotency keys, partial and multiple captures, partial refunds
     * (without {@link GatewayOperation#LOOKUP} when lookups are turned off).
     */
    public Builder capabilities(GatewayCapabilities capabilities) {
      this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
      return this;
    }

    /**
     * Whether {@link SimulatedGateway#lookup(LookupRequest)} works; when false it is refused with
     * {@code lookup_unsupported}. Default true.
     */
    public Builder lookupSupported(boolean lookupSupported) {
      this.lookupSupported = lookupSupported;
      return this;
    }

    /**
     * The clock for operation timestamps, card expiry and challenge expiry. Default UTC system
     * clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Keeps only the most recent {@code payments} payments in the ledger, with their idempotency
     * keys, as a real gateway forgets keys after a day. For long benchmarks, where an unbounded
     * ledger would fill the heap; a payment older than that can no longer be captured, refunded or
     * replayed. Default: unbounded.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder retainPayments(int payments) {
      if (payments <= 0) {
        throw new IllegalArgumentException("retainPayments must be positive, was " + payments);
      }
      this.retainPayments = payments;
      return this;
    }

    /** Builds the gateway, with an empty ledger. */
    public SimulatedGateway build() {
      return new SimulatedGateway(this);
    }

    private static double rate(String name, double value) {
      if (!(value >= 0.0 && value <= 1.0)) {
        throw new IllegalArgumentException(name + " must be within 0 and 1, was " + value);
      }
      return value;
    }

    private static Duration delay(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.compareTo(MAX_DELAY) > 0) {
        throw new IllegalArgumentException(
            name + " must be between zero and " + MAX_DELAY + ", was " + value);
      }
      return value;
    }
  }
}
