package io.ottu.gateway.simulated;

import static io.ottu.gateway.simulated.Sim.authorize;
import static io.ottu.gateway.simulated.Sim.cancel;
import static io.ottu.gateway.simulated.Sim.capture;
import static io.ottu.gateway.simulated.Sim.card;
import static io.ottu.gateway.simulated.Sim.failure;
import static io.ottu.gateway.simulated.Sim.finalCapture;
import static io.ottu.gateway.simulated.Sim.refund;
import static io.ottu.gateway.simulated.Sim.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.Money;
import io.ottu.PaymentStatus;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import org.junit.jupiter.api.Test;

class SimulatedLedgerTest {
  private final SimulatedGateway gateway = SimulatedGateway.builder("sim").build();

  private String authorized(String paymentId, String amount) {
    return gateway
        .authorize(authorize(paymentId, paymentId + "-auth", usd(amount)))
        .gatewayReference()
        .orElseThrow();
  }

  private LedgerEntry entry(String ref) {
    return gateway.ledger().entry(ref).orElseThrow();
  }

  @Test
  void partialCapturesAddUpAndCloseAtTheAuthorizedAmount() {
    String ref = authorized("p1", "100.00");

    GatewayResult c1 = gateway.capture(capture("p1", ref, usd("30.00"), "c1"));
    assertThat(c1.amount()).hasValue(usd("30.00"));
    assertThat(c1.transactionReference()).hasValue(ref + "_cap_1");
    assertThat(c1.rawStatus()).hasValue("partially_captured");
    assertThat(entry(ref).status()).isEqualTo(PaymentStatus.PARTIALLY_CAPTURED);

    GatewayResult c2 = gateway.capture(capture("p1", ref, usd("70.00"), "c2"));
    assertThat(c2.transactionReference()).hasValue(ref + "_cap_2");
    assertThat(entry(ref).status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(entry(ref).captured()).isEqualTo(usd("100.00"));
  }

  @Test
  void overCaptureIsRejectedWithAClearCode() {
    String ref = authorized("p1", "100.00");
    gateway.capture(capture("p1", ref, usd("60.00"), "c1"));

    GatewayException e = failure(() -> gateway.capture(capture("p1", ref, usd("40.01"), "c2")));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.gatewayCode()).hasValue("capture_exceeds_authorized");
    assertThat(e.getMessage()).contains("40.01").contains("40.00");
    assertThat(entry(ref).captured()).isEqualTo(usd("60.00"));
  }

  @Test
  void finalCaptureReleasesTheRest() {
    String ref = authorized("p1", "100.00");

    gateway.capture(finalCapture("p1", ref, usd("40.00"), "c1"));

    assertThat(entry(ref).status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(failure(() -> gateway.capture(capture("p1", ref, usd("1.00"), "c2"))).gatewayCode())
        .hasValue("invalid_state");
  }

  @Test
  void refundsAreLimitedToWhatWasCapturedAndNotYetRefunded() {
    String ref = authorized("p1", "100.00");
    assertThat(failure(() -> gateway.refund(refund("p1", ref, usd("1.00"), "r0"))).gatewayCode())
        .hasValue("invalid_state");
    gateway.capture(finalCapture("p1", ref, usd("50.00"), "c1"));

    GatewayResult r1 = gateway.refund(refund("p1", ref, usd("20.00"), "r1"));
    assertThat(r1.transactionReference()).hasValue(ref + "_ref_1");
    assertThat(entry(ref).status()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);

    GatewayException over = failure(() -> gateway.refund(refund("p1", ref, usd("30.01"), "r2")));
    assertThat(over.gatewayCode()).hasValue("refund_exceeds_captured");

    gateway.refund(refund("p1", ref, usd("30.00"), "r3"));
    assertThat(entry(ref).status()).isEqualTo(PaymentStatus.REFUNDED);
    assertThat(entry(ref).refunded()).isEqualTo(usd("50.00"));
    assertThat(failure(() -> gateway.refund(refund("p1", ref, usd("0.01"), "r4"))).gatewayCode())
        .hasValue("refund_exceeds_captured");
  }

  @Test
  void cancelReleasesAnUncapturedAuthorizationOnly() {
    String ref = authorized("p1", "100.00");

    GatewayResult cancelled = gateway.cancel(cancel("p1", ref, usd("100.00"), "v1"));

    assertThat(cancelled.type()).isEqualTo(GatewayResult.Type.CANCELLED);
    assertThat(cancelled.transactionReference()).hasValue(ref + "_void");
    assertThat(entry(ref).status()).isEqualTo(PaymentStatus.CANCELLED);
    assertThat(entry(ref).isCharge()).isTrue();
    assertThat(failure(() -> gateway.capture(capture("p1", ref, usd("1.00"), "c1"))).gatewayCode())
        .hasValue("invalid_state");
    assertThat(failure(() -> gateway.cancel(cancel("p1", ref, usd("100.00"), "v2"))).httpStatus())
        .isEqualTo(409);

    String sale =
        gateway
            .authorize(
                authorize(
                    "p2", "p2-auth", usd("5.00"), card(Sim.ORDINARY), true, ThreeDSecure.AUTOMATIC))
            .gatewayReference()
            .orElseThrow();
    assertThat(failure(() -> gateway.cancel(cancel("p2", sale, usd("5.00"), "v3"))).gatewayCode())
        .hasValue("invalid_state");
  }

  @Test
  void cancelAfterAPartialCaptureReleasesTheRestAndClosesAsCaptured() {
    String ref = authorized("p1", "100.00");
    gateway.capture(capture("p1", ref, usd("30.00"), "c1"));

    gateway.cancel(cancel("p1", ref, usd("100.00"), "v1"));

    LedgerEntry e = entry(ref);
    assertThat(e.status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(e.captured()).isEqualTo(usd("30.00"));
    assertThat(e.operations().get(2).amount()).isEqualTo(usd("70.00"));
  }

  @Test
  void declinedPaymentCannotBeCapturedOrRefunded() {
    String ref =
        gateway
            .authorize(
                authorize(
                    "p1",
                    "a1",
                    usd("10.00"),
                    card(TestCards.DECLINED),
                    false,
                    ThreeDSecure.AUTOMATIC))
            .gatewayReference()
            .orElseThrow();

    assertThat(failure(() -> gateway.capture(capture("p1", ref, usd("1.00"), "c1"))).gatewayCode())
        .hasValue("invalid_state");
    assertThat(failure(() -> gateway.refund(refund("p1", ref, usd("1.00"), "r1"))).gatewayCode())
        .hasValue("invalid_state");
  }

  @Test
  void unknownGatewayReferenceIsRejected404() {
    GatewayException e =
        failure(() -> gateway.capture(capture("p1", "sim_sim_999", usd("1.00"), "c1")));

    assertThat(e.httpStatus()).isEqualTo(404);
    assertThat(e.gatewayCode()).hasValue("no_such_payment");
    assertThat(
            failure(() -> gateway.refund(refund("p1", "sim_sim_999", usd("1.00"), "r1")))
                .gatewayCode())
        .hasValue("no_such_payment");
  }

  @Test
  void gatewayReferenceOfAnotherPaymentIsRejected() {
    String ref = authorized("p1", "10.00");

    assertThat(failure(() -> gateway.capture(capture("p2", ref, usd("1.00"), "c1"))).gatewayCode())
        .hasValue("payment_mismatch");
  }

  @Test
  void currencyMustMatchAndAmountsMustBePositive() {
    String ref = authorized("p1", "10.00");

    assertThat(
            failure(() -> gateway.capture(capture("p1", ref, Money.of("1.00", "EUR"), "c1")))
                .gatewayCode())
        .hasValue("currency_mismatch");
    assertThat(failure(() -> gateway.capture(capture("p1", ref, usd("0.00"), "c2"))).gatewayCode())
        .hasValue("invalid_amount");
    assertThat(
            failure(() -> gateway.cancel(cancel("p1", ref, Money.of("1.000", "KWD"), "v1")))
                .gatewayCode())
        .hasValue("currency_mismatch");
  }

  @Test
  void capabilitiesWithoutPartialOperationsAreEnforced() {
    SimulatedGateway strict =
        SimulatedGateway.builder("sim")
            .capabilities(
                GatewayCapabilities.builder()
                    .partialCapture(false)
                    .multipleCaptures(false)
                    .partialRefund(false)
                    .build())
            .build();
    String ref =
        strict.authorize(authorize("p1", "a1", usd("10.00"))).gatewayReference().orElseThrow();

    assertThat(failure(() -> strict.capture(capture("p1", ref, usd("5.00"), "c1"))).gatewayCode())
        .hasValue("partial_capture_unsupported");
    strict.capture(capture("p1", ref, usd("10.00"), "c2"));
    assertThat(failure(() -> strict.refund(refund("p1", ref, usd("5.00"), "r1"))).gatewayCode())
        .hasValue("partial_refund_unsupported");
    assertThat(strict.refund(refund("p1", ref, usd("10.00"), "r2")).type())
        .isEqualTo(GatewayResult.Type.REFUNDED);
  }

  @Test
  void singleCaptureClosesThePaymentWhenMultipleCapturesAreUnsupported() {
    SimulatedGateway single =
        SimulatedGateway.builder("sim")
            .capabilities(GatewayCapabilities.builder().multipleCaptures(false).build())
            .build();
    String ref =
        single.authorize(authorize("p1", "a1", usd("10.00"))).gatewayReference().orElseThrow();

    single.capture(capture("p1", ref, usd("4.00"), "c1"));

    assertThat(single.ledger().entry(ref).orElseThrow().status()).isEqualTo(PaymentStatus.CAPTURED);
    assertThat(failure(() -> single.capture(capture("p1", ref, usd("1.00"), "c2"))).gatewayCode())
        .hasValue("invalid_state");
  }

  @Test
  void queriesAndTotals() {
    String a = authorized("p1", "10.00");
    authorized("p2", "20.00");
    gateway.authorize(
        authorize(
            "p3",
            "a3",
            usd("30.00"),
            card(TestCards.INSUFFICIENT_FUNDS),
            false,
            ThreeDSecure.AUTOMATIC));
    gateway.authorize(authorize("p4", "a4", Money.of("1.500", "KWD")));
    gateway.capture(capture("p1", a, usd("10.00"), "c1"));
    gateway.refund(refund("p1", a, usd("2.50"), "r1"));

    SimulatedLedger ledger = gateway.ledger();
    assertThat(ledger.size()).isEqualTo(4);
    assertThat(ledger.entries())
        .extracting(LedgerEntry::paymentId)
        .containsExactly("p1", "p2", "p3", "p4");
    assertThat(ledger.charges())
        .extracting(LedgerEntry::paymentId)
        .containsExactly("p1", "p2", "p4");
    assertThat(ledger.countAuthorizations()).isEqualTo(3);
    assertThat(ledger.totalAuthorized("USD")).isEqualTo(usd("30.00"));
    assertThat(ledger.totalCaptured("USD")).isEqualTo(usd("10.00"));
    assertThat(ledger.totalRefunded("USD")).isEqualTo(usd("2.50"));
    assertThat(ledger.totalAuthorized("KWD")).isEqualTo(Money.of("1.5", "KWD"));
    assertThat(ledger.entriesForReference("order-p3"))
        .singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo(PaymentStatus.DECLINED));
    assertThat(ledger.entriesForPayment("p3")).hasSize(1);
    assertThat(ledger.chargesForPayment("p3")).isEmpty();
    assertThat(ledger.chargesByPayment()).containsOnlyKeys("p1", "p2", "p4");
    assertThat(ledger.entry("sim_sim_77")).isEmpty();
    assertThat(ledger.entry(a).orElseThrow().operations())
        .extracting(LedgerOperation::operation)
        .containsExactly(
            GatewayOperation.AUTHORIZE, GatewayOperation.CAPTURE, GatewayOperation.REFUND);
    assertThat(ledger.entry(a).orElseThrow().operations())
        .extracting(LedgerOperation::idempotencyKey)
        .containsExactly("p1-auth", "c1", "r1");
    assertThatThrownBy(() -> ledger.entries().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void retainPaymentsForgetsTheOldestPaymentsAndTheirKeys() {
    SimulatedGateway bounded = SimulatedGateway.builder("sim").retainPayments(3).build();
    for (int i = 1; i <= 5; i++) {
      bounded.authorize(authorize("p" + i, "k" + i, usd("1.00")));
    }

    assertThat(bounded.ledger().entries())
        .extracting(LedgerEntry::paymentId)
        .containsExactly("p3", "p4", "p5");
    assertThat(bounded.ledger().entriesForPayment("p1")).isEmpty();
    // The key was forgotten with the payment, as a real gateway forgets keys after a day.
    assertThat(bounded.authorize(authorize("p1", "k1", usd("1.00"))).gatewayReference())
        .hasValue("sim_sim_6");
  }
}
