package io.ottu;

import io.ottu.fx.Conversion;
import io.ottu.routing.RoutingDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of a payment: its status, amounts, the gateway that carries it, and the
 * full history of its transactions and gateway attempts. Every operation returns a new snapshot;
 * {@code payments().get(id)} returns the latest one.
 *
 * <p>Amounts follow the state machine's invariants, which the engine enforces on every write:
 * {@code capturedAmount <= authorizedAmount} and {@code refundedAmount <= capturedAmount}.
 *
 * <p>{@link #builder()} exists for {@link io.ottu.store.PaymentStore} implementations that rebuild
 * payments from storage; applications receive payments from the client and never build them.
 */
public final class Payment {
  private final String id;
  private final String reference;
  private final String idempotencyKey;
  private final String requestFingerprint;
  private final Money amount;
  private final PaymentStatus status;
  private final boolean autoCapture;
  private final Money authorizedAmount;
  private final Money capturedAmount;
  private final Money refundedAmount;
  private final String gatewayId;
  private final String gatewayReference;
  private final SourceSummary source;
  private final Customer customer;
  private final String description;
  private final Map<String, String> metadata;
  private final String returnUrl;
  private final ThreeDSecure threeDSecure;
  private final String pinnedGateway;
  private final Decline decline;
  private final NextAction nextAction;
  private final Instant actionExpiresAt;
  private final PaymentFailure failure;
  private final RoutingDecision routing;
  private final Conversion conversion;
  private final List<Transaction> transactions;
  private final List<Attempt> attempts;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final long version;

  private Payment(Builder b) {
    this.id = Objects.requireNonNull(b.id, "id");
    this.reference = Objects.requireNonNull(b.reference, "reference");
    this.idempotencyKey = b.idempotencyKey;
    this.requestFingerprint = b.requestFingerprint;
    this.amount = Objects.requireNonNull(b.amount, "amount");
    this.status = Objects.requireNonNull(b.status, "status");
    this.autoCapture = b.autoCapture;
    Money zero = Money.zero(amount.currency());
    this.authorizedAmount = b.authorizedAmount == null ? zero : b.authorizedAmount;
    this.capturedAmount = b.capturedAmount == null ? zero : b.capturedAmount;
    this.refundedAmount = b.refundedAmount == null ? zero : b.refundedAmount;
    this.gatewayId = b.gatewayId;
    this.gatewayReference = b.gatewayReference;
    this.source = Objects.requireNonNull(b.source, "source");
    this.customer = b.customer;
    this.description = b.description;
    // The builder holds either this class's own unmodifiable copy or a fresh one of its own.
    this.metadata = b.metadata;
    this.returnUrl = b.returnUrl;
    this.threeDSecure = b.threeDSecure == null ? ThreeDSecure.AUTOMATIC : b.threeDSecure;
    this.pinnedGateway = b.pinnedGateway;
    this.decline = b.decline;
    this.nextAction = b.nextAction;
    this.actionExpiresAt = b.actionExpiresAt;
    this.failure = b.failure;
    this.routing = b.routing;
    this.conversion = b.conversion;
    this.transactions = b.transactionsShared ? b.transactions : List.copyOf(b.transactions);
    this.attempts = b.attemptsShared ? b.attempts : List.copyOf(b.attempts);
    this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
    this.updatedAt = b.updatedAt == null ? b.createdAt : b.updatedAt;
    this.version = b.version;
    checkInvariants();
  }

  private Payment(Payment p, long version, Instant updatedAt) {
    this.id = p.id;
    this.reference = p.reference;
    this.idempotencyKey = p.idempotencyKey;
    this.requestFingerprint = p.requestFingerprint;
    this.amount = p.amount;
    this.status = p.status;
    this.autoCapture = p.autoCapture;
    this.authorizedAmount = p.authorizedAmount;
    this.capturedAmount = p.capturedAmount;
    this.refundedAmount = p.refundedAmount;
    this.gatewayId = p.gatewayId;
    this.gatewayReference = p.gatewayReference;
    this.source = p.source;
    this.customer = p.customer;
    this.description = p.description;
    this.metadata = p.metadata;
    this.returnUrl = p.returnUrl;
    this.threeDSecure = p.threeDSecure;
    this.pinnedGateway = p.pinnedGateway;
    this.decline = p.decline;
    this.nextAction = p.nextAction;
    this.actionExpiresAt = p.actionExpiresAt;
    this.failure = p.failure;
    this.routing = p.routing;
    this.conversion = p.conversion;
    this.transactions = p.transactions;
    this.attempts = p.attempts;
    this.createdAt = p.createdAt;
    this.updatedAt = Objects.requireNonNull(updatedAt, "updatedAt");
    this.version = version;
  }

  private void checkInvariants() {
    checkAmount(authorizedAmount);
    checkAmount(capturedAmount);
    checkAmount(refundedAmount);
    if (authorizedAmount.isGreaterThan(amount)) {
      throw new IllegalStateException(
          "payment " + id + ": authorized " + authorizedAmount + " exceeds amount " + amount);
    }
    if (capturedAmount.isGreaterThan(authorizedAmount)) {
      throw new IllegalStateException(
          "payment "
              + id
              + ": captured "
              + capturedAmount
              + " exceeds authorized "
              + authorizedAmount);
    }
    if (refundedAmount.isGreaterThan(capturedAmount)) {
      throw new IllegalStateException(
          "payment " + id + ": refunded " + refundedAmount + " exceeds captured " + capturedAmount);
    }
  }

  private void checkAmount(Money m) {
    if (!m.currency().equals(amount.currency())) {
      throw new IllegalStateException("payment " + id + ": amounts in mixed currencies");
    }
    if (m.isNegative()) {
      throw new IllegalStateException("payment " + id + ": negative amount " + m);
    }
  }

  /**
   * This snapshot as a store writes it: the same payment with another store version and update
   * time. Every other value is shared, and nothing is validated again, because nothing else
   * changes; for {@link io.ottu.store.PaymentStore} implementations, which set the version on every
   * write.
   *
   * @param version the store version
   * @param updatedAt when the payment was last changed
   * @return the copy
   */
  public Payment withVersion(long version, Instant updatedAt) {
    return new Payment(this, version, updatedAt);
  }

  /** A builder, for store implementations. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this snapshot's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.reference = reference;
    b.idempotencyKey = idempotencyKey;
    b.requestFingerprint = requestFingerprint;
    b.amount = amount;
    b.status = status;
    b.autoCapture = autoCapture;
    b.authorizedAmount = authorizedAmount;
    b.capturedAmount = capturedAmount;
    b.refundedAmount = refundedAmount;
    b.gatewayId = gatewayId;
    b.gatewayReference = gatewayReference;
    b.source = source;
    b.customer = customer;
    b.description = description;
    b.metadata = metadata;
    b.returnUrl = returnUrl;
    b.threeDSecure = threeDSecure;
    b.pinnedGateway = pinnedGateway;
    b.decline = decline;
    b.nextAction = nextAction;
    b.actionExpiresAt = actionExpiresAt;
    b.failure = failure;
    b.routing = routing;
    b.conversion = conversion;
    // Shared until the builder changes them: most writes change neither list.
    b.transactions = transactions;
    b.transactionsShared = true;
    b.attempts = attempts;
    b.attemptsShared = true;
    b.createdAt = createdAt;
    b.updatedAt = updatedAt;
    b.version = version;
    return b;
  }

  /** Our id for the payment, {@code pay_...}. */
  public String id() {
    return id;
  }

  /** The host's reference. */
  public String reference() {
    return reference;
  }

  /** The idempotency key it was created with, if any. */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /**
   * A digest of the creating request, used to tell a replay from a conflicting reuse of the
   * idempotency key. Holds no card data.
   */
  public Optional<String> requestFingerprint() {
    return Optional.ofNullable(requestFingerprint);
  }

  /** The requested amount. */
  public Money amount() {
    return amount;
  }

  /** Where the payment stands. */
  public PaymentStatus status() {
    return status;
  }

  /** Whether the payment was a purchase (capture on authorization). */
  public boolean autoCapture() {
    return autoCapture;
  }

  /** How much is authorized (zero until authorized). */
  public Money authorizedAmount() {
    return authorizedAmount;
  }

  /** How much has been captured. */
  public Money capturedAmount() {
    return capturedAmount;
  }

  /** How much has been refunded. */
  public Money refundedAmount() {
    return refundedAmount;
  }

  /** The gateway that carries the payment, once one was chosen. */
  public Optional<String> gatewayId() {
    return Optional.ofNullable(gatewayId);
  }

  /** The gateway's id for the payment, once known. */
  public Optional<String> gatewayReference() {
    return Optional.ofNullable(gatewayReference);
  }

  /** What paid, without card data. */
  public SourceSummary source() {
    return source;
  }

  /** The customer, if given. */
  public Optional<Customer> customer() {
    return Optional.ofNullable(customer);
  }

  /** The description, if given. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** The host's metadata. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Where the shopper returns after a redirect, if given. */
  public Optional<String> returnUrl() {
    return Optional.ofNullable(returnUrl);
  }

  /** The 3-D Secure preference the payment was made with. */
  public ThreeDSecure threeDSecure() {
    return threeDSecure;
  }

  /** The gateway the caller pinned the payment to, if any. */
  public Optional<String> pinnedGateway() {
    return Optional.ofNullable(pinnedGateway);
  }

  /** Why the payment was declined, for {@link PaymentStatus#DECLINED}. */
  public Optional<Decline> decline() {
    return Optional.ofNullable(decline);
  }

  /** What the shopper must do, for {@link PaymentStatus#REQUIRES_ACTION}. */
  public Optional<NextAction> nextAction() {
    return Optional.ofNullable(nextAction);
  }

  /** When a payment that requires action expires if the shopper does not finish. */
  public Optional<Instant> actionExpiresAt() {
    return Optional.ofNullable(actionExpiresAt);
  }

  /** Why the payment failed or is unknown, or why its last operation failed. */
  public Optional<PaymentFailure> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * How the payment was routed: the gateways in the order they were to be tried, their scores and
   * reasons, and the gateways skipped and why. Empty only for payments stored before routing was
   * recorded.
   */
  public Optional<RoutingDecision> routing() {
    return Optional.ofNullable(routing);
  }

  /**
   * The currency conversion, when no gateway took the currency the payment was presented in and the
   * client converted it: {@link Conversion#source()} is the presented amount, {@link #amount()} the
   * converted amount the gateway charges. The rate is locked for the payment's lifetime: captures
   * and refunds given in the presented currency are converted at it.
   */
  public Optional<Conversion> conversion() {
    return Optional.ofNullable(conversion);
  }

  /** Every transaction, oldest first. */
  public List<Transaction> transactions() {
    return transactions;
  }

  /** Every gateway call, oldest first. */
  public List<Attempt> attempts() {
    return attempts;
  }

  /** When the payment was created. */
  public Instant createdAt() {
    return createdAt;
  }

  /** When it last changed. */
  public Instant updatedAt() {
    return updatedAt;
  }

  /** The store version; increases with every write (optimistic concurrency). */
  public long version() {
    return version;
  }

  /** The authorized amount not yet captured, less captures in flight. */
  public Money capturableAmount() {
    Money inFlight = openAmount(Transaction.Type.CAPTURE);
    return authorizedAmount.minus(capturedAmount).minus(inFlight);
  }

  /** The captured amount not yet refunded, less refunds in flight. */
  public Money refundableAmount() {
    Money inFlight = openAmount(Transaction.Type.REFUND);
    return capturedAmount.minus(refundedAmount).minus(inFlight);
  }

  /** Whether some operation on the payment is pending or of unknown outcome. */
  public boolean hasOpenTransactions() {
    for (Transaction t : transactions) {
      if (t.isOpen()) {
        return true;
      }
    }
    return false;
  }

  /** The transaction with this id. */
  public Optional<Transaction> transaction(String transactionId) {
    for (Transaction t : transactions) {
      if (t.id().equals(transactionId)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  private Money openAmount(Transaction.Type type) {
    Money sum = Money.zero(amount.currency());
    for (Transaction t : transactions) {
      if (t.type() == type && t.isOpen()) {
        sum = sum.plus(t.amount());
      }
    }
    return sum;
  }

  @Override
  public String toString() {
    return "Payment["
        + id
        + " "
        + reference
        + " "
        + status
        + " "
        + amount
        + (gatewayId == null ? "" : " via " + gatewayId)
        + "]";
  }

  /** Builds a {@link Payment}; validates the amount invariants. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String reference;
    private String idempotencyKey;
    private String requestFingerprint;
    private Money amount;
    private PaymentStatus status;
    private boolean autoCapture;
    private Money authorizedAmount;
    private Money capturedAmount;
    private Money refundedAmount;
    private String gatewayId;
    private String gatewayReference;
    private SourceSummary source;
    private Customer customer;
    private String description;
    private Map<String, String> metadata = Map.of();
    private String returnUrl;
    private ThreeDSecure threeDSecure;
    private String pinnedGateway;
    private Decline decline;
    private NextAction nextAction;
    private Instant actionExpiresAt;
    private PaymentFailure failure;
    private RoutingDecision routing;
    private Conversion conversion;
    // Empty and shared until something is added: copy on first write.
    private List<Transaction> transactions = List.of();
    private boolean transactionsShared = true;
    private List<Attempt> attempts = List.of();
    private boolean attemptsShared = true;
    private Instant createdAt;
    private Instant updatedAt;
    private long version;

    private Builder() {}

    /** Sets the id. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets the reference. */
    public Builder reference(String reference) {
      this.reference = reference;
      return this;
    }

    /** Sets the idempotency key. */
    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /** Sets the request fingerprint. */
    public Builder requestFingerprint(String requestFingerprint) {
      this.requestFingerprint = requestFingerprint;
      return this;
    }

    /** Sets the amount. */
    public Builder amount(Money amount) {
      this.amount = amount;
      return this;
    }

    /** Sets the status. */
    public Builder status(PaymentStatus status) {
      this.status = status;
      return this;
    }

    /** Sets whether the payment is a purchase. */
    public Builder autoCapture(boolean autoCapture) {
      this.autoCapture = autoCapture;
      return this;
    }

    /** Sets the authorized amount. */
    public Builder authorizedAmount(Money authorizedAmount) {
      this.authorizedAmount = authorizedAmount;
      return this;
    }

    /** Sets the captured amount. */
    public Builder capturedAmount(Money capturedAmount) {
      this.capturedAmount = capturedAmount;
      return this;
    }

    /** Sets the refunded amount. */
    public Builder refundedAmount(Money refundedAmount) {
      this.refundedAmount = refundedAmount;
      return this;
    }

    /** Sets the gateway id. */
    public Builder gatewayId(String gatewayId) {
      this.gatewayId = gatewayId;
      return this;
    }

    /** Sets the gateway's reference. */
    public Builder gatewayReference(String gatewayReference) {
      this.gatewayReference = gatewayReference;
      return this;
    }

    /** Sets the source summary. */
    public Builder source(SourceSummary source) {
      this.source = source;
      return this;
    }

    /** Sets the customer. */
    public Builder customer(Customer customer) {
      this.customer = customer;
      return this;
    }

    /** Sets the description. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** Replaces the metadata. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata =
          metadata.isEmpty()
              ? Map.of()
              : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
      return this;
    }

    /** Sets the return URL. */
    public Builder returnUrl(String returnUrl) {
      this.returnUrl = returnUrl;
      return this;
    }

    /** Sets the 3-D Secure preference. */
    public Builder threeDSecure(ThreeDSecure threeDSecure) {
      this.threeDSecure = threeDSecure;
      return this;
    }

    /** Sets the pinned gateway. */
    public Builder pinnedGateway(String pinnedGateway) {
      this.pinnedGateway = pinnedGateway;
      return this;
    }

    /** Sets the decline. */
    public Builder decline(Decline decline) {
      this.decline = decline;
      return this;
    }

    /** Sets the next action. */
    public Builder nextAction(NextAction nextAction) {
      this.nextAction = nextAction;
      return this;
    }

    /** Sets when a required action expires. */
    public Builder actionExpiresAt(Instant actionExpiresAt) {
      this.actionExpiresAt = actionExpiresAt;
      return this;
    }

    /** Sets the failure. */
    public Builder failure(PaymentFailure failure) {
      this.failure = failure;
      return this;
    }

    /** Sets the currency conversion. */
    public Builder conversion(Conversion conversion) {
      this.conversion = conversion;
      return this;
    }

    /** Sets the routing decision. */
    public Builder routing(RoutingDecision routing) {
      this.routing = routing;
      return this;
    }

    /** Replaces the transactions. */
    public Builder transactions(List<Transaction> transactions) {
      this.transactions = new ArrayList<>(transactions);
      this.transactionsShared = false;
      return this;
    }

    /** Adds or replaces (by id) one transaction. */
    public Builder putTransaction(Transaction transaction) {
      if (transactionsShared) {
        transactions = writable(transactions);
        transactionsShared = false;
      }
      for (int i = 0; i < transactions.size(); i++) {
        if (transactions.get(i).id().equals(transaction.id())) {
          transactions.set(i, transaction);
          return this;
        }
      }
      transactions.add(transaction);
      return this;
    }

    // A private copy with room for the element about to be added, copied without an extra array.
    private static <T> List<T> writable(List<T> shared) {
      int n = shared.size();
      List<T> copy = new ArrayList<>(n + 2);
      for (int i = 0; i < n; i++) {
        copy.add(shared.get(i));
      }
      return copy;
    }

    /** Replaces the attempts. */
    public Builder attempts(List<Attempt> attempts) {
      this.attempts = new ArrayList<>(attempts);
      this.attemptsShared = false;
      return this;
    }

    /** Appends one attempt. */
    public Builder addAttempt(Attempt attempt) {
      if (attemptsShared) {
        attempts = writable(attempts);
        attemptsShared = false;
      }
      this.attempts.add(attempt);
      return this;
    }

    /** Sets the creation time. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** Sets the update time. */
    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    /** Sets the store version. */
    public Builder version(long version) {
      this.version = version;
      return this;
    }

    /**
     * Builds the snapshot.
     *
     * @throws IllegalStateException if the amounts break an invariant
     */
    public Payment build() {
      return new Payment(this);
    }
  }
}
