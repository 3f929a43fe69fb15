package io.ottu.gateways.tap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ottu.CardData;
import io.ottu.Customer;
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
 * {@link TapGateway} against WireMock stubs shaped like Tap's documented objects, matching what the
 * adapter sends: headers, JSON fields, exact decimal amounts. Cards are Tap's public test cards
 * (developers.tap.company/reference/testing-cards).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TapGatewayTest {
  private static final String KEY = TapFixtures.SECRET_KEY;
  private static final String CHARGE = "chg_TS07A2520241510KgX90817";
  private static final String CAPTURE_CHARGE = "chg_TS02A1720241236y4M42101629";
  private static final String AUTH = "auth_TS015320221616g5FJ0906442";
  private static final String REFUND = "re_TS02A5720241236Xn4v2101757";
  private static final String KNET_URL =
      "https://kpaytest.com.kw/kpg/PaymentHTTP.htm?param=paymentInit&trandata=7C1F2B4E9A0D";
  private static final String VISA_3DS = "4508750015741019";
  private static final String POST_URL = "https://shop.example/webhooks/tap";
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String FROM = Long.toString(NOW.minus(Duration.ofDays(7)).toEpochMilli());
  private static final String TO = Long.toString(NOW.plus(Duration.ofMinutes(5)).toEpochMilli());

  // Started before the class and stopped after it; reset by each class's own @BeforeEach.
  @RegisterExtension
  static final WireMockExtension wireMock =
      WireMockExtension.newInstance().options(KitWireMock.options()).resetOnEachTest(false).build();

  private TapGateway tap;

  @BeforeEach
  void reset() {
    wireMock.resetAll();
    tap = builder().build();
  }

  private TapGateway.Builder builder() {
    return TapGateway.builder()
        .secretKey(KEY)
        .baseUrl("http://127.0.0.1:" + wireMock.getPort() + "/v2")
        .postUrl(POST_URL)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .logging(RedactingLoggingInterceptor.builder().headers(true).bodies(true).build());
  }

  private static CardData visa() {
    return CardData.builder()
        .number(VISA_3DS)
        .expiry(1, 2039)
        .cvc("100")
        .holderName("Sara Al Ahmed")
        .build();
  }

  private static Customer customer() {
    return new Customer("cust-42", "sara@shop.example", "KW", "192.0.2.10");
  }

  private static AuthorizeRequest request(Money amount, boolean capture) {
    return request(amount, capture, GatewaySource.card(visa()), customer(), Map.of());
  }

  private static AuthorizeRequest request(
      Money amount,
      boolean capture,
      GatewaySource source,
      Customer customer,
      Map<String, String> metadata) {
    return request(amount, capture, source, customer, metadata, ThreeDSecure.AUTOMATIC);
  }

  private static AuthorizeRequest request(
      Money amount,
      boolean capture,
      GatewaySource source,
      Customer customer,
      Map<String, String> metadata,
      ThreeDSecure threeDs) {
    return new AuthorizeRequest(
        "pay_01HZX3",
        "order-1001",
        amount,
        source,
        capture,
        "pay_01HZX3:authorize:tap:1",
        1,
        threeDs,
        "https://shop.example/return?order=1001",
        customer,
        "Order 1001",
        metadata);
  }

  private static AuthorizeRequest knet(Money amount) {
    return request(
        amount,
        true,
        GatewaySource.gatewayToken("src_kw.knet"),
        customer(),
        Map.of(TapGateway.META_FIRST_NAME, "Sara", TapGateway.META_LAST_NAME, "Ahmed"));
  }

  private static MappingBuilder tapPost(String path) {
    return post(urlPathEqualTo("/v2" + path))
        .withHeader("Authorization", equalTo("Bearer " + KEY))
        .withHeader("Content-Type", equalTo("application/json"))
        .withHeader("Accept", equalTo("application/json"));
  }

  private static MappingBuilder tapGet(String path) {
    return get(urlPathEqualTo("/v2" + path)).withHeader("Authorization", equalTo("Bearer " + KEY));
  }

  private void stubToken() {
    wireMock.stubFor(
        tapPost("/tokens")
            .withRequestBody(matchingJsonPath("$.card.number", equalTo(VISA_3DS)))
            .willReturn(TapFixtures.ok(TapFixtures.token())));
  }

  private static ObjectNode charge(AuthorizeRequest r, String status, String code, String msg) {
    return TapFixtures.forRequest(TapFixtures.charge(CHARGE, status, code, msg, r.amount()), r);
  }

  private static ObjectNode authorization(
      AuthorizeRequest r, String status, String code, String msg) {
    return TapFixtures.forRequest(TapFixtures.authorize(AUTH, status, code, msg, r.amount()), r);
  }

  private int requestsTo(String path) {
    return wireMock.findAll(anyRequestedFor(urlPathEqualTo("/v2" + path))).size();
  }

  // ---- authorize and purchase -----------------------------------------------------------------

  @Test
  void aCardPurchaseIsTokenizedThenChargedWithEveryDocumentedField() {
    AuthorizeRequest request =
        request(
            Money.of("12.500", "KWD"),
            true,
            GatewaySource.card(visa()),
            customer(),
            Map.of("channel", "web"));
    wireMock.stubFor(
        tapPost("/tokens")
            .withRequestBody(
                equalToJson(
                    "{\"card\":{\"number\":\""
                        + VISA_3DS
                        + "\",\"exp_month\":1,\"exp_year\":2039,\"cvc\":\"100\","
                        + "\"name\":\"Sara Al Ahmed\"},\"client_ip\":\"192.0.2.10\"}"))
            .willReturn(TapFixtures.ok(TapFixtures.token())));
    wireMock.stubFor(
        tapPost("/charges")
            .withRequestBody(
                containing("\"amount\":12.500,\"currency\":\"KWD\",\"customer_initiated\":true"))
            .withRequestBody(
                equalToJson(
                    "{\"currency\":\"KWD\",\"customer_initiated\":true,\"threeDSecure\":true,"
                        + "\"save_card\":false,\"description\":\"Order 1001\","
                        + "\"metadata\":{\"channel\":\"web\",\"ottu_payment_id\":\"pay_01HZX3\","
                        + "\"ottu_idempotency_key\":\"pay_01HZX3:authorize:tap:1\"},"
                        + "\"reference\":{\"transaction\":\"order-1001\",\"order\":\"pay_01HZX3\","
                        + "\"idempotent\":\"pay_01HZX3:authorize:tap:1\"},"
                        + "\"customer\":{\"first_name\":\"Sara\",\"last_name\":\"Al Ahmed\","
                        + "\"email\":\"sara@shop.example\"},"
                        + "\"post\":{\"url\":\"https://shop.example/webhooks/tap\"},"
                        + "\"redirect\":{\"url\":\"https://shop.example/return?order=1001\"},"
                        + "\"source\":{\"id\":\""
                        + TapFixtures.TOKEN
                        + "\"},\"amount\":12.500}",
                    false,
                    false))
            .willReturn(TapFixtures.ok(charge(request, "CAPTURED", "000", "Captured"))));

    GatewayResult result = tap.authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(result.gatewayReference()).contains(CHARGE);
    assertThat(result.amount()).contains(Money.of("12.500", "KWD"));
    assertThat(result.rawStatus()).contains("CAPTURED");
    assertThat(requestsTo("/tokens")).isEqualTo(1);
    assertThat(requestsTo("/charges")).isEqualTo(1);
  }

  @Test
  void authorizeUsesTheAuthorizeApiWithAnAutoVoidAndTheMerchantId() {
    tap = builder().autoVoidAfterHours(48).merchantId("599424").build();
    AuthorizeRequest request = request(Money.of("100.50", "SAR"), false);
    stubToken();
    wireMock.stubFor(
        tapPost("/authorize")
            .withRequestBody(containing("\"amount\":100.50,\"currency\":\"SAR\""))
            .withRequestBody(matchingJsonPath("$.auto.type", equalTo("VOID")))
            .withRequestBody(matchingJsonPath("$.auto.time", equalTo("48")))
            .withRequestBody(matchingJsonPath("$.merchant.id", equalTo("599424")))
            .withRequestBody(matchingJsonPath("$.source.id", equalTo(TapFixtures.TOKEN)))
            .willReturn(TapFixtures.ok(authorization(request, "AUTHORIZED", "001", "Authorized"))));

    GatewayResult result = tap.authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(result.gatewayReference()).contains(AUTH);
    assertThat(result.amount()).contains(Money.of("100.50", "SAR"));
    assertThat(requestsTo("/charges")).isZero();
  }

  @Test
  void aPurchaseCarriesNoAutoObjectAndSkippingThreeDsSendsFalse() {
    AuthorizeRequest request =
        request(
            Money.of("5.00", "USD"),
            true,
            GatewaySource.gatewayToken(TapFixtures.TOKEN),
            customer(),
            Map.of(TapGateway.META_FIRST_NAME, "Sara"),
            ThreeDSecure.SKIP);
    wireMock.stubFor(
        tapPost("/charges")
            .withRequestBody(matchingJsonPath("$.threeDSecure", equalTo("false")))
            .withRequestBody(notContaining("\"auto\""))
            .withRequestBody(matchingJsonPath("$.source.id", equalTo(TapFixtures.TOKEN)))
            .willReturn(TapFixtures.ok(charge(request, "CAPTURED", "000", "Captured"))));

    assertThat(tap.authorize(request).type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(requestsTo("/tokens")).isZero();
  }

  // ---- KNET, Benefit, mada: redirect sources ---------------------------------------------------

  @Test
  void knetRedirectFlowEndToEnd() {
    AuthorizeRequest request = knet(Money.of("12.500", "KWD"));
    wireMock.stubFor(
        tapPost("/charges")
            .withRequestBody(matchingJsonPath("$.source.id", equalTo("src_kw.knet")))
            .withRequestBody(containing("\"amount\":12.500,"))
            .withRequestBody(
                matchingJsonPath(
                    "$.redirect.url", equalTo("https://shop.example/return?order=1001")))
            .willReturn(
                TapFixtures.ok(
                    TapFixtures.withUrl(
                        charge(request, "INITIATED", "100", "Initiated"), KNET_URL))));

    GatewayResult started = tap.authorize(request);

    assertThat(started.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
    assertThat(started.gatewayReference()).contains(CHARGE);
    NextAction action = started.nextAction().orElseThrow();
    assertThat(action.type()).isEqualTo(NextAction.Type.REDIRECT);
    assertThat(action.method()).isEqualTo("GET");
    assertThat(action.url()).isEqualTo(KNET_URL);
    assertThat(started.amount()).contains(Money.of("12.500", "KWD"));

    ObjectNode captured = charge(request, "CAPTURED", "000", "Captured");
    ((ObjectNode) captured.get("source")).put("payment_method", "KNET");
    wireMock.stubFor(tapGet("/charges/" + CHARGE).willReturn(TapFixtures.ok(captured)));

    GatewayResult finished =
        tap.completeAction(
            new CompleteActionRequest(
                "pay_01HZX3",
                "order-1001",
                CHARGE,
                request.amount(),
                true,
                Map.of("tap_id", CHARGE),
                "pay_01HZX3:complete:tap:1"));

    assertThat(finished.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(finished.gatewayReference()).contains(CHARGE);
    assertThat(finished.amount()).contains(Money.of("12.500", "KWD"));
    assertThat(requestsTo("/tokens")).isZero();
    wireMock.verify(1, getRequestedFor(urlPathEqualTo("/v2/charges/" + CHARGE)));
  }

  @Test
  void aShopperWhoCancelsOnTheKnetPageIsAHardDeclineByTheShopper() {
    AuthorizeRequest request = knet(Money.of("3.000", "KWD"));
    wireMock.stubFor(
        tapGet("/charges/" + CHARGE)
            .willReturn(TapFixtures.ok(charge(request, "CANCELLED", "302", "Canceled"))));

    GatewayResult result =
        tap.completeAction(
            new CompleteActionRequest(
                "pay_01HZX3",
                "order-1001",
                null,
                request.amount(),
                true,
                Map.of("tap_id", CHARGE),
                "k"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.decline().orElseThrow().reason())
        .isEqualTo(DeclineReason.CANCELLED_BY_SHOPPER);
    assertThat(result.decline().orElseThrow().soft()).isFalse();
    assertThat(result.decline().orElseThrow().rawCode()).isEqualTo("302");
  }

  @Test
  void benefitCannotBeAuthorizedOnlyPurchasedAndNothingIsSent() {
    AuthorizeRequest request =
        new AuthorizeRequest(
            "pay_01HZX3",
            "order-1001",
            Money.of("4.500", "BHD"),
            GatewaySource.gatewayToken("src_bh.benefit"),
            false,
            "pay_01HZX3:authorize:tap:1",
            1,
            ThreeDSecure.AUTOMATIC,
            "https://shop.example/return",
            customer(),
            null,
            Map.of(TapGateway.META_FIRST_NAME, "Sara"));

    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> tap.authorize(request));

    assertThat(e.field()).isEqualTo("source");
    assertThat(e.getMessage()).contains("src_bh.benefit").contains("purchase");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aRedirectSourceWithoutReturnUrlIsRejectedBeforeSending() {
    AuthorizeRequest r = knet(Money.of("1.000", "KWD"));
    AuthorizeRequest noReturn =
        new AuthorizeRequest(
            r.paymentId(),
            r.reference(),
            r.amount(),
            r.source(),
            true,
            r.idempotencyKey(),
            1,
            r.threeDSecure(),
            null,
            r.customer(),
            null,
            r.metadata());

    assertThatThrownBy(() -> tap.authorize(noReturn))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("returnUrl");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  // ---- 3-D Secure ------------------------------------------------------------------------------

  @Test
  void threeDSecureOnACardIsARedirectAndCompleteActionReadsTheAuthorization() {
    AuthorizeRequest request = request(Money.of("20.000", "KWD"), false);
    stubToken();
    wireMock.stubFor(
        tapPost("/authorize")
            .willReturn(
                TapFixtures.ok(
                    TapFixtures.withUrl(
                        authorization(request, "INITIATED", "100", "Initiated"),
                        TapFixtures.SANDBOX_URL))));

    GatewayResult started = tap.authorize(request);

    assertThat(started.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
    assertThat(started.gatewayReference()).contains(AUTH);
    assertThat(started.nextAction().orElseThrow().url()).isEqualTo(TapFixtures.SANDBOX_URL);

    wireMock.stubFor(
        tapGet("/authorize/" + AUTH)
            .willReturn(TapFixtures.ok(authorization(request, "AUTHORIZED", "001", "Authorized"))));
    GatewayResult finished =
        tap.completeAction(
            new CompleteActionRequest(
                "pay_01HZX3",
                "order-1001",
                null,
                request.amount(),
                false,
                Map.of("tap_id", AUTH),
                "k"));

    assertThat(finished.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(finished.gatewayReference()).contains(AUTH);
    assertThat(finished.amount()).contains(Money.of("20.000", "KWD"));
  }

  @Test
  void aFailedChallengeIsAHardAuthenticationDecline() {
    AuthorizeRequest request = request(Money.of("20.000", "KWD"), true);
    wireMock.stubFor(
        tapGet("/charges/" + CHARGE)
            .willReturn(
                TapFixtures.ok(
                    charge(request, "DECLINED", "516", "Declined, Authentication Failed"))));

    GatewayResult result =
        tap.completeAction(
            new CompleteActionRequest(
                "pay_01HZX3", "order-1001", CHARGE, request.amount(), true, Map.of(), "k"));

    assertThat(result.decline().orElseThrow().reason())
        .isEqualTo(DeclineReason.AUTHENTICATION_FAILED);
    assertThat(result.decline().orElseThrow().soft()).isFalse();
  }

  @Test
  void aReturnNamingAnotherChargeIsRefusedWithoutACall() {
    assertThatThrownBy(
            () ->
                tap.completeAction(
                    new CompleteActionRequest(
                        "pay_01HZX3",
                        "order-1001",
                        CHARGE,
                        Money.of("1.000", "KWD"),
                        true,
                        Map.of("tap_id", "chg_TS99A0000000000someoneElse"),
                        "k")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("parameters.tap_id");
    assertThatThrownBy(
            () ->
                tap.completeAction(
                    new CompleteActionRequest(
                        "pay_01HZX3",
                        "order-1001",
                        null,
                        Money.of("1.000", "KWD"),
                        true,
                        Map.of(),
                        "k")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("parameters.tap_id");
    assertThatThrownBy(
            () ->
                tap.completeAction(
                    new CompleteActionRequest(
                        "pay_01HZX3",
                        "order-1001",
                        null,
                        Money.of("1.000", "KWD"),
                        true,
                        Map.of("tap_id", ".."),
                        "k")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not a Tap charge");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aChargeOfAnotherPaymentIsRefused() {
    AuthorizeRequest other =
        new AuthorizeRequest(
            "pay_SOMEONE_ELSE",
            "order-9",
            Money.of("1.000", "KWD"),
            GatewaySource.gatewayToken("src_kw.knet"),
            true,
            "x",
            1,
            ThreeDSecure.AUTOMATIC,
            "https://shop.example/return",
            customer(),
            null,
            Map.of());
    wireMock.stubFor(
        tapGet("/charges/" + CHARGE)
            .willReturn(TapFixtures.ok(charge(other, "CAPTURED", "000", "Captured"))));

    InvalidRequestException e =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                tap.completeAction(
                    new CompleteActionRequest(
                        "pay_01HZX3",
                        "order-1001",
                        null,
                        Money.of("1.000", "KWD"),
                        true,
                        Map.of("tap_id", CHARGE),
                        "k")));

    assertThat(e.field()).isEqualTo("parameters.tap_id");
  }

  // ---- amounts
  // -----------------------------------------------------------------------------------

  @Test
  void amountsAreExactDecimalsInMajorUnits() {
    assertThat(TapGateway.amountText(Money.of("12.5", "KWD"))).isEqualTo("12.500");
    assertThat(TapGateway.amountText(Money.of("0.105", "BHD"))).isEqualTo("0.105");
    assertThat(TapGateway.amountText(Money.of("7.25", "OMR"))).isEqualTo("7.250");
    assertThat(TapGateway.amountText(Money.of("100.5", "SAR"))).isEqualTo("100.50");
    assertThat(TapGateway.amountText(Money.of("1500", "JPY"))).isEqualTo("1500");
    assertThat(TapGateway.amountText(Money.of("1.230", "JOD"))).isEqualTo("1.23");
    assertThat(TapGateway.AMOUNTS.fromDecimalString("4.123", "omr"))
        .isEqualTo(Money.of("4.123", "OMR"));
    assertThat(TapGateway.AMOUNTS.fromDecimalString("1", "KWD"))
        .isEqualTo(Money.of("1.000", "KWD"));
  }

  @Test
  void aJodAmountWithAThirdDecimalIsRejectedBeforeSending() {
    AuthorizeRequest request = request(Money.of("1.235", "JOD"), true);

    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> tap.authorize(request));

    assertThat(e.field()).isEqualTo("amount");
    assertThat(e.getMessage()).contains("Tap").contains("1.230").contains("1.240");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void zeroDecimalCurrenciesAreSentWithoutDecimals() {
    AuthorizeRequest request = request(Money.of("1500", "JPY"), true);
    stubToken();
    wireMock.stubFor(
        tapPost("/charges")
            .withRequestBody(containing("\"amount\":1500,\"currency\":\"JPY\""))
            .willReturn(TapFixtures.ok(charge(request, "CAPTURED", "000", "Captured"))));

    assertThat(tap.authorize(request).amount()).contains(Money.of("1500", "JPY"));
  }

  @Test
  void anAnswerWithoutAReadableAmountIsAnUnknownOutcome() {
    AuthorizeRequest request = request(Money.of("1.000", "KWD"), true);
    stubToken();
    ObjectNode body = charge(request, "CAPTURED", "000", "Captured");
    body.putRawValue("amount", new RawValue("1.0005"));
    wireMock.stubFor(tapPost("/charges").willReturn(TapFixtures.ok(body)));

    GatewayException e = catchThrowableOfType(GatewayException.class, () -> tap.authorize(request));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  // ---- customer
  // ----------------------------------------------------------------------------------

  @Test
  void aTapCustomerIdIsSentAloneAndCustomerMetadataStaysOutOfTapsMetadata() {
    AuthorizeRequest request =
        request(
            Money.of("2.000", "KWD"),
            true,
            GatewaySource.gatewayToken("src_kw.knet"),
            new Customer("cus_TS04A4520241509Jp2X2417", null, null, null),
            Map.of(TapGateway.META_FIRST_NAME, "Sara", "udf1", "web", "customer_segment", "vip"));
    wireMock.stubFor(
        tapPost("/charges")
            .withRequestBody(
                matchingJsonPath("$.customer.id", equalTo("cus_TS04A4520241509Jp2X2417")))
            .withRequestBody(notContaining("first_name"))
            .withRequestBody(matchingJsonPath("$.metadata.udf1", equalTo("web")))
            .withRequestBody(matchingJsonPath("$.metadata.customer_segment", equalTo("vip")))
            .willReturn(
                TapFixtures.ok(
                    TapFixtures.withUrl(
                        charge(request, "INITIATED", "100", "Initiated"), KNET_URL))));

    assertThat(tap.authorize(request).type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
  }

  @Test
  void aPhoneFromMetadataStandsInForTheEmail() {
    AuthorizeRequest request =
        request(
            Money.of("2.000", "KWD"),
            true,
            GatewaySource.gatewayToken("src_kw.knet"),
            null,
            Map.of(
                TapGateway.META_FIRST_NAME, "Sara",
                TapGateway.META_PHONE_COUNTRY_CODE, "965",
                TapGateway.META_PHONE_NUMBER, "51234567"));
    wireMock.stubFor(
        tapPost("/charges")
            .withRequestBody(matchingJsonPath("$.customer.phone.country_code", equalTo("965")))
            .withRequestBody(matchingJsonPath("$.customer.phone.number", equalTo("51234567")))
            .withRequestBody(notContaining("\"email\""))
            .willReturn(
                TapFixtures.ok(
                    TapFixtures.withUrl(
                        charge(request, "INITIATED", "100", "Initiated"), KNET_URL))));

    assertThat(tap.authorize(request).type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
  }

  @Test
  void aCustomerTapCannotAcceptIsRefusedBeforeSendingNamingTheField() {
    AuthorizeRequest noName =
        request(
            Money.of("2.000", "KWD"),
            true,
            GatewaySource.gatewayToken("src_kw.knet"),
            customer(),
            Map.of());
    assertThatThrownBy(() -> tap.authorize(noName))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("customer:");
    AuthorizeRequest noContact =
        request(Money.of("2.000", "KWD"), true, GatewaySource.card(visa()), null, Map.of());
    assertThatThrownBy(() -> tap.authorize(noContact))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("customer.email");
    AuthorizeRequest badPhone =
        request(
            Money.of("2.000", "KWD"),
            true,
            GatewaySource.card(visa()),
            null,
            Map.of(TapGateway.META_PHONE_COUNTRY_CODE, "+965", TapGateway.META_PHONE_NUMBER, "5"));
    assertThatThrownBy(() -> tap.authorize(badPhone))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith(TapGateway.META_PHONE_COUNTRY_CODE);
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  // ---- declines
  // ----------------------------------------------------------------------------------

  @Test
  void insufficientFundsIsAHardDecline() {
    AuthorizeRequest request = request(Money.of("12.500", "KWD"), true);
    stubToken();
    wireMock.stubFor(
        tapPost("/charges")
            .willReturn(
                TapFixtures.ok(
                    charge(request, "DECLINED", "505", "Declined, Insufficient Funds"))));

    GatewayResult result = tap.authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.gatewayReference()).contains(CHARGE);
    assertThat(result.rawStatus()).contains("DECLINED");
    assertThat(result.decline().orElseThrow().reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
    assertThat(result.decline().orElseThrow().rawCode()).isEqualTo("505");
    assertThat(result.decline().orElseThrow().message()).isEqualTo("Declined, Insufficient Funds");
    assertThat(result.decline().orElseThrow().soft()).isFalse();
  }

  @Test
  void eachDeclineClassMapsThroughTheTable() {
    assertDecline("DECLINED", "508", DeclineReason.ISSUER_UNAVAILABLE, true, DeclineAction.CASCADE);
    assertDecline("FAILED", "401", DeclineReason.PROCESSING_ERROR, true, DeclineAction.CASCADE);
    assertDecline("FAILED", "407", DeclineReason.EXPIRED_CARD, false, DeclineAction.STOP);
    assertDecline(
        "DECLINED", "512", DeclineReason.AUTHENTICATION_REQUIRED, true, DeclineAction.STEP_UP_3DS);
    assertDecline("RESTRICTED", "703", DeclineReason.RESTRICTED_CARD, false, DeclineAction.STOP);
    assertDecline(
        "ABANDONED", "301", DeclineReason.CANCELLED_BY_SHOPPER, false, DeclineAction.STOP);
    assertDecline("DECLINED", "599", DeclineReason.OTHER, false, DeclineAction.STOP);
  }

  private void assertDecline(
      String status, String code, DeclineReason reason, boolean soft, DeclineAction action) {
    wireMock.resetAll();
    AuthorizeRequest request = request(Money.of("1.000", "KWD"), true);
    stubToken();
    wireMock.stubFor(
        tapPost("/charges").willReturn(TapFixtures.ok(charge(request, status, code, "Declined"))));

    GatewayResult result = tap.authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.decline().orElseThrow().reason()).as(code).isEqualTo(reason);
    assertThat(result.decline().orElseThrow().soft()).as(code).isEqualTo(soft);
    assertThat(result.decline().orElseThrow().action()).as(code).isEqualTo(action);
  }

  @Test
  void hostsCanOverrideRows() {
    tap =
        builder()
            .declineTable(
                TapGateway.defaultDeclineTable()
                    .withOverride("505", DeclineRule.soft(DeclineReason.INSUFFICIENT_FUNDS)))
            .build();
    AuthorizeRequest request = request(Money.of("1.000", "KWD"), true);
    stubToken();
    wireMock.stubFor(
        tapPost("/charges")
            .willReturn(TapFixtures.ok(charge(request, "DECLINED", "505", "Declined"))));

    assertThat(tap.authorize(request).decline().orElseThrow().soft()).isTrue();
  }

  @Test
  void timedOutAndUnknownChargesAreUnknownOutcomesNeverDeclines() {
    for (String[] s :
        new String[][] {{"TIMEDOUT", "801", "Timed Out"}, {"UNKNOWN", "901", "Unknown"}}) {
      wireMock.resetAll();
      AuthorizeRequest request = request(Money.of("1.000", "KWD"), true);
      stubToken();
      wireMock.stubFor(
          tapPost("/charges").willReturn(TapFixtures.ok(charge(request, s[0], s[1], s[2]))));

      GatewayException e =
          catchThrowableOfType(GatewayException.class, () -> tap.authorize(request));

      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(e.gatewayCode()).contains(s[1]);
      assertThat(e.getMessage()).contains(CHARGE).contains(s[0]);
    }
  }

  // ---- the token call
  // ------------------------------------------------------------------------------

  @Test
  void aCardTapRefusesAtTokenizationIsAHardDeclineAndNoChargeIsSent() {
    wireMock.stubFor(
        tapPost("/tokens").willReturn(TapFixtures.error(400, "1140", "Card number is invalid")));

    GatewayResult result = tap.authorize(request(Money.of("1.000", "KWD"), true));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.gatewayReference()).isEmpty();
    assertThat(result.decline().orElseThrow().reason()).isEqualTo(DeclineReason.INVALID_CARD);
    assertThat(result.decline().orElseThrow().soft()).isFalse();
    assertThat(requestsTo("/charges")).isZero();
  }

  @Test
  void anyFailureOfTheTokenCallMeansThePaymentWasNotSent() {
    for (var response :
        new ResponseDefinitionBuilder[] {
          TapFixtures.error(500, "9999", "Internal server error"),
          TapFixtures.json(200, "{\"id\": "),
          aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)
        }) {
      wireMock.resetAll();
      wireMock.stubFor(tapPost("/tokens").willReturn(response));

      GatewayException e =
          catchThrowableOfType(
              GatewayException.class, () -> tap.authorize(request(Money.of("1.000", "KWD"), true)));

      assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_SENT);
      assertThat(e.getMessage()).contains("tokenizing the card").contains("never sent");
      assertThat(requestsTo("/charges")).isZero();
    }
  }

  @Test
  void aReadTimeoutOnTheTokenCallIsNotSentButOnTheChargeIsUnknown() {
    tap = builder().readTimeout(Duration.ofMillis(300)).build();
    wireMock.stubFor(
        tapPost("/tokens").willReturn(TapFixtures.ok(TapFixtures.token()).withFixedDelay(1200)));
    GatewayException tokenTimeout =
        catchThrowableOfType(
            GatewayException.class, () -> tap.authorize(request(Money.of("1.000", "KWD"), true)));
    assertThat(tokenTimeout.failureClass()).isEqualTo(FailureClass.NOT_SENT);

    wireMock.resetAll();
    AuthorizeRequest request = request(Money.of("1.000", "KWD"), true);
    stubToken();
    wireMock.stubFor(
        tapPost("/charges")
            .willReturn(
                TapFixtures.ok(charge(request, "CAPTURED", "000", "Captured"))
                    .withFixedDelay(1200)));
    GatewayException chargeTimeout =
        catchThrowableOfType(GatewayException.class, () -> tap.authorize(request));
    assertThat(chargeTimeout.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  @Test
  void aRefusedKeyAtTheTokenCallIsACredentialsProblem() {
    wireMock.stubFor(
        tapPost("/tokens").willReturn(TapFixtures.error(401, "2107", "Authorization Required")));

    GatewayException e =
        catchThrowableOfType(
            GatewayException.class, () -> tap.authorize(request(Money.of("1.000", "KWD"), true)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.credentialsProblem()).isTrue();
  }

  // ---- error shapes
  // -----------------------------------------------------------------------------------

  @Test
  void errorShapesAreClassified() {
    assertFailure(
        TapFixtures.error(400, "1117", "Amount is invalid"), FailureClass.REJECTED, "1117", false);
    assertFailure(
        TapFixtures.error(400, "2104", "Invalid API Key"), FailureClass.REJECTED, "2104", true);
    assertFailure(
        TapFixtures.error(400, "1101", "Secret API Key and Environment are mismatched"),
        FailureClass.REJECTED,
        "1101",
        true);
    assertFailure(
        TapFixtures.error(500, "2101", "The server is currently unavailable (overloaded or down)"),
        FailureClass.UNAVAILABLE,
        "2101",
        false);
    assertFailure(
        TapFixtures.error(400, "1151", "Gateway timed out"),
        FailureClass.UNKNOWN_OUTCOME,
        "1151",
        false);
    assertFailure(
        TapFixtures.error(409, "409", "The request conflicts with another request"),
        FailureClass.UNKNOWN_OUTCOME,
        "409",
        false);
    assertFailure(
        TapFixtures.error(502, "9999", "Internal server error"),
        FailureClass.UNKNOWN_OUTCOME,
        "9999",
        false);
    assertFailure(
        TapFixtures.json(429, "{\"errors\":[{\"code\":\"429\",\"description\":\"Too Many\"}]}")
            .withHeader("Retry-After", "3"),
        FailureClass.UNAVAILABLE,
        "429",
        false);
  }

  private void assertFailure(
      ResponseDefinitionBuilder response, FailureClass expected, String code, boolean credentials) {
    wireMock.resetAll();
    wireMock.stubFor(tapPost("/charges").willReturn(response));
    AuthorizeRequest request =
        request(
            Money.of("1.000", "KWD"),
            true,
            GatewaySource.gatewayToken("src_kw.knet"),
            customer(),
            Map.of(TapGateway.META_FIRST_NAME, "Sara"));

    GatewayException e = catchThrowableOfType(GatewayException.class, () -> tap.authorize(request));

    assertThat(e.failureClass()).as(code).isEqualTo(expected);
    assertThat(e.gatewayCode()).as(code).contains(code);
    assertThat(e.credentialsProblem()).as(code).isEqualTo(credentials);
    assertThat(e.getMessage()).doesNotContain(KEY);
    if (e.httpStatus() == 429) {
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    }
  }

  @Test
  void aDeclinedChargeInA4xxBodyIsStillADecline() {
    AuthorizeRequest request = knet(Money.of("1.000", "KWD"));
    wireMock.stubFor(
        tapPost("/charges")
            .willReturn(
                TapFixtures.json(
                    402, charge(request, "DECLINED", "507", "Declined, Card Issuer").toString())));

    GatewayResult result = tap.authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.decline().orElseThrow().rawCode()).isEqualTo("507");
  }

  // ---- capture, cancel, refund ------------------------------------------------------------------

  private CaptureRequest capture(Money amount) {
    return new CaptureRequest(
        "pay_01HZX3", "order-1001", AUTH, amount, true, "pay_01HZX3:capture:tap:1", 1);
  }

  private void stubAuthorized(Money amount) {
    AuthorizeRequest original = request(amount, false);
    wireMock.stubFor(
        tapGet("/authorize/" + AUTH)
            .willReturn(
                TapFixtures.ok(authorization(original, "AUTHORIZED", "001", "Authorized"))));
  }

  @Test
  void partialCaptureChargesTheAuthorizationForTheAmountAndNamesTheCaptureCharge() {
    stubAuthorized(Money.of("12.500", "KWD"));
    ObjectNode captured =
        TapFixtures.charge(CAPTURE_CHARGE, "CAPTURED", "000", "Captured", Money.of("5.000", "KWD"));
    ((ObjectNode) captured.get("source")).put("id", AUTH).put("object", "authorize");
    wireMock.stubFor(
        tapPost("/charges")
            .withRequestBody(containing("\"amount\":5.000,\"currency\":\"KWD\""))
            .withRequestBody(matchingJsonPath("$.source.id", equalTo(AUTH)))
            .withRequestBody(
                matchingJsonPath("$.customer.id", equalTo("cus_TS04A4520241509Jp2X2417")))
            .withRequestBody(
                matchingJsonPath("$.reference.idempotent", equalTo("pay_01HZX3:capture:tap:1")))
            .withRequestBody(matchingJsonPath("$.reference.order", equalTo("pay_01HZX3")))
            .withRequestBody(matchingJsonPath("$.threeDSecure", equalTo("true")))
            .withRequestBody(matchingJsonPath("$.customer_initiated", equalTo("true")))
            .withRequestBody(
                matchingJsonPath(
                    "$.redirect.url", equalTo("https://shop.example/return?order=1001")))
            .withRequestBody(matchingJsonPath("$.post.url", equalTo(POST_URL)))
            .willReturn(TapFixtures.ok(captured)));

    GatewayResult result = tap.capture(capture(Money.of("5.000", "KWD")));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(result.gatewayReference()).contains(AUTH);
    assertThat(result.transactionReference()).contains(CAPTURE_CHARGE);
    assertThat(result.amount()).contains(Money.of("5.000", "KWD"));
  }

  @Test
  void aFailedReadBeforeCapturingIsNotSentAndCapturesNothing() {
    wireMock.stubFor(
        tapGet("/authorize/" + AUTH)
            .willReturn(TapFixtures.error(500, "9999", "Internal server error")));

    GatewayException e =
        catchThrowableOfType(
            GatewayException.class, () -> tap.capture(capture(Money.of("5.000", "KWD"))));

    assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_SENT);
    assertThat(requestsTo("/charges")).isZero();
  }

  @Test
  void captureMoreThanAuthorizedIsRejectedWithTapsCode() {
    stubAuthorized(Money.of("1.000", "KWD"));
    wireMock.stubFor(
        tapPost("/charges")
            .willReturn(
                TapFixtures.error(
                    400, "1150", "Capture amount exceeds with the outstanding authorized amount")));

    GatewayException e =
        catchThrowableOfType(
            GatewayException.class, () -> tap.capture(capture(Money.of("5.000", "KWD"))));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.gatewayCode()).contains("1150");
  }

  @Test
  void captureAndVoidNeedAnAuthorizationId() {
    assertThatThrownBy(
            () ->
                tap.capture(
                    new CaptureRequest(
                        "pay_01HZX3",
                        "order-1001",
                        CHARGE,
                        Money.of("1.000", "KWD"),
                        true,
                        "k",
                        1)))
        .isInstanceOf(GatewayException.class)
        .hasMessageContaining("auth_");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void cancelVoidsTheAuthorization() {
    ObjectNode voided =
        TapFixtures.authorize(AUTH, "VOID", "601", "Void", Money.of("12.500", "KWD"));
    wireMock.stubFor(tapPost("/authorize/" + AUTH + "/void").willReturn(TapFixtures.ok(voided)));

    GatewayResult result =
        tap.cancel(
            new CancelRequest(
                "pay_01HZX3", "order-1001", AUTH, Money.of("12.500", "KWD"), "pay_01HZX3:cancel"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CANCELLED);
    assertThat(result.gatewayReference()).contains(AUTH);
    assertThat(result.rawStatus()).contains("VOID");
  }

  @Test
  void aRepeatedVoidIsAnsweredFromTheAuthorization() {
    wireMock.stubFor(
        tapPost("/authorize/" + AUTH + "/void")
            .willReturn(TapFixtures.error(400, "1114", "Please check the Authorize status")));
    wireMock.stubFor(
        tapGet("/authorize/" + AUTH)
            .willReturn(
                TapFixtures.ok(
                    TapFixtures.authorize(
                        AUTH, "VOID", "601", "Void", Money.of("12.500", "KWD")))));

    GatewayResult result =
        tap.cancel(
            new CancelRequest(
                "pay_01HZX3", "order-1001", AUTH, Money.of("12.500", "KWD"), "pay_01HZX3:cancel"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CANCELLED);
  }

  @Test
  void aVoidOfACapturedAuthorizationIsRejected() {
    wireMock.stubFor(
        tapPost("/authorize/" + AUTH + "/void")
            .willReturn(TapFixtures.error(400, "1114", "Please check the Authorize status")));
    wireMock.stubFor(
        tapGet("/authorize/" + AUTH)
            .willReturn(
                TapFixtures.ok(
                    TapFixtures.authorize(
                        AUTH, "CAPTURED", "000", "Captured", Money.of("12.500", "KWD")))));

    GatewayException e =
        catchThrowableOfType(
            GatewayException.class,
            () ->
                tap.cancel(
                    new CancelRequest(
                        "pay_01HZX3", "order-1001", AUTH, Money.of("12.500", "KWD"), "k")));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.gatewayCode()).contains("1114");
  }

  private static RefundRequest refundOf(Money amount, String reason) {
    return new RefundRequest(
        "pay_01HZX3",
        "order-1001",
        AUTH,
        CAPTURE_CHARGE,
        amount,
        reason,
        "pay_01HZX3:refund:tap:1",
        1);
  }

  @Test
  void partialRefundRefundsTheCaptureCharge() {
    wireMock.stubFor(
        tapPost("/refunds")
            .withRequestBody(
                equalToJson(
                    "{\"charge_id\":\""
                        + CAPTURE_CHARGE
                        + "\",\"amount\":1.000,\"currency\":\"KWD\","
                        + "\"reason\":\"requested_by_customer\","
                        + "\"description\":\"damaged on arrival\","
                        + "\"reference\":{\"merchant\":\"order-1001\","
                        + "\"idempotent\":\"pay_01HZX3:refund:tap:1\"},"
                        + "\"metadata\":{\"ottu_payment_id\":\"pay_01HZX3\","
                        + "\"ottu_idempotency_key\":\"pay_01HZX3:refund:tap:1\"},"
                        + "\"post\":{\"url\":\""
                        + POST_URL
                        + "\"}}"))
            .withRequestBody(containing("\"amount\":1.000,"))
            .willReturn(
                TapFixtures.ok(
                    TapFixtures.refund(
                        REFUND,
                        CAPTURE_CHARGE,
                        "REFUNDED",
                        "000",
                        "Refunded",
                        Money.of("1.000", "KWD")))));

    GatewayResult result = tap.refund(refundOf(Money.of("1.000", "KWD"), "damaged on arrival"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.REFUNDED);
    assertThat(result.gatewayReference()).contains(AUTH);
    assertThat(result.transactionReference()).contains(REFUND);
    assertThat(result.amount()).contains(Money.of("1.000", "KWD"));
  }

  @Test
  void refundStatusesMap() {
    assertRefund("PENDING", "100", GatewayResult.Type.PENDING);
    assertRefund("IN_PROGRESS", "200", GatewayResult.Type.PENDING);
    assertRefund("DECLINED", "502", GatewayResult.Type.DECLINED);
    wireMock.resetAll();
    wireMock.stubFor(
        tapPost("/refunds")
            .withRequestBody(matchingJsonPath("$.reason", equalTo("duplicate")))
            .willReturn(
                TapFixtures.ok(
                    TapFixtures.refund(
                        REFUND,
                        CAPTURE_CHARGE,
                        "DECLINED",
                        "502",
                        "Declined, Insufficient Balance",
                        Money.of("1.000", "KWD")))));
    GatewayResult declined = tap.refund(refundOf(Money.of("1.000", "KWD"), "duplicate"));
    assertThat(declined.decline().orElseThrow().reason())
        .isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
    assertThat(declined.decline().orElseThrow().rawCode()).isEqualTo("refund-502");
    wireMock.resetAll();
    wireMock.stubFor(
        tapPost("/refunds")
            .willReturn(
                TapFixtures.ok(
                    TapFixtures.refund(
                        REFUND,
                        CAPTURE_CHARGE,
                        "TIMEDOUT",
                        "701",
                        "Timed Out",
                        Money.of("1.000", "KWD")))));
    GatewayException unknown =
        catchThrowableOfType(
            GatewayException.class, () -> tap.refund(refundOf(Money.of("1.000", "KWD"), null)));
    assertThat(unknown.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  private void assertRefund(String status, String code, GatewayResult.Type expected) {
    wireMock.resetAll();
    wireMock.stubFor(
        tapPost("/refunds")
            .willReturn(
                TapFixtures.ok(
                    TapFixtures.refund(
                        REFUND, CAPTURE_CHARGE, status, code, status, Money.of("1.000", "KWD")))));
    GatewayResult result = tap.refund(refundOf(Money.of("1.000", "KWD"), null));
    assertThat(result.type()).as(status).isEqualTo(expected);
    assertThat(result.rawStatus()).contains(status);
  }

  @Test
  void aPurchaseIsRefundedByItsChargeAndAnUncapturedAuthorizationIsNot() {
    wireMock.stubFor(
        tapPost("/refunds")
            .withRequestBody(matchingJsonPath("$.charge_id", equalTo(CHARGE)))
            .willReturn(
                TapFixtures.ok(
                    TapFixtures.refund(
                        REFUND, CHARGE, "PENDING", "100", "Pending", Money.of("2.000", "KWD")))));

    GatewayResult result =
        tap.refund(
            new RefundRequest(
                "pay_01HZX3", "order-1001", CHARGE, null, Money.of("2.000", "KWD"), null, "k", 1));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.PENDING);
    assertThat(result.amount()).contains(Money.of("2.000", "KWD"));
    GatewayException e =
        catchThrowableOfType(
            GatewayException.class,
            () ->
                tap.refund(
                    new RefundRequest(
                        "pay_01HZX3",
                        "order-1001",
                        AUTH,
                        null,
                        Money.of("2.000", "KWD"),
                        null,
                        "k2",
                        1)));
    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(requestsTo("/refunds")).isEqualTo(1);
  }

  // ---- lookup
  // -------------------------------------------------------------------------------------

  @Nested
  class Lookup {
    private LookupRequest lookup(GatewayOperation op, String gatewayReference, String key) {
      return new LookupRequest(
          "pay_01HZX3", "order-1001", gatewayReference, op, Money.of("12.500", "KWD"), key);
    }

    private MappingBuilder list(String path) {
      return tapPost(path)
          .withRequestBody(matchingJsonPath("$.period.date.from", equalTo(FROM)))
          .withRequestBody(matchingJsonPath("$.period.date.to", equalTo(TO)))
          .withRequestBody(matchingJsonPath("$.limit", equalTo("50")));
    }

    @Test
    void byChargeId() {
      AuthorizeRequest original = knet(Money.of("12.500", "KWD"));
      wireMock.stubFor(
          tapGet("/charges/" + CHARGE)
              .willReturn(TapFixtures.ok(charge(original, "CAPTURED", "000", "Captured"))));

      Optional<GatewayResult> found =
          tap.lookup(lookup(GatewayOperation.PURCHASE, CHARGE, original.idempotencyKey()));

      assertThat(found)
          .hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(GatewayResult.Type.CAPTURED));
    }

    @Test
    void tapsNotFoundIsNoRecordButAServerErrorIsNot() {
      wireMock.stubFor(
          tapGet("/charges/" + CHARGE)
              .willReturn(TapFixtures.error(400, "1144", "Charge not found")));
      assertThat(tap.lookup(lookup(GatewayOperation.PURCHASE, CHARGE, "k"))).isEmpty();

      wireMock.stubFor(
          tapGet("/charges/" + CHARGE)
              .willReturn(TapFixtures.error(500, "9999", "Internal server error")));
      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () -> tap.lookup(lookup(GatewayOperation.PURCHASE, CHARGE, "k")));
      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    }

    @Test
    void withoutTapsIdTheFilteredListFindsTheChargeOfThisAttempt() {
      AuthorizeRequest original = knet(Money.of("12.500", "KWD"));
      ObjectNode earlierAttempt = charge(original, "DECLINED", "507", "Declined");
      earlierAttempt.put("id", "chg_TS01EARLIER");
      ((ObjectNode) earlierAttempt.get("metadata"))
          .put("ottu_idempotency_key", "pay_01HZX3:authorize:tap:0");
      wireMock.stubFor(
          list("/charges/list")
              .withRequestBody(matchingJsonPath("$.reference.order", equalTo("pay_01HZX3")))
              .withRequestBody(matchingJsonPath("$.order", equalTo("reverse_chronological")))
              .willReturn(
                  TapFixtures.json(
                      200,
                      TapFixtures.list(
                          "charges",
                          false,
                          earlierAttempt,
                          charge(original, "CAPTURED", "000", "Captured")))));

      Optional<GatewayResult> found =
          tap.lookup(lookup(GatewayOperation.PURCHASE, null, original.idempotencyKey()));

      assertThat(found).isPresent();
      assertThat(found.orElseThrow().gatewayReference()).contains(CHARGE);
      assertThat(found.orElseThrow().type()).isEqualTo(GatewayResult.Type.CAPTURED);
      assertThat(requestsTo("/charges/list")).isEqualTo(1);
    }

    @Test
    void noRecordOnlyAfterTheUnfilteredPeriodWasReadToItsEnd() {
      AuthorizeRequest someoneElse =
          new AuthorizeRequest(
              "pay_OTHER",
              "order-2",
              Money.of("1.000", "KWD"),
              GatewaySource.gatewayToken("src_kw.knet"),
              true,
              "other-key",
              1,
              ThreeDSecure.AUTOMATIC,
              "https://shop.example/return",
              customer(),
              null,
              Map.of());
      ObjectNode first = charge(someoneElse, "CAPTURED", "000", "Captured");
      first.put("id", "chg_TS01PAGE1");
      ObjectNode second = charge(someoneElse, "CAPTURED", "000", "Captured");
      second.put("id", "chg_TS01PAGE2");
      // A filter Tap applied differently answers nothing useful; the scan still decides.
      wireMock.stubFor(
          list("/charges/list")
              .atPriority(1)
              .withRequestBody(matchingJsonPath("$.reference.order"))
              .willReturn(TapFixtures.error(400, "1103", "Required inputs are invalid")));
      wireMock.stubFor(
          list("/charges/list")
              .atPriority(2)
              .withRequestBody(matchingJsonPath("$.starting_after", equalTo("chg_TS01PAGE1")))
              .willReturn(TapFixtures.json(200, TapFixtures.list("charges", false, second))));
      wireMock.stubFor(
          list("/charges/list")
              .atPriority(5)
              .willReturn(TapFixtures.json(200, TapFixtures.list("charges", true, first))));

      Optional<GatewayResult> found =
          tap.lookup(lookup(GatewayOperation.PURCHASE, null, "pay_01HZX3:authorize:tap:1"));

      assertThat(found).isEmpty();
      assertThat(requestsTo("/charges/list")).isEqualTo(3);
    }

    @Test
    void anEmptyPeriodIsTapsCharges_not_foundAnswer() {
      wireMock.stubFor(
          list("/authorize/list").willReturn(TapFixtures.error(400, "1144", "Charges not found")));

      assertThat(tap.lookup(lookup(GatewayOperation.AUTHORIZE, null, "k"))).isEmpty();
    }

    @Test
    void tooManyRecordsToProveAbsenceIsAnUnknownOutcome() {
      tap = builder().lookupScanPages(2).build();
      AuthorizeRequest someoneElse =
          new AuthorizeRequest(
              "pay_OTHER",
              "order-2",
              Money.of("1.000", "KWD"),
              GatewaySource.gatewayToken("src_kw.knet"),
              true,
              "other-key",
              1,
              ThreeDSecure.AUTOMATIC,
              "https://shop.example/return",
              customer(),
              null,
              Map.of());
      ObjectNode busy = charge(someoneElse, "CAPTURED", "000", "Captured");
      wireMock.stubFor(
          list("/charges/list")
              .willReturn(TapFixtures.json(200, TapFixtures.list("charges", true, busy))));

      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () -> tap.lookup(lookup(GatewayOperation.PURCHASE, null, "k")));

      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(e.getMessage()).contains("cannot be proven");
    }

    @Test
    void aCaptureIsFoundByItsKeyAndOneThatNeverRanIsNoRecord() {
      ObjectNode captured =
          TapFixtures.charge(
              CAPTURE_CHARGE, "CAPTURED", "000", "Captured", Money.of("5.000", "KWD"));
      ((ObjectNode) captured.get("reference")).put("order", "pay_01HZX3");
      ((ObjectNode) captured.get("metadata"))
          .put("ottu_idempotency_key", "pay_01HZX3:capture:tap:1");
      wireMock.stubFor(
          list("/charges/list")
              .willReturn(TapFixtures.json(200, TapFixtures.list("charges", false, captured))));

      Optional<GatewayResult> found =
          tap.lookup(lookup(GatewayOperation.CAPTURE, AUTH, "pay_01HZX3:capture:tap:1"));

      assertThat(found).isPresent();
      assertThat(found.orElseThrow().gatewayReference()).contains(AUTH);
      assertThat(found.orElseThrow().transactionReference()).contains(CAPTURE_CHARGE);
      assertThat(found.orElseThrow().amount()).contains(Money.of("5.000", "KWD"));

      wireMock.resetAll();
      wireMock.stubFor(
          list("/charges/list").willReturn(TapFixtures.error(400, "1144", "Charges not found")));
      stubAuthorized(Money.of("12.500", "KWD"));
      assertThat(tap.lookup(lookup(GatewayOperation.CAPTURE, AUTH, "pay_01HZX3:capture:tap:2")))
          .isEmpty();

      wireMock.stubFor(
          tapGet("/authorize/" + AUTH)
              .willReturn(
                  TapFixtures.ok(
                      TapFixtures.authorize(
                          AUTH, "CAPTURED", "000", "Captured", Money.of("12.500", "KWD")))));
      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () -> tap.lookup(lookup(GatewayOperation.CAPTURE, AUTH, "pay_01HZX3:capture:tap:2")));
      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    }

    @Test
    void aCancelIsReadFromTheAuthorization() {
      stubAuthorized(Money.of("12.500", "KWD"));
      assertThat(tap.lookup(lookup(GatewayOperation.CANCEL, AUTH, "k"))).isEmpty();

      wireMock.stubFor(
          tapGet("/authorize/" + AUTH)
              .willReturn(
                  TapFixtures.ok(
                      TapFixtures.authorize(
                          AUTH, "VOID", "601", "Void", Money.of("12.500", "KWD")))));
      assertThat(tap.lookup(lookup(GatewayOperation.CANCEL, AUTH, "k")))
          .hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(GatewayResult.Type.CANCELLED));
    }

    @Test
    void aRefundIsFoundByItsKeyInTheRefundList() {
      ObjectNode other =
          TapFixtures.refund(
              "re_OTHER", CAPTURE_CHARGE, "REFUNDED", "000", "Refunded", Money.of("1.000", "KWD"));
      ObjectNode mine =
          TapFixtures.refund(
              REFUND, CAPTURE_CHARGE, "REFUNDED", "000", "Refunded", Money.of("2.000", "KWD"));
      ((ObjectNode) mine.get("metadata")).put("ottu_idempotency_key", "pay_01HZX3:refund:tap:2");
      wireMock.stubFor(
          list("/refunds/list")
              .withRequestBody(notContaining("\"order\""))
              .willReturn(TapFixtures.json(200, TapFixtures.list("refunds", false, other, mine))));

      Optional<GatewayResult> found =
          tap.lookup(lookup(GatewayOperation.REFUND, AUTH, "pay_01HZX3:refund:tap:2"));

      assertThat(found).isPresent();
      assertThat(found.orElseThrow().type()).isEqualTo(GatewayResult.Type.REFUNDED);
      assertThat(found.orElseThrow().transactionReference()).contains(REFUND);
      assertThat(found.orElseThrow().amount()).contains(Money.of("2.000", "KWD"));
    }
  }

  // ---- logs and builder
  // ----------------------------------------------------------------------------

  @Test
  void logsNeverCarryTheCardNumberTheCvcOrTheKey() {
    CapturingLogger logger = new CapturingLogger();
    tap =
        builder()
            .logging(
                RedactingLoggingInterceptor.builder()
                    .logger(logger)
                    .headers(true)
                    .bodies(true)
                    .build())
            .build();
    AuthorizeRequest request = request(Money.of("1.000", "KWD"), true);
    stubToken();
    wireMock.stubFor(
        tapPost("/charges")
            .willReturn(TapFixtures.ok(charge(request, "CAPTURED", "000", "Captured"))));

    tap.authorize(request);

    String written = logger.text();
    assertThat(written).contains("/v2/tokens").contains("450875******1019").contains("/v2/charges");
    assertThat(written).doesNotContain(VISA_3DS).doesNotContain(KEY);
    assertThat(written).doesNotContainPattern("\"cvc\"\\s*:\\s*\"100\"").contains("[REDACTED]");
  }

  @Test
  void builderNamesTheFieldAndNeverEchoesTheKey() {
    assertThatThrownBy(() -> TapGateway.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secretKey: is required");
    assertThatThrownBy(
            () -> TapGateway.builder().secretKey("pk_test_EtHFV4BuPQokJT6jiROls87Y").build())
        .hasMessageStartingWith("secretKey:")
        .hasMessageContaining("publishable")
        .hasMessageNotContaining("EtHFV4BuPQokJT6jiROls87Y");
    assertThatThrownBy(() -> TapGateway.builder().secretKey("sk_prod_abcdefghijklmnop").build())
        .hasMessageStartingWith("secretKey:")
        .hasMessageNotContaining("abcdefghijklmnop");
    assertThatThrownBy(
            () -> TapGateway.builder().secretKey(KEY).baseUrl("http://api.tap.company/v2").build())
        .hasMessageStartingWith("baseUrl:");
    assertThatThrownBy(() -> TapGateway.builder().secretKey(KEY).readTimeout(Duration.ZERO).build())
        .hasMessageStartingWith("readTimeout:");
    assertThatThrownBy(() -> TapGateway.builder().secretKey(KEY).id(" ").build())
        .hasMessageStartingWith("id:");
    assertThatThrownBy(() -> TapGateway.builder().secretKey(KEY).postUrl("not a url").build())
        .hasMessageStartingWith("postUrl:");
    assertThatThrownBy(() -> TapGateway.builder().secretKey(KEY).merchantId(" ").build())
        .hasMessageStartingWith("merchantId:");
    assertThatThrownBy(() -> TapGateway.builder().secretKey(KEY).autoVoidAfterHours(169).build())
        .hasMessageStartingWith("autoVoidAfterHours:");
    assertThatThrownBy(
            () -> TapGateway.builder().secretKey(KEY).lookupWindow(Duration.ofDays(91)).build())
        .hasMessageStartingWith("lookupWindow:");
    assertThatThrownBy(() -> TapGateway.builder().secretKey(KEY).lookupScanPages(0).build())
        .hasMessageStartingWith("lookupScanPages:");

    TapGateway live = TapGateway.builder().secretKey("sk_live_0123456789abcdefghijkl").build();
    assertThat(live.liveMode()).isTrue();
    assertThat(live.toString())
        .doesNotContain("sk_live")
        .contains("https://api.tap.company/v2")
        .contains("live");
    assertThat(live.id()).isEqualTo("tap");
    assertThat(tap.liveMode()).isFalse();
    assertThat(tap.capabilities().idempotencyKeys()).isTrue();
    assertThat(tap.capabilities().partialCapture()).isTrue();
    assertThat(tap.capabilities().multipleCaptures()).isFalse();
    assertThat(tap.capabilities().partialRefund()).isTrue();
    assertThat(tap.capabilities().supports(GatewayOperation.LOOKUP)).isTrue();
  }

  @Test
  void anOverlongIdempotencyKeyOrReferenceIsRejectedBeforeSending() {
    AuthorizeRequest r = knet(Money.of("1.000", "KWD"));
    AuthorizeRequest longKey =
        new AuthorizeRequest(
            r.paymentId(),
            r.reference(),
            r.amount(),
            r.source(),
            true,
            "k".repeat(100),
            1,
            r.threeDSecure(),
            r.returnUrl(),
            r.customer(),
            null,
            r.metadata());
    AuthorizeRequest longReference =
        new AuthorizeRequest(
            r.paymentId(),
            "o".repeat(100),
            r.amount(),
            r.source(),
            true,
            r.idempotencyKey(),
            1,
            r.threeDSecure(),
            r.returnUrl(),
            r.customer(),
            null,
            r.metadata());

    assertThatThrownBy(() -> tap.authorize(longKey))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("idempotencyKey");
    assertThatThrownBy(() -> tap.authorize(longReference))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("reference");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aRetryCarriesTheSameIdempotentStringAndTheAdapterSendsOnce() {
    AuthorizeRequest request = knet(Money.of("1.000", "KWD"));
    wireMock.stubFor(
        tapPost("/charges").willReturn(TapFixtures.error(500, "9999", "Internal server error")));

    assertThatThrownBy(() -> tap.authorize(request)).isInstanceOf(GatewayException.class);
    assertThatThrownBy(() -> tap.authorize(request)).isInstanceOf(GatewayException.class);

    wireMock.verify(
        2,
        postRequestedFor(urlPathEqualTo("/v2/charges"))
            .withRequestBody(
                matchingJsonPath("$.reference.idempotent", equalTo("pay_01HZX3:authorize:tap:1"))));
    wireMock.verify(
        2,
        postRequestedFor(urlPathEqualTo("/v2/charges"))
            .withRequestBody(
                matchingJsonPath(
                    "$.metadata.ottu_idempotency_key", matching("pay_01HZX3:authorize:tap:1"))));
  }
}
