package io.ottu.gateway.simulated;

import io.ottu.Money;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a {@link SimulatedGateway} has done with the shoppers' money: one {@link LedgerEntry} per
 * gateway payment (authorization or sale), with its captures, refunds and cancels. This is the
 * ground truth a test checks the engine against: "no payment was charged twice" is {@code
 * chargesForPayment(id).size() <= 1} on every gateway, and "no charge is lost" is every charge's
 * {@link LedgerEntry#paymentId()} being a payment the engine knows as authorized or captured.
 *
 * <p>A live, thread-safe view: queries may run while payments are processed, and each returned
 * {@link LedgerEntry} is an atomic snapshot of one payment. A query over several payments is not
 * one atomic snapshot of the whole ledger; run it after the traffic has stopped for exact totals.
 * Queries other than {@link #entry(String)}, {@link #entriesForPayment(String)} and {@link
 * #chargesForPayment(String)} scan every payment, so they are for assertions, not hot paths.
 */
public final class SimulatedLedger {
  private final Clock clock;
  private final int retainPayments;
  private final ConcurrentHashMap<String, PaymentRecord> byGatewayReference =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, List<PaymentRecord>> byPaymentId =
      new ConcurrentHashMap<>();
  // Only kept when retention is bounded; an unbounded ledger needs no eviction order.
  private final ConcurrentLinkedQueue<PaymentRecord> creationOrder;
  private final AtomicInteger retained = new AtomicInteger();

  SimulatedLedger(Clock clock, int retainPayments) {
    this.clock = clock;
    this.retainPayments = retainPayments;
    this.creationOrder = retainPayments > 0 ? new ConcurrentLinkedQueue<>() : null;
  }

  /**
   * Adds a new payment; when retention is bounded and full, removes the oldest payment and returns
   * it so the gateway can forget its idempotency keys, else returns null.
   */
  PaymentRecord add(PaymentRecord record) {
    byGatewayReference.put(record.gatewayReference, record);
    byPaymentId.compute(record.paymentId, (id, list) -> append(list, record));
    if (creationOrder == null) {
      return null;
    }
    creationOrder.add(record);
    if (retained.incrementAndGet() <= retainPayments) {
      return null;
    }
    PaymentRecord oldest = creationOrder.poll();
    if (oldest == null) {
      return null;
    }
    retained.decrementAndGet();
    byGatewayReference.remove(oldest.gatewayReference, oldest);
    byPaymentId.computeIfPresent(oldest.paymentId, (id, list) -> without(list, oldest));
    return oldest;
  }

  /** The record with this gateway reference, or null. */
  PaymentRecord find(String gatewayReference) {
    return gatewayReference == null ? null : byGatewayReference.get(gatewayReference);
  }

  /** The records of one payment id, oldest first; never null. */
  List<PaymentRecord> forPayment(String paymentId) {
    List<PaymentRecord> records = paymentId == null ? null : byPaymentId.get(paymentId);
    return records == null ? List.of() : records;
  }

  private static List<PaymentRecord> append(List<PaymentRecord> list, PaymentRecord record) {
    if (list == null) {
      return List.of(record);
    }
    // Copy-on-write: a payment has one record per attempt on this gateway, so lists stay tiny and
    // readers never need a lock.
    List<PaymentRecord> copy = new ArrayList<>(list.size() + 1);
    copy.addAll(list);
    copy.add(record);
    return Collections.unmodifiableList(copy);
  }

  private static List<PaymentRecord> without(List<PaymentRecord> list, PaymentRecord record) {
    List<PaymentRecord> copy = new ArrayList<>(list);
    copy.remove(record);
    return copy.isEmpty() ? null : Collections.unmodifiableList(copy);
  }

  /** Every payment, oldest first. */
  public List<LedgerEntry> entries() {
    return select(e -> true);
  }

  /**
   * Every charge, oldest first: the payments whose authorization or sale was approved (see {@link
   * LedgerEntry#isCharge()}), including those later cancelled or refunded.
   */
  public List<LedgerEntry> charges() {
    return select(LedgerEntry::isCharge);
  }

  /** The payment with this gateway reference ({@code sim_<gateway id>_<n>}). */
  public Optional<LedgerEntry> entry(String gatewayReference) {
    Objects.requireNonNull(gatewayReference, "gatewayReference");
    PaymentRecord record = byGatewayReference.get(gatewayReference);
    return record == null ? Optional.empty() : Optional.of(record.snapshot(clock.instant()));
  }

  /**
   * Every payment created for our payment id, oldest first: one per authorization attempt this
   * gateway processed, declined or not.
   */
  public List<LedgerEntry> entriesForPayment(String paymentId) {
    Objects.requireNonNull(paymentId, "paymentId");
    return Collections.unmodifiableList(snapshots(forPayment(paymentId), e -> true));
  }

  /**
   * The charges made for our payment id, oldest first. A correct engine leaves at most one per
   * payment on all gateways together.
   */
  public List<LedgerEntry> chargesForPayment(String paymentId) {
    Objects.requireNonNull(paymentId, "paymentId");
    return Collections.unmodifiableList(snapshots(forPayment(paymentId), LedgerEntry::isCharge));
  }

  /** Every payment whose authorization carried this host reference, oldest first. */
  public List<LedgerEntry> entriesForReference(String reference) {
    Objects.requireNonNull(reference, "reference");
    return select(e -> e.reference().equals(reference));
  }

  /**
   * The charges grouped by our payment id, in order of each payment's first charge; only payments
   * with at least one charge appear. Unmodifiable.
   */
  public Map<String, List<LedgerEntry>> chargesByPayment() {
    Map<String, List<LedgerEntry>> grouped = new LinkedHashMap<>();
    for (LedgerEntry e : charges()) {
      grouped.computeIfAbsent(e.paymentId(), id -> new ArrayList<>()).add(e);
    }
    grouped.replaceAll((id, list) -> List.copyOf(list));
    return Collections.unmodifiableMap(grouped);
  }

  /** The number of charges: approved authorizations and sales. */
  public long countAuthorizations() {
    return charges().size();
  }

  /** The number of payments in the ledger, declined and unfinished ones included. */
  public int size() {
    return byGatewayReference.size();
  }

  /**
   * The sum of the amounts of every charge in a currency, including charges later cancelled or
   * refunded.
   *
   * @throws io.ottu.InvalidRequestException if the code is not an ISO 4217 currency
   */
  public Money totalAuthorized(String currencyCode) {
    return total(currencyCode, LedgerEntry::amount);
  }

  /** The sum of everything captured in a currency, before refunds. */
  public Money totalCaptured(String currencyCode) {
    return total(currencyCode, LedgerEntry::captured);
  }

  /** The sum of everything refunded in a currency. */
  public Money totalRefunded(String currencyCode) {
    return total(currencyCode, LedgerEntry::refunded);
  }

  private Money total(String currencyCode, Function<LedgerEntry, Money> part) {
    Money sum = Money.zero(Objects.requireNonNull(currencyCode, "currencyCode"));
    for (LedgerEntry e : charges()) {
      if (e.amount().currency().equals(sum.currency())) {
        sum = sum.plus(part.apply(e));
      }
    }
    return sum;
  }

  private List<LedgerEntry> select(Predicate<LedgerEntry> filter) {
    List<LedgerEntry> list = snapshots(byGatewayReference.values(), filter);
    list.sort(Comparator.comparingLong(LedgerEntry::sequence));
    return Collections.unmodifiableList(list);
  }

  private List<LedgerEntry> snapshots(
      Iterable<PaymentRecord> records, Predicate<LedgerEntry> filter) {
    var now = clock.instant();
    List<LedgerEntry> list = new ArrayList<>();
    for (PaymentRecord record : records) {
      LedgerEntry e = record.snapshot(now);
      if (filter.test(e)) {
        list.add(e);
      }
    }
    return list;
  }

  @Override
  public String toString() {
    return "SimulatedLedger[payments=" + size() + "]";
  }
}
