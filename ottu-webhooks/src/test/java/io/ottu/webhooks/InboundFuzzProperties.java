package io.ottu.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.Money;
import io.ottu.Payment;
import io.ottu.PaymentClient;
import io.ottu.PaymentRequest;
import io.ottu.PaymentSource;
import io.ottu.gateway.GatewayResult;
import io.ottu.testing.ScriptedGateway;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input: arbitrary headers and bodies, many of them shaped like each gateway's webhook and
 * naming a real payment, get a clear refusal and change no payment; verifiers throw nothing but
 * {@link WebhookVerificationException}; correctly signed junk is acknowledged or refused as
 * malformed, never an unexpected exception.
 */
class InboundFuzzProperties {
  private static final Set<String> HEADER_NAMES =
      Set.of(
          "Stripe-Signature",
          "stripe-signature",
          "Cko-Signature",
          "hashstring",
          "X-Notification-Secret",
          "X-Notification-Id",
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature",
          "PAYPAL-AUTH-ALGO",
          "PAYPAL-CERT-URL",
          "PAYPAL-TRANSMISSION-ID",
          "PAYPAL-TRANSMISSION-SIG",
          "PAYPAL-TRANSMISSION-TIME",
          "Content-Type");

  private static PaymentClient client;
  private static Payment payment;
  private static InboundWebhooks inbound;
  private static FakeNotifications fake;
  private static InboundWebhooks signedInbound;

  @BeforeContainer
  static void start() {
    ScriptedGateway gateway =
        ScriptedGateway.approving("stripe").onAuthorize(r -> GatewayResult.pending("pi_fuzz"));
    client = PaymentClient.builder().gateway(gateway).build();
    payment =
        client
            .payments()
            .authorize(
                PaymentRequest.builder()
                    .amount(Money.of("12.500", "KWD"))
                    .source(PaymentSource.gatewayToken("tok_visa"))
                    .reference("order-fuzz")
                    .build());
    InboundWebhooks.Builder b =
        InboundWebhooks.builder().notifications(client.notifications()).maxBodyBytes(8192);
    gateways(b);
    inbound = b.build();
    fake = new FakeNotifications();
    signedInbound =
        InboundWebhooks.builder()
            .notifications(fake)
            .gateway(
                "stripe",
                WebhookVerifiers.stripe(TestSecrets.STRIPE)
                    .withTolerance(java.time.Duration.ofDays(36500)),
                NotificationFormats.stripe())
            .gateway(
                "cko",
                WebhookVerifiers.checkoutCom(TestSecrets.CHECKOUT),
                NotificationFormats.checkoutCom())
            .build();
  }

  private static void gateways(InboundWebhooks.Builder b) {
    b.gateway("stripe", WebhookVerifiers.stripe(TestSecrets.STRIPE), NotificationFormats.stripe())
        .gateway(
            "adyen", WebhookVerifiers.adyen(TestSecrets.ADYEN_HEX), NotificationFormats.adyen())
        .gateway(
            "cko",
            WebhookVerifiers.checkoutCom(TestSecrets.CHECKOUT),
            NotificationFormats.checkoutCom())
        .gateway("tap", WebhookVerifiers.tap(TestSecrets.TAP), NotificationFormats.tap())
        .gateway("mpgs", WebhookVerifiers.mpgs(TestSecrets.MPGS), NotificationFormats.mpgs())
        .gateway(
            "paypal",
            WebhookVerifiers.paypal()
                .baseUrl("http://127.0.0.1:9")
                .webhookId("WH-1")
                .accessTokens(() -> "token")
                .timeout(java.time.Duration.ofSeconds(2))
                .build(),
            NotificationFormats.paypal());
  }

  @AfterContainer
  static void stop() {
    client.close();
  }

  @Property(tries = 400)
  void arbitraryRequestsAreRefusedClearlyAndChangeNoPayment(
      @ForAll("gateway") String gateway,
      @ForAll("headers") Map<String, List<String>> headers,
      @ForAll("body") byte[] body) {
    InboundResult r = inbound.handle(gateway, WebhookRequest.of(headers, body));

    assertThat(r.status())
        .isIn(
            InboundResult.Status.UNVERIFIED,
            InboundResult.Status.TOO_LARGE,
            InboundResult.Status.VERIFIER_UNAVAILABLE);
    assertThat(r.httpStatus()).isIn(401, 413, 503);
    assertThat(r.detail()).isNotBlank();
    for (String secret : TestSecrets.ALL) {
      assertThat(r.detail()).doesNotContain(secret);
    }
    Payment now = client.payments().get(payment.id()).orElseThrow();
    assertThat(now.version()).isEqualTo(payment.version());
    assertThat(now.status()).isEqualTo(payment.status());
  }

  @Property(tries = 400)
  void verifiersThrowOnlyTheirOwnException(
      @ForAll("verifier") WebhookVerifier verifier,
      @ForAll("headers") Map<String, List<String>> headers,
      @ForAll("body") byte[] body) {
    try {
      verifier.verify(WebhookRequest.of(headers, body));
      throw new AssertionError("a fuzzed request was verified by " + verifier);
    } catch (WebhookVerificationException e) {
      assertThat(e.getMessage())
          .startsWith(e.scheme() + ": ")
          .hasSizeGreaterThan(e.scheme().length() + 5);
      assertThat(e.reason()).isNotNull();
    }
  }

  @Property(tries = 400)
  void correctlySignedJunkIsAcknowledgedOrRefusedAsMalformed(
      @ForAll("signedGateway") String gateway, @ForAll("body") byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    byte[] exact = text.getBytes(StandardCharsets.UTF_8);
    WebhookRequest r =
        gateway.equals("stripe")
            ? WebhookRequest.of(
                Signing.headers(
                    "Stripe-Signature",
                    Signing.stripeHeader(
                        TestSecrets.STRIPE, Clock.systemUTC().instant().getEpochSecond(), text)),
                exact)
            : WebhookRequest.of(
                Signing.headers("Cko-Signature", Signing.hexHmac(TestSecrets.CHECKOUT, text)),
                exact);

    InboundResult result = signedInbound.handle(gateway, r);

    assertThat(result.status())
        .isIn(InboundResult.Status.PROCESSED, InboundResult.Status.MALFORMED);
    if (result.status() == InboundResult.Status.MALFORMED) {
      assertThat(result.httpStatus()).isEqualTo(400);
      // Every refusal comes from the parser's own checks, naming the field: none is an accident.
      assertThat(result.detail()).isNotBlank().doesNotContain("could not be read");
    }
  }

  @Provide
  Arbitrary<String> gateway() {
    return Arbitraries.of("stripe", "adyen", "cko", "tap", "mpgs", "paypal");
  }

  @Provide
  Arbitrary<String> signedGateway() {
    return Arbitraries.of("stripe", "cko");
  }

  @Provide
  Arbitrary<WebhookVerifier> verifier() {
    return Arbitraries.of(
        WebhookVerifiers.stripe(TestSecrets.STRIPE),
        WebhookVerifiers.standard(TestSecrets.ENDPOINT),
        WebhookVerifiers.adyen(TestSecrets.ADYEN_HEX),
        WebhookVerifiers.checkoutCom(TestSecrets.CHECKOUT),
        WebhookVerifiers.tap(TestSecrets.TAP),
        WebhookVerifiers.mpgs(TestSecrets.MPGS));
  }

  @Provide
  Arbitrary<Map<String, List<String>>> headers() {
    Arbitrary<String> names =
        Arbitraries.oneOf(
            Arbitraries.of(HEADER_NAMES),
            Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(24));
    Arbitrary<String> values =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(120),
            Arbitraries.strings().withChars("0123456789abcdefv1t=, ").ofMaxLength(300),
            Arbitraries.strings().withChars("0123456789abcdef").ofLength(64),
            Arbitraries.longs().map(l -> "t=" + l + ",v1=" + "ab".repeat(32)),
            Arbitraries.strings().withChars("v1,ABCDEFabcdef0123456789+/= ").ofMaxLength(200),
            Arbitraries.longs().map(l -> Long.toString(l)),
            Arbitraries.just(""));
    return Arbitraries.maps(names, values.list().ofMaxSize(3)).ofMaxSize(8);
  }

  @Provide
  Arbitrary<byte[]> body() {
    Arbitrary<String> amount =
        Arbitraries.oneOf(
            Arbitraries.longs().map(l -> Long.toString(l)),
            Arbitraries.bigDecimals().map(d -> d.toPlainString()),
            Arbitraries.of("12500", "12.500", "1e400", "-1", "null", "\"12.5\"", "[]", "{}"));
    Arbitrary<String> currency = Arbitraries.of("kwd", "KWD", "usd", "XXX", "", "jpy", "\u0000");
    Arbitrary<String> type =
        Arbitraries.of(
            "payment_intent.succeeded",
            "payment_intent.amount_capturable_updated",
            "charge.refunded",
            "payment_captured",
            "AUTHORISATION",
            "CAPTURED",
            "PAYMENT.CAPTURE.COMPLETED",
            "x");
    Arbitrary<String> shaped =
        Combinators.combine(type, amount, currency, Arbitraries.of(0, 1, 2, 3, 4, 5))
            .as((t, a, c, shape) -> shaped(shape, t, a, c));
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(512),
        Arbitraries.strings().ofMaxLength(400).map(s -> s.getBytes(StandardCharsets.UTF_8)),
        shaped.map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.just("[".repeat(5000).getBytes(StandardCharsets.UTF_8)),
        Arbitraries.just(new byte[9000]));
  }

  private static String shaped(int shape, String type, String amount, String currency) {
    String id = payment.id();
    return switch (shape) {
      case 0 ->
          "{\"id\":\"evt_f\",\"type\":\""
              + type
              + "\",\"data\":{\"object\":{\"id\":\"pi_fuzz\","
              + "\"amount_received\":"
              + amount
              + ",\"amount_capturable\":"
              + amount
              + ",\"currency\":\""
              + currency
              + "\",\"metadata\":{\"ottu_payment_id\":\""
              + id
              + "\"}}}}";
      case 1 ->
          "{\"notificationItems\":[{\"NotificationRequestItem\":{\"pspReference\":\"pi_fuzz\","
              + "\"eventCode\":\""
              + type
              + "\",\"success\":\"true\",\"amount\":{\"value\":"
              + amount
              + ",\"currency\":\""
              + currency
              + "\"},\"additionalData\":{\"hmacSignature\":\"AAAA\"}}}]}";
      case 2 ->
          "{\"id\":\"evt_c\",\"type\":\""
              + type
              + "\",\"data\":{\"id\":\"pi_fuzz\",\"amount\":"
              + amount
              + ",\"currency\":\""
              + currency
              + "\",\"metadata\":{\"ottu_payment_id\":\""
              + id
              + "\"}}}";
      case 3 ->
          "{\"id\":\"pi_fuzz\",\"status\":\""
              + type
              + "\",\"amount\":"
              + amount
              + ",\"currency\":\""
              + currency
              + "\",\"metadata\":{\"ottu_payment_id\":\""
              + id
              + "\"}}";
      case 4 ->
          "{\"order\":{\"id\":\""
              + id
              + "\"},\"transaction\":{\"id\":\"t\",\"type\":\"PAYMENT\",\"amount\":"
              + amount
              + ",\"currency\":\""
              + currency
              + "\"},\"result\":\"SUCCESS\"}";
      default ->
          "{\"id\":\"WH-1\",\"event_type\":\""
              + type
              + "\",\"resource\":{\"id\":\"c\",\"custom_id\":\""
              + id
              + "\",\"amount\":{\"value\":"
              + amount
              + ",\"currency_code\":\""
              + currency
              + "\"}}}";
    };
  }
}
