package io.ottu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.PaymentStatus;
import org.junit.jupiter.api.Test;

class CancellationTest {
  @Test
  void aConfirmedCancelReleasesWhatIsHeld() {
    assertThat(Cancellation.statusAfter(PaymentStatus.AUTHORIZED))
        .isEqualTo(PaymentStatus.CANCELLED);
    assertThat(Cancellation.statusAfter(PaymentStatus.REQUIRES_ACTION))
        .isEqualTo(PaymentStatus.CANCELLED);
    assertThat(Cancellation.statusAfter(PaymentStatus.PENDING)).isEqualTo(PaymentStatus.CANCELLED);
    assertThat(Cancellation.statusAfter(PaymentStatus.PARTIALLY_CAPTURED))
        .isEqualTo(PaymentStatus.CAPTURED);
  }

  @Test
  void aPaymentThatEndedWithoutMoneyMovingKeepsItsStatus() {
    for (PaymentStatus s :
        new PaymentStatus[] {
          PaymentStatus.DECLINED,
          PaymentStatus.FAILED,
          PaymentStatus.EXPIRED,
          PaymentStatus.CANCELLED
        }) {
      assertThat(Cancellation.statusAfter(s)).as("%s", s).isEqualTo(s);
    }
  }

  @Test
  void aCancelContradictingMovedMoneyIsNotApplied() {
    for (PaymentStatus s :
        new PaymentStatus[] {
          PaymentStatus.CAPTURED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED
        }) {
      assertThat(Cancellation.statusAfter(s)).as("%s", s).isNull();
    }
  }

  @Test
  void everyAnswerIsALegalMoveOrNone() {
    for (PaymentStatus s : PaymentStatus.values()) {
      PaymentStatus next = Cancellation.statusAfter(s);
      if (next != null && next != s) {
        assertThat(s.canTransitionTo(next)).as("%s -> %s", s, next).isTrue();
      }
    }
  }
}
