package io.ottu.webhooks;

import static io.ottu.event.PaymentEventType.PAYMENT_AUTHORIZED;
import static io.ottu.event.PaymentEventType.PAYMENT_CAPTURED;
import static io.ottu.event.PaymentEventType.PAYMENT_REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.PaymentClient;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import io.ottu.testing.MutableClock;
import io.ottu.testing.ScriptedGateway;
import io.ottu.testing.TestCards;
import io.ottu.webhooks.alerts.Alert;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WebhookPublisherTest {
  static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock(T0);
  private final RecordingAlertSink alerts = new RecordingAlertSink();
  private Receiver rx;
  private WebhookPublisher publisher;

  @BeforeEach
  void startReceiver() throws Exception {
    rx = Receiver.start();
  }

  @AfterEach
  void stop() {
    if (publisher != null) {
      publisher.close();
    }
    rx.close();
  }

  private WebhookEndpoint.Builder endpoint() {
    return WebhookEndpoint.builder()
        .id("orders")
        .url(rx.url("/hooks"))
        .secret(TestSecrets.ENDPOINT);
  }

  private WebhookPublisher.Builder builder() {
    return builder(endpoint().build());
  }

  private WebhookPublisher.Builder builder(WebhookEndpoint e) {
    return WebhookPublisher.builder()
        .endpoint(e)
        .addressGuard(AddressGuard.builder().allowLoopback().build())
        .clock(clock)
        .alertSink(alerts)
        .retrySchedule(RetrySchedule.defaultSchedule().withJitter(0))
        .timeout(Duration.ofSeconds(5));
  }

  private WebhookPublisher publisher(WebhookPublisher.Builder b) {
    publisher = b.build();
    return publisher;
  }

  private static boolean signedRight(Receiver.Received r) {
    return Signing.standardValid(
        TestSecrets.ENDPOINT,
        r.header("webhook-id"),
        r.header("webhook-timestamp"),
        r.header("webhook-signature"),
        r.body());
  }

  @Test
  void deliversAStandardWebhookWithTheDocumentedPayload() throws Exception {
    WebhookPublisher p = publisher(builder());
    p.onEvent(Events.event("evt_1", "pay_1", 3, PAYMENT_CAPTURED, T0.minusSeconds(2)));

    assertThat(p.dispatchDue()).isEqualTo(1);

    Receiver.Received r = rx.received.get(0);
    assertThat(r.header("webhook-id")).isEqualTo("evt_1");
    assertThat(r.header("webhook-timestamp")).isEqualTo(Long.toString(T0.getEpochSecond()));
    assertThat(r.header("content-type")).startsWith("application/json");
    assertThat(signedRight(r)).as("signature checked independently").isTrue();
    assertThatCode(
            () ->
                WebhookVerifiers.standard(TestSecrets.ENDPOINT)
                    .withClock(clock)
                    .verify(WebhookRequest.of(r.headers(), r.body())))
        .doesNotThrowAnyException();

    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("id").asText()).isEqualTo("evt_1");
    assertThat(body.path("type").asText()).isEqualTo("payment.captured");
    assertThat(body.path("created_at").asText()).isEqualTo(T0.minusSeconds(2).toString());
    JsonNode data = body.path("data");
    assertThat(data.path("payment_id").asText()).isEqualTo("pay_1");
    assertThat(data.path("reference").asText()).isEqualTo("order-pay_1");
    assertThat(data.path("status").asText()).isEqualTo("captured");
    assertThat(data.path("previous_status").asText()).isEqualTo("pending");
    assertThat(data.path("sequence").asLong()).isEqualTo(3);
    assertThat(data.path("amount").path("value").asText()).isEqualTo("12.500");
    assertThat(data.path("amount").path("currency").asText()).isEqualTo("KWD");
    assertThat(data.path("captured").path("value").asText()).isEqualTo("12.500");
    assertThat(data.path("refunded").path("value").asText()).isEqualTo("0.000");
    assertThat(data.path("gateway").asText()).isEqualTo("stripe");
    assertThat(data.path("source").path("brand").asText()).isEqualTo("visa");
    assertThat(data.path("source").path("last4").asText()).isEqualTo("4242");
    assertThat(data.path("metadata").path("order_id").asText()).isEqualTo("1001");
    assertThat(data.path("transaction").path("type").asText()).isEqualTo("capture");
    assertThat(data.path("transaction").path("gateway_reference").asText()).isEqualTo("ch_pay_1");
    assertThat(r.bodyText()).as("no BIN, no card number").doesNotContain("424242");

    OutboxMessage m = p.delivery("orders:evt_1").orElseThrow();
    assertThat(m.status()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(m.lastAttempt()).get().extracting(DeliveryAttempt::httpStatus).isEqualTo(200);
  }

  @Test
  void aRealClientsEventsArriveInSequenceWithoutCardData() throws Exception {
    WebhookPublisher p = publisher(builder());
    try (PaymentClient client =
        PaymentClient.builder()
            .gateway(ScriptedGateway.approving("sim"))
            .listener(p)
            .clock(clock)
            .build()) {
      Payment pay =
          client
              .payments()
              .authorize(
                  PaymentRequest.builder()
                      .amount(Money.of("12.500", "KWD"))
                      .source(PaymentSource.card(TestCards.visa()))
                      .reference("order-7")
                      .build());
      client.payments().capture(pay.id(), Money.of("12.500", "KWD"));
      client.payments().refund(pay.id(), Money.of("1.000", "KWD"));
    }

    p.dispatchDue();

    assertThat(rx.received)
        .hasSizeGreaterThanOrEqualTo(3)
        .allMatch(WebhookPublisherTest::signedRight);
    long last = -1;
    for (Receiver.Received r : rx.received) {
      JsonNode data = JSON.readTree(r.body()).path("data");
      assertThat(data.path("sequence").asLong()).isGreaterThan(last);
      last = data.path("sequence").asLong();
      assertThat(r.bodyText()).doesNotContain(TestCards.VISA).doesNotContain("\"cvc\"");
    }
    assertThat(rx.received)
        .extracting(r -> JSON.readTree(r.body()).path("type").asText())
        .contains("payment.authorized", "payment.captured", "payment.partially_refunded");
  }

  @Test
  void anEndpointGetsOnlyTheTypesItAskedFor() {
    WebhookPublisher p = publisher(builder(endpoint().eventTypes(PAYMENT_CAPTURED).build()));

    p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_AUTHORIZED, T0));
    p.onEvent(Events.event("evt_2", "pay_1", 2, PAYMENT_CAPTURED, T0));
    p.dispatchDue();

    assertThat(rx.received).extracting(r -> r.header("webhook-id")).containsExactly("evt_2");
    assertThat(p.delivery("orders:evt_1")).isEmpty();
  }

  @Test
  void retriesFollowTheScheduleOnTheFakeClockThenDeadLetter() {
    rx.status = r -> 503;
    RetrySchedule schedule = RetrySchedule.defaultSchedule().withJitter(0);
    WebhookPublisher p = publisher(builder().disableAfterDeadLetters(10));
    p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_CAPTURED, T0));

    assertThat(p.dispatchDue()).isEqualTo(1);
    for (Duration wait : schedule.delays()) {
      OutboxMessage m = p.delivery("orders:evt_1").orElseThrow();
      assertThat(m.status()).isEqualTo(DeliveryStatus.PENDING);
      assertThat(m.nextAttemptAt()).isEqualTo(clock.instant().plus(wait));
      clock.advance(wait.minusSeconds(1));
      assertThat(p.dispatchDue()).as("not yet due").isZero();
      clock.advance(Duration.ofSeconds(1));
      assertThat(p.dispatchDue()).isEqualTo(1);
    }

    OutboxMessage dead = p.delivery("orders:evt_1").orElseThrow();
    assertThat(dead.status()).isEqualTo(DeliveryStatus.DEAD_LETTERED);
    assertThat(dead.attempts()).isEqualTo(10);
    assertThat(dead.history()).extracting(DeliveryAttempt::describe).containsOnly("HTTP 503");
    assertThat(p.deadLetters(10)).extracting(OutboxMessage::id).containsExactly("orders:evt_1");
    assertThat(Duration.between(T0, clock.instant()))
        .isEqualTo(schedule.total())
        .isEqualTo(Duration.ofSeconds(81_755));
    assertThat(rx.received).hasSize(10).allMatch(WebhookPublisherTest::signedRight);
    assertThat(rx.received).extracting(r -> r.header("webhook-id")).containsOnly("evt_1");
    assertThat(rx.received)
        .extracting(r -> Long.parseLong(r.header("webhook-timestamp")))
        .isSorted()
        .doesNotHaveDuplicates();
    clock.advance(Duration.ofDays(2));
    assertThat(p.dispatchDue()).isZero();
  }

  @Test
  void jitterKeepsEachWaitWithinItsBand() {
    rx.status = r -> 500;
    WebhookPublisher p =
        publisher(
            builder()
                .retrySchedule(RetrySchedule.defaultSchedule())
                .random(new SplittableRandom(7)));
    for (int i = 0; i < 20; i++) {
      p.onEvent(Events.event("evt_" + i, "pay_" + i, 1, PAYMENT_CAPTURED, T0));
    }
    p.dispatchDue();

    for (int i = 0; i < 20; i++) {
      Duration wait =
          Duration.between(T0, p.delivery("orders:evt_" + i).orElseThrow().nextAttemptAt());
      assertThat(wait).isBetween(Duration.ofMillis(4500), Duration.ofMillis(5500));
    }
  }

  @Test
  void aPaymentsNextEventWaitsForTheOneBefore() {
    AtomicInteger a1 = new AtomicInteger();
    rx.status =
        r -> "evt_a1".equals(r.header("webhook-id")) && a1.getAndIncrement() == 0 ? 500 : 200;
    WebhookPublisher p = publisher(builder());
    p.onEvent(Events.event("evt_a1", "pay_A", 1, PAYMENT_AUTHORIZED, T0));
    p.onEvent(Events.event("evt_a2", "pay_A", 2, PAYMENT_CAPTURED, T0));
    p.onEvent(Events.event("evt_b1", "pay_B", 1, PAYMENT_AUTHORIZED, T0));

    p.dispatchDue();
    assertThat(rx.received)
        .extracting(r -> r.header("webhook-id"))
        .containsExactlyInAnyOrder("evt_a1", "evt_b1");
    assertThat(p.delivery("orders:evt_a2").orElseThrow().attempts()).isZero();

    clock.advance(Duration.ofSeconds(5));
    p.dispatchDue();
    assertThat(rx.received.subList(2, 4))
        .extracting(r -> r.header("webhook-id"))
        .containsExactly("evt_a1", "evt_a2");
  }

  @Test
  void redeliverAndReplaySendAgainWithTheSameIds() {
    WebhookPublisher p = publisher(builder());
    p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_CAPTURED, T0));
    p.onEvent(Events.event("evt_2", "pay_2", 1, PAYMENT_CAPTURED, T0.plusSeconds(1)));
    p.onEvent(Events.event("evt_3", "pay_3", 1, PAYMENT_CAPTURED, T0.plusSeconds(5)));
    p.dispatchDue();
    assertThat(rx.received).hasSize(3);

    assertThat(p.redeliver("orders:evt_2")).isTrue();
    assertThat(p.redeliver("orders:evt_9")).isFalse();
    p.dispatchDue();
    assertThat(rx.received).hasSize(4);
    assertThat(rx.received.get(3).header("webhook-id")).isEqualTo("evt_2");

    assertThat(p.replay(T0, T0.plusSeconds(2))).isEqualTo(2);
    p.dispatchDue();
    assertThat(rx.received.subList(4, 6))
        .extracting(r -> r.header("webhook-id"))
        .containsExactlyInAnyOrder("evt_1", "evt_2");
    assertThat(p.replay(T0, T0.plusSeconds(10), "other")).isZero();
  }

  @Test
  void anEndpointThatKeepsFailingIsDisabledWithAnAlertAndResumesWhenEnabled() {
    rx.status = r -> 503;
    WebhookPublisher p =
        publisher(
            builder()
                .retrySchedule(RetrySchedule.of(Duration.ofSeconds(1)))
                .disableAfterDeadLetters(2));
    p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_CAPTURED, T0));
    p.onEvent(Events.event("evt_2", "pay_2", 1, PAYMENT_CAPTURED, T0));
    p.dispatchDue();
    clock.advance(Duration.ofSeconds(1));
    p.dispatchDue();

    EndpointHealth h = p.endpointHealth("orders");
    assertThat(h.enabled()).isFalse();
    assertThat(h.consecutiveDeadLetters()).isEqualTo(2);
    assertThat(h.disabledReason()).contains("2 consecutive dead letters");
    assertThat(alerts.of(Alert.Type.ENDPOINT_DISABLED))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.subject()).isEqualTo("orders");
              assertThat(a.severity()).isEqualTo(Alert.Severity.CRITICAL);
              assertThat(a.attributes())
                  .containsEntry("last_failure", "HTTP 503")
                  .containsEntry("host", "127.0.0.1");
            });

    p.onEvent(Events.event("evt_3", "pay_3", 1, PAYMENT_CAPTURED, T0));
    clock.advance(Duration.ofMinutes(1));
    assertThat(p.dispatchDue()).as("nothing goes to a disabled endpoint").isZero();
    assertThat(p.delivery("orders:evt_3").orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);

    rx.status = r -> 200;
    p.enableEndpoint("orders");
    assertThat(p.dispatchDue()).isEqualTo(1);
    assertThat(p.redeliver("orders:evt_1")).isTrue();
    assertThat(p.redeliver("orders:evt_2")).isTrue();
    p.dispatchDue();
    assertThat(p.deadLetters(10)).isEmpty();
    assertThat(p.endpointHealth("orders").lastSuccessAt()).isEqualTo(clock.instant());
  }

  @Test
  void anEndpointFailingForTooLongIsDisabled() {
    rx.status = r -> 500;
    WebhookPublisher p = publisher(builder().disableAfterFailingFor(Duration.ofHours(1)));
    p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_CAPTURED, T0));
    p.dispatchDue();
    for (int i = 0; i < 100 && p.endpointHealth("orders").enabled(); i++) {
      clock.advance(Duration.ofMinutes(5));
      p.dispatchDue();
    }

    EndpointHealth h = p.endpointHealth("orders");
    assertThat(h.enabled()).isFalse();
    assertThat(h.failingSince()).isEqualTo(T0);
    assertThat(h.disabledReason()).startsWith("failing without a success since");
    assertThat(Duration.between(T0, clock.instant())).isGreaterThanOrEqualTo(Duration.ofHours(1));
  }

  @Test
  void onlyTheStartOfALongAnswerIsRead() {
    rx.status = r -> 500;
    rx.responseBody = "x".repeat(1_000_000).getBytes();
    WebhookPublisher p = publisher(builder().maxResponseBytes(64));
    p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_CAPTURED, T0));
    p.dispatchDue();

    DeliveryAttempt a = p.delivery("orders:evt_1").orElseThrow().lastAttempt().orElseThrow();
    assertThat(a.httpStatus()).isEqualTo(500);
    assertThat(a.responseSnippet()).hasSize(64);
  }

  @Test
  void aReceiverThatHangsTimesOutAndIsRetried() {
    rx.gate = new CountDownLatch(1);
    WebhookPublisher p =
        publisher(builder().timeout(Duration.ofMillis(300)).lease(Duration.ofSeconds(30)));
    p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_CAPTURED, T0));
    p.dispatchDue();
    rx.gate.countDown();

    OutboxMessage m = p.delivery("orders:evt_1").orElseThrow();
    assertThat(m.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(m.lastAttempt().orElseThrow().error()).contains("timed out");
    assertThat(m.lastAttempt().orElseThrow().httpStatus()).isZero();
    assertThat(m.nextAttemptAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void backgroundDispatchDeliversWithoutBeingAsked() {
    WebhookPublisher p = publisher(builder().pollInterval(Duration.ofMillis(50))).start();
    for (int i = 0; i < 5; i++) {
      p.onEvent(Events.event("evt_" + i, "pay_" + i, 1, PAYMENT_CAPTURED, T0));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> rx.received.size() == 5);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> p.delivery("orders:evt_4").orElseThrow().status() == DeliveryStatus.DELIVERED);
    p.close();
    assertThatThrownBy(() -> p.onEvent(Events.event("evt_9", "pay_9", 1, PAYMENT_CAPTURED, T0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void concurrencyIsBoundedPerEndpointAndAPaymentIsOneAtATime() {
    rx.gate = new CountDownLatch(1);
    WebhookPublisher p =
        publisher(
                builder(endpoint().maxConcurrency(2).build())
                    .pollInterval(Duration.ofMillis(20))
                    .deliveryThreads(8))
            .start();
    for (int i = 0; i < 6; i++) {
      p.onEvent(Events.event("evt_" + i, "pay_" + i, 1, PAYMENT_CAPTURED, T0));
    }
    for (int s = 1; s <= 4; s++) {
      p.onEvent(Events.event("evt_z" + s, "pay_z", s, PAYMENT_CAPTURED, T0));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> rx.inFlight.get() == 2);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> rx.received.size() == 2);
    rx.gate.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> rx.received.size() == 10);

    assertThat(rx.maxInFlight.get()).isEqualTo(2);
    assertThat(rx.received)
        .extracting(r -> r.header("webhook-id"))
        .filteredOn(id -> id.startsWith("evt_z"))
        .containsExactly("evt_z1", "evt_z2", "evt_z3", "evt_z4");
  }

  @Nested
  class Addresses {
    private final AtomicInteger lookups = new AtomicInteger();

    private WebhookPublisher withResolver(AddressGuard.Resolver resolver, String url) {
      return publisher(
          WebhookPublisher.builder()
              .endpoint(
                  WebhookEndpoint.builder()
                      .id("orders")
                      .url(url)
                      .secret(TestSecrets.ENDPOINT)
                      .build())
              .addressGuard(
                  AddressGuard.builder()
                      .allowLoopback()
                      .resolver(
                          host -> {
                            lookups.incrementAndGet();
                            return resolver.resolve(host);
                          })
                      .build())
              .clock(clock));
    }

    private String lastError(WebhookPublisher p) {
      return p.delivery("orders:evt_1").orElseThrow().lastAttempt().orElseThrow().error();
    }

    @Test
    void theDefaultGuardRefusesLoopbackWithoutConnecting() {
      WebhookPublisher p =
          publisher(WebhookPublisher.builder().endpoint(endpoint().build()).clock(clock));
      p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_CAPTURED, T0));
      p.dispatchDue();

      assertThat(lastError(p)).contains("refused by the address guard").contains("127.0.0.1");
      assertThat(rx.received).isEmpty();
    }

    @Test
    void anIpLiteralInDisguiseIsStillRefused() {
      WebhookPublisher p =
          publisher(
              WebhookPublisher.builder()
                  .endpoint(endpoint().url("http://2130706433:" + rx.port() + "/hooks").build())
                  .clock(clock));
      p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_CAPTURED, T0));
      p.dispatchDue();

      assertThat(lastError(p)).contains("refused by the address guard");
      assertThat(rx.received).isEmpty();
    }

    @Test
    void theHostIsResolvedOnceAndTheCheckedAddressIsTheOneConnectedTo() throws Exception {
      InetAddress lo = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
      WebhookPublisher p =
          withResolver(host -> List.of(lo), "http://localhost:" + rx.port() + "/hooks");
      p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_CAPTURED, T0));
      p.dispatchDue();

      assertThat(rx.received).hasSize(1);
      assertThat(lookups).hasValue(1);
    }

    @Test
    void theConnectionGoesWhereTheGuardSaidNotWhereTheSystemWould() throws Exception {
      // 127.0.0.2 is loopback, allowed, but nothing listens there: proof the answer was used.
      InetAddress other = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 2});
      WebhookPublisher p =
          withResolver(host -> List.of(other), "http://localhost:" + rx.port() + "/hooks");
      p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_CAPTURED, T0));
      p.dispatchDue();

      assertThat(rx.received).isEmpty();
      assertThat(lastError(p)).contains("connection failed");
    }

    @Test
    void anAnswerWithAnyPrivateAddressIsRefusedWhole() throws Exception {
      InetAddress lo = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
      InetAddress internal = InetAddress.getByAddress("localhost", new byte[] {10, 0, 0, 5});
      WebhookPublisher p =
          withResolver(host -> List.of(lo, internal), "http://localhost:" + rx.port() + "/hooks");
      p.onEvent(Events.event("evt_1", "pay_1", 1, PAYMENT_CAPTURED, T0));
      p.dispatchDue();

      assertThat(rx.received).isEmpty();
      assertThat(lastError(p)).contains("refused by the address guard").contains("10.0.0.5");
    }
  }

  @Test
  void buildersNameWhatIsWrong() {
    assertThatThrownBy(() -> WebhookPublisher.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("endpoint:");
    assertThatThrownBy(
            () ->
                WebhookPublisher.builder()
                    .endpoint(endpoint().build())
                    .endpoint(endpoint().build())
                    .build())
        .hasMessageContaining("used twice");
    assertThatThrownBy(
            () ->
                WebhookPublisher.builder()
                    .endpoint(endpoint().build())
                    .timeout(Duration.ofMinutes(2))
                    .lease(Duration.ofMinutes(1))
                    .build())
        .hasMessageStartingWith("lease:");
    assertThatThrownBy(() -> endpoint().url("http://hooks.example.com/x").build())
        .hasMessageStartingWith("url: must be https");
    assertThatThrownBy(() -> endpoint().secret("whsec_###").build())
        .hasMessageStartingWith("secret:")
        .hasMessageNotContaining("###");
    assertThatThrownBy(() -> endpoint().id("has space").build()).hasMessageStartingWith("id:");
    assertThat(endpoint().build().toString())
        .doesNotContain(TestSecrets.ENDPOINT)
        .contains("127.0.0.1");
    assertThat(
            endpoint().eventTypes(PAYMENT_REFUNDED).build().toBuilder()
                .build()
                .accepts(PAYMENT_CAPTURED))
        .isFalse();
  }
}
