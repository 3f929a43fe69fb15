package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.event.PaymentEvent;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayResult;
import io.ottu.testing.RecordingListener;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of operations, against a gateway that answers at random (approve, decline,
 * pending, unavailable, unknown outcome, an answer about the wrong amount), never break an
 * invariant of the state machine.
 */
class StateMachineProperties {
  enum Op {
    CAPTURE,
    REFUND,
    CANCEL,
    COMPLETE_ACTION,
    REFRESH
  }

  @Provide
  Arbitrary<List<Op>> operations() {
    return Arbitraries.of(Op.class).list().ofMinSize(1).ofMaxSize(12);
  }

  /**
   * Found by the property (seed -6871528206076774299): a cancel left open while the shopper's
   * action was pending, the action then declined, and a later refund's settlement of the open
   * cancel tried to move the DECLINED payment to CANCELLED. The cancel is now closed and the
   * payment stays DECLINED.
   */
  @Example
  void aCancelConfirmedAfterTheActionWasDeclinedKeepsTheDecline() {
    invariantsHoldForAnySequence(
        List.of(
            Op.CAPTURE,
            Op.CANCEL,
            Op.CAPTURE,
            Op.CAPTURE,
            Op.CAPTURE,
            Op.COMPLETE_ACTION,
            Op.REFUND),
        -238,
        true,
        true);
  }

  @Property(tries = 500)
  void invariantsHoldForAnySequence(
      @ForAll("operations") List<Op> ops,
      @ForAll long seed,
      @ForAll boolean purchase,
      @ForAll boolean multipleCaptures) {
    Random random = new Random(seed);
    ScriptedGateway gw =
        ScriptedGateway.approving(
            "gw",
            io.ottu.gateway.GatewayCapabilities.builder()
                .multipleCaptures(multipleCaptures)
                .build());
    gw.onAuthorize(r -> answer(random, r.amount(), r.capture() ? "capture" : "authorize", gw));
    gw.onCompleteAction(r -> answer(random, r.amount(), "authorize", gw));
    gw.onCapture(r -> followUp(random, GatewayResult.captured(r.gatewayReference(), r.amount())));
    gw.onRefund(r -> followUp(random, GatewayResult.refunded(r.gatewayReference(), r.amount())));
    gw.onCancel(r -> followUp(random, GatewayResult.cancelled(r.gatewayReference())));
    gw.onLookup(
        r ->
            switch (random.nextInt(3)) {
              case 0 -> Optional.empty();
              case 1 -> Optional.of(GatewayResult.pending(r.reference()));
              default ->
                  Optional.of(
                      switch (r.operation()) {
                        case CAPTURE -> GatewayResult.captured("ref", r.amount());
                        case REFUND -> GatewayResult.refunded("ref", r.amount());
                        case CANCEL -> GatewayResult.cancelled("ref");
                        default -> GatewayResult.authorized("ref", r.amount());
                      });
            });
    RecordingListener events = new RecordingListener();
    try (PaymentClient client =
        PaymentClient.builder()
            .gateway(gw)
            .listener(events)
            .defaultPolicy(PaymentClientTest.FAST)
            .build()) {
      PaymentRequest request =
          PaymentRequest.builder()
              .amount(Money.of("100.00", "USD"))
              .source(PaymentSource.card(TestCards.visa()))
              .reference("prop")
              .build();
      Payment p =
          purchase ? client.payments().purchase(request) : client.payments().authorize(request);
      check(p);
      for (Op op : ops) {
        Money amount = Money.ofMinor(1 + random.nextInt(6000), "USD");
        try {
          switch (op) {
            case CAPTURE -> client.payments().capture(p.id(), amount);
            case REFUND -> client.payments().refund(p.id(), amount);
            case CANCEL -> client.payments().cancel(p.id());
            case COMPLETE_ACTION -> client.payments().completeAction(p.id(), Map.of());
            case REFRESH -> client.payments().refresh(p.id());
          }
        } catch (PaymentStateException | GatewayException expected) {
          // Refusals and gateway failures are legitimate answers; the invariants must still hold.
        }
        check(client.payments().get(p.id()).orElseThrow());
      }
      for (PaymentEvent e : events.events) {
        PaymentStatus from = e.previousStatus();
        PaymentStatus to = e.payment().status();
        assertThat(from == to || from.canTransitionTo(to))
            .as("event %s moved %s -> %s", e.type(), from, to)
            .isTrue();
      }
    }
  }

  private static GatewayResult answer(
      Random random, Money amount, String kind, ScriptedGateway gw) {
    String ref = gw.ref();
    return switch (random.nextInt(8)) {
      case 0 -> GatewayResult.declined(ref, Decline.soft(DeclineReason.DO_NOT_HONOR, "05", "no"));
      case 1 -> GatewayResult.pending(ref);
      case 2 -> GatewayResult.actionRequired(ref, NextAction.redirect("https://acs.example/x"));
      case 3 -> throw GatewayException.unknownOutcome("gw", "timeout", 0, null);
      case 4 -> throw GatewayException.unavailable("gw", "503", 503, null);
      case 5 -> GatewayResult.authorized(ref, Money.of("1.00", "USD"));
      default ->
          kind.equals("capture")
              ? GatewayResult.captured(ref, amount)
              : GatewayResult.authorized(ref, amount);
    };
  }

  private static GatewayResult followUp(Random random, GatewayResult ok) {
    return switch (random.nextInt(6)) {
      case 0 -> GatewayResult.pending(ok.gatewayReference().orElse("ref"));
      case 1 -> throw GatewayException.unknownOutcome("gw", "reset", 0, null);
      case 2 -> throw GatewayException.rejected("gw", "invalid", 422, "invalid");
      default -> ok;
    };
  }

  private static void check(Payment p) {
    assertThat(p.capturedAmount().isLessThanOrEqualTo(p.authorizedAmount())).isTrue();
    assertThat(p.refundedAmount().isLessThanOrEqualTo(p.capturedAmount())).isTrue();
    assertThat(p.authorizedAmount().isLessThanOrEqualTo(p.amount())).isTrue();
    assertThat(p.capturableAmount().isNegative()).isFalse();
    assertThat(p.refundableAmount().isNegative()).isFalse();
    if (p.status() == PaymentStatus.DECLINED) {
      assertThat(p.decline()).isPresent();
    }
    if (p.status() == PaymentStatus.REQUIRES_ACTION) {
      assertThat(p.nextAction()).isPresent();
    }
    if (p.status() == PaymentStatus.REFUNDED) {
      assertThat(p.refundedAmount()).isEqualTo(p.capturedAmount());
    }
  }
}
