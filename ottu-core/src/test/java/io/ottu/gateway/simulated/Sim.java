package io.ottu.gateway.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ottu.Money;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewaySource;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Request builders and fakes shared by the simulated gateway's tests. */
final class Sim {
  private Sim() {}

  /** A public Visa test number that is not in the simulator's fixed table: an ordinary card. */
  static final String ORDINARY = "4111111111111111";

  static Money usd(String amount) {
    return Money.of(amount, "USD");
  }

  static GatewaySource card(String number) {
    return GatewaySource.card(TestCards.card(number));
  }

  static AuthorizeRequest authorize(String paymentId, String key, Money amount) {
    return authorize(paymentId, key, amount, card(ORDINARY), false, ThreeDSecure.AUTOMATIC);
  }

  static AuthorizeRequest authorize(
      String paymentId,
      String key,
      Money amount,
      GatewaySource source,
      boolean capture,
      ThreeDSecure threeDSecure) {
    return new AuthorizeRequest(
        paymentId,
        "order-" + paymentId,
        amount,
        source,
        capture,
        key,
        1,
        threeDSecure,
        "https://shop.example/return?order=" + paymentId,
        null,
        null,
        Map.of());
  }

  static CaptureRequest capture(String paymentId, String gatewayRef, Money amount, String key) {
    return new CaptureRequest(paymentId, "order-" + paymentId, gatewayRef, amount, false, key, 1);
  }

  static CaptureRequest finalCapture(
      String paymentId, String gatewayRef, Money amount, String key) {
    return new CaptureRequest(paymentId, "order-" + paymentId, gatewayRef, amount, true, key, 1);
  }

  static RefundRequest refund(String paymentId, String gatewayRef, Money amount, String key) {
    return new RefundRequest(
        paymentId, "order-" + paymentId, gatewayRef, null, amount, null, key, 1);
  }

  static CancelRequest cancel(String paymentId, String gatewayRef, Money amount, String key) {
    return new CancelRequest(paymentId, "order-" + paymentId, gatewayRef, amount, key);
  }

  static CompleteActionRequest complete(
      String paymentId, String gatewayRef, Money amount, String result, String key) {
    return new CompleteActionRequest(
        paymentId,
        "order-" + paymentId,
        gatewayRef,
        amount,
        false,
        result == null ? Map.of() : Map.of("result", result),
        key);
  }

  static LookupRequest lookup(
      String paymentId, GatewayOperation operation, Money amount, String key) {
    return new LookupRequest(paymentId, "order-" + paymentId, null, operation, amount, key);
  }

  /** Runs {@code call}, asserts it threw a {@link GatewayException}, and returns it. */
  static GatewayException failure(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(GatewayException.class);
    return (GatewayException) thrown;
  }

  /** A sleeper that records what it was asked to wait and returns at once. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
    }
  }

  /** A clock that tests move by hand. */
  static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
