package io.ottu.gateways.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ottu.DeclineReason;
import io.ottu.InvalidRequestException;
import io.ottu.Money;
import io.ottu.NextAction;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.DeclineAction;
import io.ottu.gateway.DeclineRule;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.GatewaySource;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import io.ottu.gateways.RedactingLoggingInterceptor;
import io.ottu.testing.TestCards;
import io.ottu.testkit.KitWireMock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link StripeGateway} against WireMock stubs shaped like Stripe's documented objects, matching
 * what the adapter sends: headers, form fields in bracket notation, encoding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StripeGatewayTest {
  private static final String KEY = StripeFixtures.SECRET_KEY;
  private static final String PI = "pi_3PkTz2LkdIwHu7ix1aB2c3D4";
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  // Started before the class and stopped after it; reset by each class's own @BeforeEach.
  @RegisterExtension
  static final WireMockExtension wireMock =
      WireMockExtension.newInstance().options(KitWireMock.options()).resetOnEachTest(false).build();

  private StripeGateway stripe;

  @BeforeEach
  void reset() {
    wireMock.resetAll();
    stripe = builder().build();
  }

  private StripeGateway.Builder builder() {
    return StripeGateway.builder()
        .secretKey(KEY)
        .baseUrl("http://127.0.0.1:" + wireMock.getPort())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .logging(RedactingLoggingInterceptor.builder().headers(true).bodies(true).build());
  }

  private static AuthorizeRequest request(Money amount, boolean capture) {
    return request(amount, capture, GatewaySource.card(TestCards.visa()), ThreeDSecure.AUTOMATIC);
  }

  private static AuthorizeRequest request(
      Money amount, boolean capture, GatewaySource source, ThreeDSecure threeDs) {
    return new AuthorizeRequest(
        "pay_01HZX3",
        "order-1001",
        amount,
        source,
        capture,
        "pay_01HZX3:authorize:stripe:1",
        1,
        threeDs,
        "https://shop.example/return?order=1001",
        null,
        "Order 1001",
        Map.of("channel", "web"));
  }

  private static MappingBuilder createPaymentIntent() {
    return post(urlPathEqualTo("/v1/payment_intents"))
        .withHeader("Authorization", equalTo("Bearer " + KEY))
        .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
        .withHeader("Idempotency-Key", equalTo("pay_01HZX3:authorize:stripe:1"));
  }

  // ---- authorize and purchase -----------------------------------------------------------------

  @Test
  void authorizeConfirmsAManualCapturePaymentIntentWithTheCardInBracketNotation() {
    AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
    wireMock.stubFor(
        createPaymentIntent()
            .withRequestBody(
                containing(
                    "amount=1250&currency=usd&confirm=true&capture_method=manual"
                        + "&payment_method_types[]=card&payment_method_data[type]=card"
                        + "&payment_method_data[card][number]=4242424242424242"
                        + "&payment_method_data[card][exp_month]=12"
                        + "&payment_method_data[card][exp_year]=2034"
                        + "&payment_method_data[card][cvc]=123"))
            .withRequestBody(
                containing("return_url=https%3A%2F%2Fshop.example%2Freturn%3Forder%3D1001"))
            .withRequestBody(containing("description=Order+1001"))
            .withRequestBody(containing("metadata[channel]=web"))
            .withRequestBody(containing("metadata[ottu_payment_id]=pay_01HZX3"))
            .withRequestBody(containing("metadata[order_id]=order-1001"))
            .withRequestBody(
                containing("metadata[ottu_idempotency_key]=pay_01HZX3%3Aauthorize%3Astripe%3A1"))
            .withRequestBody(notContaining("request_three_d_secure"))
            .willReturn(
                StripeFixtures.json(
                    200,
                    StripeFixtures.paymentIntentFor(request, PI, "requires_capture").toString())));

    GatewayResult result = stripe.authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(result.gatewayReference()).contains(PI);
    assertThat(result.amount()).contains(Money.of("12.50", "USD"));
    assertThat(result.rawStatus()).contains("requires_capture");
    assertThat(result.transactionReference()).contains("ch_3PkTz2LkdIwHu7ix0Kf1R8sQ");
    wireMock.verify(
        postRequestedFor(urlPathEqualTo("/v1/payment_intents"))
            .withHeader("Stripe-Version", absent()));
  }

  @Test
  void purchaseCapturesAutomatically() {
    AuthorizeRequest request = request(Money.of("12.50", "USD"), true);
    wireMock.stubFor(
        createPaymentIntent()
            .withRequestBody(containing("capture_method=automatic"))
            .willReturn(
                StripeFixtures.json(
                    200, StripeFixtures.paymentIntentFor(request, PI, "succeeded").toString())));

    GatewayResult result = stripe.authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(result.amount()).contains(Money.of("12.50", "USD"));
  }

  @Test
  void aGatewayTokenGoesAsThePaymentMethodAndThreeDsCanBeRequired() {
    AuthorizeRequest request =
        request(
            Money.of("20.00", "EUR"),
            false,
            GatewaySource.gatewayToken("pm_card_visa"),
            ThreeDSecure.REQUIRED);
    wireMock.stubFor(
        createPaymentIntent()
            .withRequestBody(containing("&payment_method=pm_card_visa&"))
            .withRequestBody(notContaining("payment_method_data"))
            .withRequestBody(containing("payment_method_options[card][request_three_d_secure]=any"))
            .willReturn(
                StripeFixtures.json(200, StripeFixtures.requiresAction(request, PI).toString())));

    GatewayResult result = stripe.authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
    assertThat(result.nextAction().orElseThrow().type()).isEqualTo(NextAction.Type.REDIRECT);
    assertThat(result.nextAction().orElseThrow().url())
        .startsWith("https://hooks.stripe.com/3d_secure_2/hosted?");
  }

  @Test
  void withoutAReturnUrlThreeDsIsLeftToStripeJs() {
    AuthorizeRequest request = request(Money.of("20.00", "EUR"), false);
    ObjectNode pi = StripeFixtures.paymentIntentFor(request, PI, "requires_action");
    pi.putObject("next_action").put("type", "use_stripe_sdk").putObject("use_stripe_sdk");
    wireMock.stubFor(createPaymentIntent().willReturn(StripeFixtures.json(200, pi.toString())));

    NextAction action = stripe.authorize(request).nextAction().orElseThrow();

    assertThat(action.type()).isEqualTo(NextAction.Type.THREE_DS_SDK);
    assertThat(action.parameters())
        .containsEntry("payment_intent", PI)
        .containsEntry("client_secret", PI + "_secret_Z3dzGfhGn0Kx3lJ1bT4oL9Wk");
  }

  @Test
  void stripeVersionIsPinnedWhenConfigured() {
    AuthorizeRequest request = request(Money.of("1.00", "USD"), false);
    wireMock.stubFor(
        createPaymentIntent()
            .withHeader("Stripe-Version", equalTo("2025-04-30.basil"))
            .willReturn(
                StripeFixtures.json(
                    200,
                    StripeFixtures.paymentIntentFor(request, PI, "requires_capture").toString())));

    GatewayResult result = builder().stripeVersion("2025-04-30.basil").build().authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
  }

  // ---- amounts --------------------------------------------------------------------------------

  @Test
  void aKwdAmountWhoseLastDigitIsNotZeroIsRejectedBeforeSending() {
    AuthorizeRequest request = request(Money.of("12.345", "KWD"), false);

    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> stripe.authorize(request));

    assertThat(e.field()).isEqualTo("amount");
    assertThat(e.getMessage())
        .contains("Stripe")
        .contains("last digit")
        .contains("12.340")
        .contains("12.350");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aKwdAmountEndingInZeroIsSentInFils() {
    AuthorizeRequest request = request(Money.of("12.340", "KWD"), false);
    wireMock.stubFor(
        createPaymentIntent()
            .withRequestBody(containing("amount=12340&currency=kwd&"))
            .willReturn(
                StripeFixtures.json(
                    200,
                    StripeFixtures.paymentIntentFor(request, PI, "requires_capture").toString())));

    assertThat(stripe.authorize(request).amount()).contains(Money.of("12.340", "KWD"));
  }

  @Test
  void zeroDecimalCurrenciesAreSentUnmultiplied() {
    AuthorizeRequest request = request(Money.of("1500", "JPY"), false);
    wireMock.stubFor(
        createPaymentIntent()
            .withRequestBody(containing("amount=1500&currency=jpy&"))
            .willReturn(
                StripeFixtures.json(
                    200,
                    StripeFixtures.paymentIntentFor(request, PI, "requires_capture").toString())));

    assertThat(stripe.authorize(request).amount()).contains(Money.of("1500", "JPY"));
  }

  @Test
  void iskTravelsWithTwoDecimalsAndWholeKronurOnly() {
    assertThat(StripeGateway.AMOUNTS.toMinorUnits(Money.of("5", "ISK"))).isEqualTo(500);
    assertThat(StripeGateway.AMOUNTS.fromMinorUnits(500, "isk")).isEqualTo(Money.of("5", "ISK"));
    assertThat(StripeGateway.AMOUNTS.toMinorUnits(Money.of("1234", "MGA"))).isEqualTo(1234);
    assertThatThrownBy(() -> StripeGateway.AMOUNTS.toMinorUnits(Money.of("12.50", "MGA")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("amount");
  }

  @Test
  void anAnswerInACurrencyTheAdapterCannotReadIsAnUnknownOutcome() {
    AuthorizeRequest request = request(Money.of("1.00", "USD"), false);
    ObjectNode pi = StripeFixtures.paymentIntentFor(request, PI, "requires_capture");
    pi.put("currency", "zzz");
    wireMock.stubFor(createPaymentIntent().willReturn(StripeFixtures.json(200, pi.toString())));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> stripe.authorize(request));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.requestId()).contains("req_8Jd2kQ1xYzAbCd");
  }

  // ---- declines -------------------------------------------------------------------------------

  @Test
  void insufficientFundsIsAHardDeclineOnThePaymentIntentStripeCreated() {
    AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.cardError(
                    request,
                    "card_declined",
                    "insufficient_funds",
                    "Your card has insufficient funds.")));

    GatewayResult result = stripe.authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.gatewayReference()).contains("pi_3PkTz2LkdIwHu7ix1DeCl1nE");
    assertThat(result.decline().orElseThrow())
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
              assertThat(d.rawCode()).isEqualTo("insufficient_funds");
              assertThat(d.soft()).isFalse();
              assertThat(d.action()).isEqualTo(DeclineAction.STOP);
              assertThat(d.gatewayId()).isEqualTo("stripe");
              assertThat(d.message()).isEqualTo("Your card has insufficient funds.");
            });
  }

  @Test
  void authenticationRequiredStepsUpToThreeDSecure() {
    AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.cardError(
                    request,
                    "authentication_required",
                    "authentication_required",
                    "Your card was declined. This transaction requires authentication.")));

    var decline = stripe.authorize(request).decline().orElseThrow();

    assertThat(decline.reason()).isEqualTo(DeclineReason.AUTHENTICATION_REQUIRED);
    assertThat(decline.soft()).isTrue();
    assertThat(decline.action()).isEqualTo(DeclineAction.STEP_UP_3DS);
  }

  @Test
  void doNotHonorCascadesAndACardErrorWithoutDeclineCodeUsesItsCode() {
    AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.cardError(
                    request, "card_declined", "do_not_honor", "Your card was declined.")));
    var decline = stripe.authorize(request).decline().orElseThrow();
    assertThat(decline.soft()).isTrue();
    assertThat(decline.action()).isEqualTo(DeclineAction.CASCADE);

    wireMock.resetAll();
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.cardError(
                    request, "incorrect_cvc", null, "Your card's security code is incorrect.")));
    decline = stripe.authorize(request).decline().orElseThrow();
    assertThat(decline.reason()).isEqualTo(DeclineReason.INCORRECT_CVC);
    assertThat(decline.soft()).isFalse();
  }

  @Test
  void unknownDeclineCodesAreHardAndHostsCanOverrideRows() {
    AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.cardError(
                    request, "card_declined", "brand_new_code", "Your card was declined.")));
    var decline = stripe.authorize(request).decline().orElseThrow();
    assertThat(decline.reason()).isEqualTo(DeclineReason.OTHER);
    assertThat(decline.soft()).isFalse();

    StripeGateway custom =
        builder()
            .declineTable(
                StripeGateway.defaultDeclineTable()
                    .withOverride("brand_new_code", DeclineRule.soft(DeclineReason.DO_NOT_HONOR)))
            .build();
    decline = custom.authorize(request).decline().orElseThrow();
    assertThat(decline.reason()).isEqualTo(DeclineReason.DO_NOT_HONOR);
    assertThat(decline.soft()).isTrue();
  }

  // ---- 3-D Secure completion
  // ----------------------------------------------------------------------

  @Test
  void completeActionReadsThePaymentIntentAfterTheRedirect() {
    AuthorizeRequest request = request(Money.of("12.50", "USD"), true);
    wireMock.stubFor(
        get(urlPathEqualTo("/v1/payment_intents/" + PI))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .willReturn(
                StripeFixtures.json(
                    200, StripeFixtures.paymentIntentFor(request, PI, "succeeded").toString())));

    GatewayResult result =
        stripe.completeAction(
            complete(
                PI,
                Map.of(
                    "payment_intent",
                    PI,
                    "payment_intent_client_secret",
                    PI + "_secret_x",
                    "redirect_status",
                    "succeeded")));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(result.amount()).contains(Money.of("12.50", "USD"));
  }

  @Test
  void aFailedChallengeIsAHardDecline() {
    AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
    ObjectNode pi = StripeFixtures.paymentIntentFor(request, PI, "requires_payment_method");
    ObjectNode error = pi.putObject("last_payment_error");
    error.put("code", "payment_intent_authentication_failure");
    error.put(
        "message",
        "The provided PaymentMethod has failed authentication. You can provide payment_method_data"
            + " or a new PaymentMethod to attempt to fulfill this PaymentIntent again.");
    error.put("type", "invalid_request_error");
    wireMock.stubFor(
        get(urlPathEqualTo("/v1/payment_intents/" + PI))
            .willReturn(StripeFixtures.json(200, pi.toString())));

    GatewayResult result = stripe.completeAction(complete(null, Map.of("payment_intent", PI)));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.decline().orElseThrow().reason())
        .isEqualTo(DeclineReason.AUTHENTICATION_FAILED);
  }

  @Test
  void aReturnNamingAnotherPaymentIntentIsRefusedWithoutACall() {
    assertThatThrownBy(
            () -> stripe.completeAction(complete(PI, Map.of("payment_intent", "pi_someone_else"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("parameters.payment_intent");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aPaymentIntentOfAnotherPaymentIsRefused() {
    AuthorizeRequest other =
        new AuthorizeRequest(
            "pay_OTHER",
            "order-9",
            Money.of("1.00", "USD"),
            GatewaySource.gatewayToken("pm_card_visa"),
            true,
            "k",
            1,
            ThreeDSecure.AUTOMATIC,
            null,
            null,
            null,
            Map.of());
    wireMock.stubFor(
        get(urlPathEqualTo("/v1/payment_intents/pi_other"))
            .willReturn(
                StripeFixtures.json(
                    200,
                    StripeFixtures.paymentIntentFor(other, "pi_other", "succeeded").toString())));

    assertThatThrownBy(
            () -> stripe.completeAction(complete(null, Map.of("payment_intent", "pi_other"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("another payment");
  }

  private static CompleteActionRequest complete(String ref, Map<String, String> params) {
    return new CompleteActionRequest(
        "pay_01HZX3",
        "order-1001",
        ref,
        Money.of("12.50", "USD"),
        true,
        params,
        "pay_01HZX3:complete:stripe:1");
  }

  // ---- capture, cancel, refund ------------------------------------------------------------------

  @Test
  void partialCaptureSendsAmountToCapture() {
    AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
    ObjectNode pi = StripeFixtures.paymentIntentFor(request, PI, "succeeded");
    pi.put("amount_received", 500);
    wireMock.stubFor(
        post(urlPathEqualTo("/v1/payment_intents/" + PI + "/capture"))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withHeader("Idempotency-Key", equalTo("pay_01HZX3:capture:stripe:1"))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(equalTo("amount_to_capture=500"))
            .willReturn(StripeFixtures.json(200, pi.toString())));

    GatewayResult result =
        stripe.capture(
            new CaptureRequest(
                "pay_01HZX3",
                "order-1001",
                PI,
                Money.of("5.00", "USD"),
                true,
                "pay_01HZX3:capture:stripe:1",
                1));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(result.amount()).contains(Money.of("5.00", "USD"));
  }

  @Test
  void cancelVoidsThePaymentIntent() {
    AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
    ObjectNode pi = StripeFixtures.paymentIntentFor(request, PI, "canceled");
    pi.put("cancellation_reason", "requested_by_customer");
    pi.put("canceled_at", 1_717_000_500L);
    wireMock.stubFor(
        post(urlPathEqualTo("/v1/payment_intents/" + PI + "/cancel"))
            .withHeader("Idempotency-Key", equalTo("pay_01HZX3:cancel:stripe:1"))
            .willReturn(StripeFixtures.json(200, pi.toString())));

    GatewayResult result =
        stripe.cancel(
            new CancelRequest(
                "pay_01HZX3",
                "order-1001",
                PI,
                Money.of("12.50", "USD"),
                "pay_01HZX3:cancel:stripe:1"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CANCELLED);
    assertThat(result.amount()).contains(Money.of("12.50", "USD"));
  }

  @Test
  void partialRefundCreatesARefundOnThePaymentIntent() {
    ObjectNode refund =
        StripeFixtures.refund(
            "re_3PkTz2LkdIwHu7ix0aBcDeFg", PI, Money.of("3.00", "USD"), "succeeded");
    wireMock.stubFor(
        post(urlPathEqualTo("/v1/refunds"))
            .withHeader("Authorization", equalTo("Bearer " + KEY))
            .withHeader("Idempotency-Key", equalTo("pay_01HZX3:refund:stripe:1"))
            .withRequestBody(
                equalTo(
                    "payment_intent="
                        + PI
                        + "&amount=300&reason=requested_by_customer"
                        + "&metadata[ottu_payment_id]=pay_01HZX3"
                        + "&metadata[ottu_idempotency_key]=pay_01HZX3%3Arefund%3Astripe%3A1"))
            .willReturn(StripeFixtures.json(200, refund.toString())));

    GatewayResult result = stripe.refund(refund("requested_by_customer"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.REFUNDED);
    assertThat(result.gatewayReference()).contains(PI);
    assertThat(result.transactionReference()).contains("re_3PkTz2LkdIwHu7ix0aBcDeFg");
    assertThat(result.amount()).contains(Money.of("3.00", "USD"));
  }

  @Test
  void refundStatusesMap() {
    wireMock.stubFor(
        post(urlPathEqualTo("/v1/refunds"))
            .withRequestBody(containing("metadata[reason]=customer+changed+mind"))
            .willReturn(
                StripeFixtures.json(
                    200,
                    StripeFixtures.refund("re_1", PI, Money.of("3.00", "USD"), "pending")
                        .toString())));
    assertThat(stripe.refund(refund("customer changed mind")).type())
        .isEqualTo(GatewayResult.Type.PENDING);

    wireMock.resetAll();
    ObjectNode failed = StripeFixtures.refund("re_2", PI, Money.of("3.00", "USD"), "failed");
    failed.put("failure_reason", "expired_or_canceled_card");
    wireMock.stubFor(
        post(urlPathEqualTo("/v1/refunds"))
            .willReturn(StripeFixtures.json(200, failed.toString())));
    GatewayResult result = stripe.refund(refund(null));
    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.decline().orElseThrow().reason()).isEqualTo(DeclineReason.EXPIRED_CARD);
  }

  private static RefundRequest refund(String reason) {
    return new RefundRequest(
        "pay_01HZX3",
        "order-1001",
        PI,
        null,
        Money.of("3.00", "USD"),
        reason,
        "pay_01HZX3:refund:stripe:1",
        1);
  }

  // ---- lookup ---------------------------------------------------------------------------------

  @Nested
  class Lookup {
    private final AuthorizeRequest request = request(Money.of("12.50", "USD"), false);

    private LookupRequest lookup(String ref, GatewayOperation operation, String key) {
      return new LookupRequest(
          "pay_01HZX3", "order-1001", ref, operation, Money.of("12.50", "USD"), key);
    }

    @Test
    void byPaymentIntentId() {
      wireMock.stubFor(
          get(urlPathEqualTo("/v1/payment_intents/" + PI))
              .willReturn(
                  StripeFixtures.json(
                      200,
                      StripeFixtures.paymentIntentFor(request, PI, "requires_capture")
                          .toString())));

      Optional<GatewayResult> found =
          stripe.lookup(lookup(PI, GatewayOperation.AUTHORIZE, request.idempotencyKey()));

      assertThat(found)
          .hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(GatewayResult.Type.AUTHORIZED));
    }

    @Test
    void aCaptureThatNeverRanIsNotFound() {
      wireMock.stubFor(
          get(urlPathEqualTo("/v1/payment_intents/" + PI))
              .willReturn(
                  StripeFixtures.json(
                      200,
                      StripeFixtures.paymentIntentFor(request, PI, "requires_capture")
                          .toString())));

      assertThat(stripe.lookup(lookup(PI, GatewayOperation.CAPTURE, "cap-key"))).isEmpty();
    }

    @Test
    void bySearchOnOurPaymentIdMatchingTheIdempotencyKey() {
      ObjectNode mine = StripeFixtures.paymentIntentFor(request, PI, "requires_capture");
      ObjectNode earlierAttempt =
          StripeFixtures.paymentIntentFor(request, "pi_earlier", "requires_payment_method");
      ((ObjectNode) earlierAttempt.get("metadata")).put("ottu_idempotency_key", "other-attempt");
      wireMock.stubFor(
          get(urlPathEqualTo("/v1/payment_intents/search"))
              .withQueryParam("query", equalTo("metadata['ottu_payment_id']:'pay_01HZX3'"))
              .withQueryParam("limit", equalTo("100"))
              .willReturn(
                  StripeFixtures.json(
                      200,
                      StripeFixtures.page(
                          "search_result",
                          "/v1/payment_intents/search",
                          false,
                          earlierAttempt,
                          mine))));

      Optional<GatewayResult> found =
          stripe.lookup(lookup(null, GatewayOperation.AUTHORIZE, request.idempotencyKey()));

      assertThat(found).hasValueSatisfying(r -> assertThat(r.gatewayReference()).contains(PI));
      wireMock.verify(0, getRequestedFor(urlPathEqualTo("/v1/payment_intents")));
    }

    @Test
    void anEmptySearchIsConfirmedOnTheConsistentListBeforeSayingNoRecord() {
      stubEmptySearch();
      wireMock.stubFor(
          get(urlPathEqualTo("/v1/payment_intents"))
              .withQueryParam(
                  "created[gte]", equalTo(Long.toString(NOW.getEpochSecond() - 65 * 60)))
              .withQueryParam("limit", equalTo("100"))
              .willReturn(
                  StripeFixtures.json(
                      200, StripeFixtures.page("list", "/v1/payment_intents", false))));

      assertThat(stripe.lookup(lookup(null, GatewayOperation.AUTHORIZE, request.idempotencyKey())))
          .isEmpty();
    }

    @Test
    void theListFindsWhatSearchHasNotIndexedYet() {
      stubEmptySearch();
      wireMock.stubFor(
          get(urlPathEqualTo("/v1/payment_intents"))
              .willReturn(
                  StripeFixtures.json(
                      200,
                      StripeFixtures.page(
                          "list",
                          "/v1/payment_intents",
                          false,
                          StripeFixtures.paymentIntentFor(request, PI, "succeeded")))));

      assertThat(stripe.lookup(lookup(null, GatewayOperation.AUTHORIZE, request.idempotencyKey())))
          .hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(GatewayResult.Type.CAPTURED));
    }

    @Test
    void tooManyRecentPaymentIntentsToProveAbsenceIsAnUnknownOutcome() {
      stubEmptySearch();
      AuthorizeRequest stranger =
          new AuthorizeRequest(
              "pay_STRANGER",
              "o",
              Money.of("1.00", "USD"),
              GatewaySource.gatewayToken("pm_x"),
              false,
              "s",
              1,
              ThreeDSecure.AUTOMATIC,
              null,
              null,
              null,
              Map.of());
      wireMock.stubFor(
          get(urlPathEqualTo("/v1/payment_intents"))
              .willReturn(
                  StripeFixtures.json(
                      200,
                      StripeFixtures.page(
                          "list",
                          "/v1/payment_intents",
                          true,
                          StripeFixtures.paymentIntentFor(stranger, "pi_stranger", "succeeded")))));

      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () ->
                  builder()
                      .lookupScanPages(2)
                      .build()
                      .lookup(lookup(null, GatewayOperation.AUTHORIZE, request.idempotencyKey())));

      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      wireMock.verify(
          getRequestedFor(urlPathEqualTo("/v1/payment_intents"))
              .withQueryParam("starting_after", equalTo("pi_stranger")));
    }

    @Test
    void aRefundIsFoundByItsIdempotencyKeyInThePaymentIntentsRefunds() {
      ObjectNode other =
          StripeFixtures.refund("re_other", PI, Money.of("1.00", "USD"), "succeeded");
      ((ObjectNode) other.get("metadata")).put("ottu_idempotency_key", "refund-1");
      ObjectNode mine = StripeFixtures.refund("re_mine", PI, Money.of("3.00", "USD"), "succeeded");
      ((ObjectNode) mine.get("metadata")).put("ottu_idempotency_key", "refund-2");
      wireMock.stubFor(
          get(urlPathEqualTo("/v1/refunds"))
              .withQueryParam("payment_intent", equalTo(PI))
              .willReturn(
                  StripeFixtures.json(
                      200, StripeFixtures.page("list", "/v1/refunds", false, other, mine))));

      assertThat(stripe.lookup(lookup(PI, GatewayOperation.REFUND, "refund-2")))
          .hasValueSatisfying(
              r -> {
                assertThat(r.type()).isEqualTo(GatewayResult.Type.REFUNDED);
                assertThat(r.transactionReference()).contains("re_mine");
                assertThat(r.amount()).contains(Money.of("3.00", "USD"));
              });
      assertThat(stripe.lookup(lookup(PI, GatewayOperation.REFUND, "refund-3"))).isEmpty();
    }

    private void stubEmptySearch() {
      wireMock.stubFor(
          get(urlPathEqualTo("/v1/payment_intents/search"))
              .willReturn(
                  StripeFixtures.json(
                      200,
                      StripeFixtures.page("search_result", "/v1/payment_intents/search", false))));
    }
  }

  // ---- error classification
  // -------------------------------------------------------------------------

  @Test
  void invalidRequestIsRejectedWithStripesCodeAndRequestId() {
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.error(
                    400,
                    "invalid_request_error",
                    "amount_too_small",
                    "Amount must be at least $0.50 usd")));

    GatewayException e = authorizeFails();

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.credentialsProblem()).isFalse();
    assertThat(e.gatewayCode()).contains("amount_too_small");
    assertThat(e.requestId()).contains("req_8Jd2kQ1xYzAbCd");
    assertThat(e.httpStatus()).isEqualTo(400);
  }

  @Test
  void anIdempotencyKeyReusedWithOtherParametersIsRejected() {
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.error(
                    400,
                    "idempotency_error",
                    null,
                    "Keys for idempotent requests can only be used with the same parameters they"
                        + " were first used with.")));

    GatewayException e = authorizeFails();

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.gatewayCode()).contains("idempotency_error");
  }

  @Test
  void aKeyStillInFlightIsAnUnknownOutcomeNeverAFailover() {
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.error(
                    409,
                    "idempotency_error",
                    "idempotency_key_in_use",
                    "There is currently another in-progress request using this Idempotent Key"
                        + " (that probably means you submitted twice, and the other request is"
                        + " still going through): pay_01HZX3:authorize:stripe:1. Please try again"
                        + " later.")));

    GatewayException e = authorizeFails();

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.failureClass().knownNotProcessed()).isFalse();
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
  }

  @Test
  void stripeShouldRetryDecidesAServerError() {
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.error(500, "api_error", null, "An unknown error occurred")
                    .withHeader("Stripe-Should-Retry", "true")));
    assertThat(authorizeFails().failureClass()).isEqualTo(FailureClass.UNAVAILABLE);

    wireMock.resetAll();
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.error(503, "api_error", null, "An unknown error occurred")
                    .withHeader("Stripe-Should-Retry", "false")));
    assertThat(authorizeFails().failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);

    wireMock.resetAll();
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(StripeFixtures.error(500, "api_error", null, "An unknown error occurred")));
    assertThat(authorizeFails().failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  @Test
  void lockTimeoutIsUnavailableAndARestrictedKeyWithoutPermissionIsACredentialsProblem() {
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.error(
                    429,
                    "invalid_request_error",
                    "lock_timeout",
                    "This object cannot be accessed right now because another API request or"
                        + " Stripe process is currently accessing it.")));
    GatewayException e = authorizeFails();
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(e.retryAfter()).isPresent();

    wireMock.resetAll();
    wireMock.stubFor(
        createPaymentIntent()
            .willReturn(
                StripeFixtures.error(
                    403,
                    "invalid_request_error",
                    "secret_key_required",
                    "The provided key 'rk_test_****' does not have the required permissions.")));
    e = authorizeFails();
    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.credentialsProblem()).isTrue();
  }

  @Test
  void anOverlongIdempotencyKeyIsRejectedBeforeSending() {
    AuthorizeRequest r = request(Money.of("1.00", "USD"), false);
    AuthorizeRequest longKey =
        new AuthorizeRequest(
            r.paymentId(),
            r.reference(),
            r.amount(),
            r.source(),
            false,
            "k".repeat(256),
            1,
            r.threeDSecure(),
            null,
            null,
            null,
            Map.of());

    assertThatThrownBy(() -> stripe.authorize(longKey))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("idempotencyKey");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  private GatewayException authorizeFails() {
    return catchThrowableOfType(
        GatewayException.class, () -> stripe.authorize(request(Money.of("12.50", "USD"), false)));
  }

  // ---- builder ----------------------------------------------------------------------------------

  @Test
  void builderNamesTheFieldAndNeverEchoesTheKey() {
    assertThatThrownBy(() -> StripeGateway.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secretKey: is required");
    assertThatThrownBy(
            () -> StripeGateway.builder().secretKey("pk_test_TYooMQauvdEDq54NiTphI7jx").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("secretKey:")
        .hasMessageNotContaining("TYooMQauvdEDq54NiTphI7jx");
    assertThatThrownBy(
            () -> StripeGateway.builder().secretKey(KEY).baseUrl("http://api.stripe.com").build())
        .hasMessageStartingWith("baseUrl:");
    assertThatThrownBy(() -> StripeGateway.builder().secretKey(KEY).baseUrl("not a url").build())
        .hasMessageStartingWith("baseUrl:");
    assertThatThrownBy(
            () -> StripeGateway.builder().secretKey(KEY).readTimeout(Duration.ZERO).build())
        .hasMessageStartingWith("readTimeout:");
    assertThatThrownBy(() -> StripeGateway.builder().secretKey(KEY).id(" ").build())
        .hasMessageStartingWith("id:");
    StripeGateway ok = StripeGateway.builder().secretKey("rk_live_51H8x9yZ0abcdefgh").build();
    assertThat(ok.toString()).doesNotContain("rk_live").contains("https://api.stripe.com");
    assertThat(ok.id()).isEqualTo("stripe");
    assertThat(ok.capabilities().multipleCaptures()).isFalse();
    assertThat(ok.capabilities().partialCapture()).isTrue();
    assertThat(ok.capabilities().idempotencyKeys()).isTrue();
  }
}
