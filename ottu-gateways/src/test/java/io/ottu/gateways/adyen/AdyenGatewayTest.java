package io.ottu.gateways.adyen;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ottu.Customer;
import io.ottu.Decline;
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
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AdyenGateway} against WireMock stubs shaped like the Checkout API v71's documented
 * answers, matching what the adapter sends: the path under {@code /v71}, {@code X-API-Key}, {@code
 * Idempotency-Key}, and the JSON body field by field.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdyenGatewayTest {
  private static final String KEY = AdyenFixtures.API_KEY;
  private static final String MERCHANT = AdyenFixtures.MERCHANT;
  private static final String PSP = AdyenFixtures.PSP;
  private static final String REFERENCE = "order-1001";
  private static final String AUTH_KEY = "ot_4f1c2a9e0b7d43e5a1c6f8b2d9e07a3c51b4f6d2";
  private static final String RETURN_URL = "https://shop.example/return?order=1001";

  /** Adyen's public Visa test card (docs.adyen.com test card numbers), CVC 737. */
  private static final String ADYEN_VISA = "4111111111111111";

  // Started before the class and stopped after it; reset by each class's own @BeforeEach.
  @RegisterExtension
  static final WireMockExtension wireMock =
      WireMockExtension.newInstance().options(KitWireMock.options()).resetOnEachTest(false).build();

  private AdyenGateway adyen;

  @BeforeEach
  void reset() {
    wireMock.resetAll();
    adyen = builder().build();
  }

  private AdyenGateway.Builder builder() {
    return AdyenGateway.builder()
        .apiKey(KEY)
        .merchantAccount(MERCHANT)
        .baseUrl("http://127.0.0.1:" + wireMock.getPort() + "/v71")
        .logging(RedactingLoggingInterceptor.builder().headers(true).bodies(true).build());
  }

  private static AuthorizeRequest request(Money amount, boolean capture) {
    return request(
        amount,
        capture,
        GatewaySource.card(TestCards.card(ADYEN_VISA)),
        ThreeDSecure.AUTOMATIC,
        null,
        RETURN_URL,
        Map.of());
  }

  private static AuthorizeRequest request(
      Money amount,
      boolean capture,
      GatewaySource source,
      ThreeDSecure threeDs,
      Customer customer,
      String returnUrl,
      Map<String, String> metadata) {
    return new AuthorizeRequest(
        "pay_01HZX3",
        REFERENCE,
        amount,
        source,
        capture,
        AUTH_KEY,
        1,
        threeDs,
        returnUrl,
        customer,
        "Order 1001",
        metadata);
  }

  private static MappingBuilder payments() {
    return post(urlPathEqualTo("/v71/payments"))
        .withHeader("X-API-Key", equalTo(KEY))
        .withHeader("Content-Type", equalTo("application/json"))
        .withHeader("Accept", equalTo("application/json"))
        .withHeader("Idempotency-Key", equalTo(AUTH_KEY));
  }

  private void stubPayments(ObjectNode answer) {
    wireMock.stubFor(payments().willReturn(AdyenFixtures.json(200, answer.toString())));
  }

  private void assertNothingSent() {
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  // ---- authorize and purchase -----------------------------------------------------------------

  @Test
  void authorizeSendsTheCardForManualCaptureAndIsAuthorized() {
    AuthorizeRequest request = request(Money.of("12.50", "EUR"), false);
    wireMock.stubFor(
        payments()
            .withRequestBody(
                equalToJson(
                    "{\"amount\":{\"currency\":\"EUR\",\"value\":1250},"
                        + "\"merchantAccount\":\"OttuTestECOM\","
                        + "\"reference\":\"order-1001\","
                        + "\"paymentMethod\":{\"type\":\"scheme\",\"number\":\"4111111111111111\","
                        + "\"expiryMonth\":\"03\",\"expiryYear\":\"2034\",\"cvc\":\"737\"},"
                        + "\"returnUrl\":\"https://shop.example/return?order=1001\","
                        + "\"channel\":\"Web\","
                        + "\"additionalData\":{\"manualCapture\":\"true\"},"
                        + "\"metadata\":{\"ottu_payment_id\":\"pay_01HZX3\"}}"))
            .willReturn(
                AdyenFixtures.json(
                    200, AdyenFixtures.authorised(PSP, request.amount(), REFERENCE).toString())));

    GatewayResult result = adyen.authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(result.gatewayReference()).contains(PSP);
    assertThat(result.amount()).contains(Money.of("12.50", "EUR"));
    assertThat(result.rawStatus()).contains("Authorised");
  }

  @Test
  void purchaseAsksForImmediateCaptureAndAnAuthorisedAnswerIsCaptured() {
    AuthorizeRequest request = request(Money.of("12.50", "EUR"), true);
    wireMock.stubFor(
        payments()
            .withRequestBody(matchingJsonPath("$.captureDelayHours", equalTo("0")))
            .withRequestBody(notContaining("manualCapture"))
            .willReturn(
                AdyenFixtures.json(
                    200, AdyenFixtures.authorised(PSP, request.amount(), REFERENCE).toString())));

    GatewayResult result = adyen.authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(result.gatewayReference()).contains(PSP);
    assertThat(result.amount()).contains(Money.of("12.50", "EUR"));
  }

  @Test
  void anAuthorisedAnswerWithoutAmountReportsNoAmountRatherThanAnInventedOne() {
    ObjectNode answer = AdyenFixtures.authorised(PSP, Money.of("12.50", "EUR"), REFERENCE);
    answer.remove("amount");
    stubPayments(answer);

    GatewayResult result = adyen.authorize(request(Money.of("12.50", "EUR"), false));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(result.amount()).isEmpty();
  }

  @Test
  void aGatewayTokenGoesAsAStoredPaymentMethodOfTheCustomersShopperReference() {
    AuthorizeRequest request =
        request(
            Money.of("20.00", "GBP"),
            false,
            GatewaySource.gatewayToken("M5N7TQ4TG5PFWR50"),
            ThreeDSecure.REQUIRED,
            new Customer("shopper-77", "s.hopper@example.com", "GB", "192.0.2.1"),
            RETURN_URL,
            Map.of("channel", "web"));
    wireMock.stubFor(
        payments()
            .withRequestBody(
                equalToJson(
                    "{\"amount\":{\"currency\":\"GBP\",\"value\":2000},"
                        + "\"merchantAccount\":\"OttuTestECOM\","
                        + "\"reference\":\"order-1001\","
                        + "\"paymentMethod\":{\"type\":\"scheme\","
                        + "\"storedPaymentMethodId\":\"M5N7TQ4TG5PFWR50\"},"
                        + "\"shopperInteraction\":\"ContAuth\","
                        + "\"recurringProcessingModel\":\"CardOnFile\","
                        + "\"returnUrl\":\"https://shop.example/return?order=1001\","
                        + "\"channel\":\"Web\","
                        + "\"additionalData\":{\"manualCapture\":\"true\"},"
                        + "\"authenticationData\":{\"attemptAuthentication\":\"always\"},"
                        + "\"shopperReference\":\"shopper-77\","
                        + "\"shopperEmail\":\"s.hopper@example.com\","
                        + "\"shopperIP\":\"192.0.2.1\","
                        + "\"countryCode\":\"GB\","
                        + "\"metadata\":{\"channel\":\"web\",\"ottu_payment_id\":\"pay_01HZX3\"}}"))
            .willReturn(
                AdyenFixtures.json(
                    200, AdyenFixtures.authorised(PSP, request.amount(), REFERENCE).toString())));

    assertThat(adyen.authorize(request).type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
  }

  @Test
  void aGatewayTokenWithoutAShopperReferenceIsRejectedBeforeSending() {
    AuthorizeRequest request =
        request(
            Money.of("20.00", "GBP"),
            false,
            GatewaySource.gatewayToken("M5N7TQ4TG5PFWR50"),
            ThreeDSecure.AUTOMATIC,
            null,
            RETURN_URL,
            Map.of());

    assertThatThrownBy(() -> adyen.authorize(request))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("customer.id:")
        .hasMessageContaining("shopperReference");
    assertNothingSent();
  }

  @Test
  void skippingThreeDsSendsNeverAndTheRecurringModelIsConfigurable() {
    AuthorizeRequest request =
        request(
            Money.of("20.00", "GBP"),
            true,
            GatewaySource.gatewayToken("M5N7TQ4TG5PFWR50"),
            ThreeDSecure.SKIP,
            Customer.ofId("shopper-77"),
            RETURN_URL,
            Map.of());
    wireMock.stubFor(
        payments()
            .withRequestBody(
                matchingJsonPath("$.authenticationData.attemptAuthentication", equalTo("never")))
            .withRequestBody(
                matchingJsonPath("$.recurringProcessingModel", equalTo("UnscheduledCardOnFile")))
            .willReturn(
                AdyenFixtures.json(
                    200, AdyenFixtures.authorised(PSP, request.amount(), REFERENCE).toString())));

    GatewayResult result =
        builder().recurringProcessingModel("UnscheduledCardOnFile").build().authorize(request);

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
  }

  @Test
  void aMissingReturnUrlIsRejectedBeforeSendingUnlessTheBuilderHasADefault() {
    AuthorizeRequest request =
        request(
            Money.of("5.00", "EUR"),
            false,
            GatewaySource.card(TestCards.card(ADYEN_VISA)),
            ThreeDSecure.AUTOMATIC,
            null,
            null,
            Map.of());

    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> adyen.authorize(request));
    assertThat(e.field()).isEqualTo("returnUrl");
    assertThat(e.getMessage()).contains("Adyen requires a return URL");
    assertNothingSent();

    wireMock.stubFor(
        payments()
            .withRequestBody(matchingJsonPath("$.returnUrl", equalTo("myapp://adyen")))
            .withRequestBody(notContaining("\"channel\""))
            .willReturn(
                AdyenFixtures.json(
                    200, AdyenFixtures.authorised(PSP, request.amount(), REFERENCE).toString())));
    GatewayResult result = builder().defaultReturnUrl("myapp://adyen").build().authorize(request);
    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
  }

  @Test
  void metadataBeyondAdyensLimitsAndAnOverlongReferenceAreRejectedBeforeSending() {
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 20; i++) {
      tooMany.put("k" + i, "v");
    }
    AuthorizeRequest many =
        request(
            Money.of("5.00", "EUR"),
            false,
            GatewaySource.card(TestCards.card(ADYEN_VISA)),
            ThreeDSecure.AUTOMATIC,
            null,
            RETURN_URL,
            tooMany);
    assertThatThrownBy(() -> adyen.authorize(many)).hasMessageStartingWith("metadata:");

    AuthorizeRequest longKey =
        request(
            Money.of("5.00", "EUR"),
            false,
            GatewaySource.card(TestCards.card(ADYEN_VISA)),
            ThreeDSecure.AUTOMATIC,
            null,
            RETURN_URL,
            Map.of("a_key_longer_than_twenty", "v"));
    assertThatThrownBy(() -> adyen.authorize(longKey))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("metadata:");

    AuthorizeRequest r = request(Money.of("5.00", "EUR"), false);
    AuthorizeRequest longReference =
        new AuthorizeRequest(
            r.paymentId(),
            "r".repeat(81),
            r.amount(),
            r.source(),
            false,
            AUTH_KEY,
            1,
            r.threeDSecure(),
            RETURN_URL,
            null,
            null,
            Map.of());
    assertThatThrownBy(() -> adyen.authorize(longReference)).hasMessageStartingWith("reference:");
    assertNothingSent();
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
            "k".repeat(65),
            1,
            r.threeDSecure(),
            RETURN_URL,
            null,
            null,
            Map.of());

    assertThatThrownBy(() -> adyen.authorize(longKey))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("idempotencyKey:")
        .hasMessageContaining("64");
    assertNothingSent();
  }

  // ---- amounts --------------------------------------------------------------------------------

  @Nested
  class Amounts {
    @Test
    void threeDecimalCurrenciesGoInThousandthsWithoutAnyRounding() {
      for (String[] c : new String[][] {{"12.345", "KWD", "12345"}, {"0.125", "BHD", "125"}}) {
        wireMock.resetAll();
        AuthorizeRequest request = request(Money.of(c[0], c[1]), false);
        wireMock.stubFor(
            payments()
                .withRequestBody(
                    matchingJsonPath(
                        "$.amount",
                        equalToJson("{\"currency\":\"" + c[1] + "\",\"value\":" + c[2] + "}")))
                .willReturn(
                    AdyenFixtures.json(
                        200,
                        AdyenFixtures.authorised(PSP, request.amount(), REFERENCE).toString())));

        assertThat(adyen.authorize(request).amount()).contains(Money.of(c[0], c[1]));
      }
      assertThat(AdyenGateway.AMOUNTS.toMinorUnits(Money.of("1.001", "JOD"))).isEqualTo(1001);
      assertThat(AdyenGateway.AMOUNTS.toMinorUnits(Money.of("1.001", "OMR"))).isEqualTo(1001);
      assertThat(AdyenGateway.AMOUNTS.toMinorUnits(Money.of("1.001", "TND"))).isEqualTo(1001);
      assertThat(AdyenGateway.AMOUNTS.toMinorUnits(Money.of("1.001", "IQD"))).isEqualTo(1001);
      assertThat(AdyenGateway.AMOUNTS.toMinorUnits(Money.of("1.001", "LYD"))).isEqualTo(1001);
    }

    @Test
    void zeroDecimalCurrenciesAreSentUnmultiplied() {
      AuthorizeRequest request = request(Money.of("1500", "JPY"), false);
      wireMock.stubFor(
          payments()
              .withRequestBody(
                  matchingJsonPath(
                      "$.amount", equalToJson("{\"currency\":\"JPY\",\"value\":1500}")))
              .willReturn(
                  AdyenFixtures.json(
                      200, AdyenFixtures.authorised(PSP, request.amount(), REFERENCE).toString())));

      assertThat(adyen.authorize(request).amount()).contains(Money.of("1500", "JPY"));
    }

    @Test
    void adyenDepartsFromIsoForClpIskCveAndIdr() {
      // CLP and ISK: no decimals in ISO, two at Adyen.
      AuthorizeRequest clp = request(Money.of("1500", "CLP"), false);
      wireMock.stubFor(
          payments()
              .withRequestBody(
                  matchingJsonPath(
                      "$.amount", equalToJson("{\"currency\":\"CLP\",\"value\":150000}")))
              .willReturn(
                  AdyenFixtures.json(
                      200,
                      "{\"amount\":{\"currency\":\"CLP\",\"value\":150000},"
                          + "\"merchantReference\":\"order-1001\",\"pspReference\":\""
                          + PSP
                          + "\",\"resultCode\":\"Authorised\"}")));
      assertThat(adyen.authorize(clp).amount()).contains(Money.of("1500", "CLP"));
      assertThat(AdyenGateway.AMOUNTS.toMinorUnits(Money.of("250", "ISK"))).isEqualTo(25000);
      assertThat(AdyenGateway.AMOUNTS.fromMinorUnits(25000, "isk"))
          .isEqualTo(Money.of("250", "ISK"));
      // CVE and IDR: two decimals in ISO, none at Adyen.
      assertThat(AdyenGateway.AMOUNTS.toMinorUnits(Money.of("10000", "IDR"))).isEqualTo(10000);
      assertThat(AdyenGateway.AMOUNTS.toMinorUnits(Money.of("250.00", "CVE"))).isEqualTo(250);
      assertThat(AdyenGateway.AMOUNTS.fromMinorUnits(250, "CVE")).isEqualTo(Money.of("250", "CVE"));
    }

    @Test
    void anIdrAmountWithCentsIsRejectedBeforeSending() {
      wireMock.resetAll();
      AuthorizeRequest request = request(Money.of("10000.50", "IDR"), false);

      InvalidRequestException e =
          catchThrowableOfType(InvalidRequestException.class, () -> adyen.authorize(request));

      assertThat(e.field()).isEqualTo("amount");
      assertThat(e.getMessage()).contains("Adyen").contains("IDR with 0 decimals");
      assertNothingSent();
      assertThatThrownBy(() -> AdyenGateway.AMOUNTS.toMinorUnits(Money.of("12.50", "CVE")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("amount:");
    }

    @Test
    void aClpAnswerWithCentsCannotBeAMoneyAndIsAnUnknownOutcome() {
      stubPayments(
          AdyenFixtures.JSON
              .createObjectNode()
              .put("pspReference", PSP)
              .put("resultCode", "Authorised")
              .set(
                  "amount",
                  AdyenFixtures.JSON
                      .createObjectNode()
                      .put("currency", "CLP")
                      .put("value", 150050)));

      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () -> adyen.authorize(request(Money.of("1500", "CLP"), false)));

      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    }
  }

  // ---- result codes -----------------------------------------------------------------------------

  @Test
  void pendingAndReceivedArePendingWithTheReportedAmount() {
    for (String code : new String[] {"Pending", "Received"}) {
      wireMock.resetAll();
      ObjectNode answer = AdyenFixtures.authorised(PSP, Money.of("5.00", "EUR"), REFERENCE);
      answer.put("resultCode", code);
      stubPayments(answer);

      GatewayResult result = adyen.authorize(request(Money.of("5.00", "EUR"), false));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.PENDING);
      assertThat(result.gatewayReference()).contains(PSP);
      assertThat(result.amount()).contains(Money.of("5.00", "EUR"));
      assertThat(result.rawStatus()).contains(code);
    }
  }

  @Test
  void partiallyAuthorisedReportsTheSmallerAmountForTheEnginesIntegrityCheck() {
    ObjectNode answer = AdyenFixtures.authorised(PSP, Money.of("3.00", "EUR"), REFERENCE);
    answer.put("resultCode", "PartiallyAuthorised");
    stubPayments(answer);

    GatewayResult result = adyen.authorize(request(Money.of("5.00", "EUR"), false));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(result.amount()).contains(Money.of("3.00", "EUR"));
  }

  @Test
  void authenticationOnlyResultsAreRejectedAndUnknownResultCodesAreUnknownOutcomes() {
    ObjectNode answer = AdyenFixtures.JSON.createObjectNode();
    answer.put("pspReference", PSP).put("resultCode", "AuthenticationNotRequired");
    stubPayments(answer);
    GatewayException e = authorizeFails();
    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.gatewayCode()).contains("AuthenticationNotRequired");

    wireMock.resetAll();
    stubPayments(answer.put("resultCode", "Success"));
    assertThat(authorizeFails().failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);

    wireMock.resetAll();
    answer.remove("resultCode");
    stubPayments(answer);
    assertThat(authorizeFails().failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  @Test
  void anAuthorisationWithoutPspReferenceOrAboutAnotherReferenceIsAnUnknownOutcome() {
    ObjectNode answer = AdyenFixtures.authorised(PSP, Money.of("5.00", "EUR"), REFERENCE);
    answer.remove("pspReference");
    stubPayments(answer);
    assertThat(authorizeFails().failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);

    wireMock.resetAll();
    stubPayments(AdyenFixtures.authorised(PSP, Money.of("5.00", "EUR"), "order-9999"));
    GatewayException e = authorizeFails();
    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.getMessage()).contains("order-9999");
  }

  // ---- declines -------------------------------------------------------------------------------

  @Nested
  class Declines {
    private Decline declineFor(String resultCode, String code, String reason) {
      wireMock.resetAll();
      stubPayments(
          AdyenFixtures.refused(resultCode, code, reason, Money.of("5.00", "EUR"), REFERENCE));
      GatewayResult result = adyen.authorize(request(Money.of("5.00", "EUR"), false));
      assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
      assertThat(result.rawStatus()).contains(resultCode);
      return result.decline().orElseThrow();
    }

    @Test
    void notEnoughBalanceIsAHardDeclineOnTheRefusedPayment() {
      wireMock.resetAll();
      stubPayments(
          AdyenFixtures.refused(
              "Refused", "12", "Not enough balance", Money.of("5.00", "EUR"), REFERENCE));

      GatewayResult result = adyen.authorize(request(Money.of("5.00", "EUR"), false));

      assertThat(result.gatewayReference()).contains("JDJ4ZVLM9BTNK282");
      assertThat(result.decline().orElseThrow())
          .satisfies(
              d -> {
                assertThat(d.reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
                assertThat(d.rawCode()).isEqualTo("12");
                assertThat(d.message()).isEqualTo("Not enough balance");
                assertThat(d.soft()).isFalse();
                assertThat(d.action()).isEqualTo(DeclineAction.STOP);
                assertThat(d.gatewayId()).isEqualTo("adyen");
              });
    }

    @Test
    void authenticationRequiredStepsUpToThreeDSecure() {
      Decline d = declineFor("Refused", "38", "Authentication required");
      assertThat(d.reason()).isEqualTo(DeclineReason.AUTHENTICATION_REQUIRED);
      assertThat(d.soft()).isTrue();
      assertThat(d.action()).isEqualTo(DeclineAction.STEP_UP_3DS);
    }

    @Test
    void genericRefusalsAndIssuerTroubleCascade() {
      for (String[] c :
          new String[][] {
            {"2", "Refused"},
            {"27", "Declined Non Generic"},
            {"9", "Issuer Unavailable"},
            {"4", "Acquirer Error"}
          }) {
        Decline d = declineFor("Refused", c[0], c[1]);
        assertThat(d.soft()).as(c[1]).isTrue();
        assertThat(d.action()).as(c[1]).isEqualTo(DeclineAction.CASCADE);
      }
    }

    @Test
    void cardFraudAndRiskRefusalsAreHard() {
      assertThat(declineFor("Refused", "24", "CVC Declined").reason())
          .isEqualTo(DeclineReason.INCORRECT_CVC);
      assertThat(declineFor("Refused", "6", "Expired Card").reason())
          .isEqualTo(DeclineReason.EXPIRED_CARD);
      assertThat(declineFor("Refused", "11", "3D Not Authenticated").reason())
          .isEqualTo(DeclineReason.AUTHENTICATION_FAILED);
      Decline fraud = declineFor("Refused", "20", "FRAUD");
      assertThat(fraud.reason()).isEqualTo(DeclineReason.BLOCKED_BY_GATEWAY);
      assertThat(fraud.soft()).isFalse();
      Decline retries =
          declineFor(
              "Refused", "46", "Transaction blocked by Adyen to prevent excessive retry fees");
      assertThat(retries.soft()).isFalse();
    }

    @Test
    void errorIsASoftProcessingErrorAndCancelledAHardShopperCancellation() {
      Decline error = declineFor("Error", null, "Acquirer Error");
      assertThat(error.reason()).isEqualTo(DeclineReason.PROCESSING_ERROR);
      assertThat(error.soft()).isTrue();
      assertThat(error.rawCode()).isEqualTo("Error");

      Decline errorWithUnlistedCode = declineFor("Error", "99", "Something new");
      assertThat(errorWithUnlistedCode.reason()).isEqualTo(DeclineReason.PROCESSING_ERROR);
      assertThat(errorWithUnlistedCode.rawCode()).isEqualTo("99");

      Decline cancelled = declineFor("Cancelled", null, null);
      assertThat(cancelled.reason()).isEqualTo(DeclineReason.CANCELLED_BY_SHOPPER);
      assertThat(cancelled.soft()).isFalse();
    }

    @Test
    void unknownRefusalCodesAreHardAndHostsCanOverrideRows() {
      Decline d = declineFor("Refused", "99", "Brand new reason");
      assertThat(d.reason()).isEqualTo(DeclineReason.OTHER);
      assertThat(d.soft()).isFalse();

      AdyenGateway custom =
          builder()
              .declineTable(
                  AdyenGateway.defaultDeclineTable()
                      .withOverride("99", DeclineRule.soft(DeclineReason.DO_NOT_HONOR)))
              .build();
      Decline overridden =
          custom.authorize(request(Money.of("5.00", "EUR"), false)).decline().orElseThrow();
      assertThat(overridden.reason()).isEqualTo(DeclineReason.DO_NOT_HONOR);
      assertThat(overridden.soft()).isTrue();
    }
  }

  // ---- 3-D Secure -------------------------------------------------------------------------------

  @Test
  void redirectShopperIsARedirectToAdyensUrl() {
    stubPayments(AdyenFixtures.redirectShopper("JLCMPCQ8HXSKGK82", REFERENCE));

    GatewayResult result = adyen.authorize(request(Money.of("5.00", "EUR"), false));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
    assertThat(result.gatewayReference()).contains("JLCMPCQ8HXSKGK82");
    NextAction action = result.nextAction().orElseThrow();
    assertThat(action.type()).isEqualTo(NextAction.Type.REDIRECT);
    assertThat(action.method()).isEqualTo("GET");
    assertThat(action.url())
        .startsWith("https://checkoutshopper-test.adyen.com/checkoutshopper/threeDS/redirect?MD=");
    assertThat(result.rawStatus()).contains("RedirectShopper");
  }

  @Test
  void aPostRedirectCarriesAdyensFormData() {
    stubPayments(AdyenFixtures.redirectShopperPost("JLCMPCQ8HXSKGK82"));

    NextAction action =
        adyen.authorize(request(Money.of("5.00", "EUR"), false)).nextAction().orElseThrow();

    assertThat(action.type()).isEqualTo(NextAction.Type.REDIRECT);
    assertThat(action.method()).isEqualTo("POST");
    assertThat(action.url()).isEqualTo("https://test.adyen.com/hpp/3d/validate.shtml");
    assertThat(action.parameters())
        .containsEntry("MD", "OEVudmZVMUlkWjd0MDNwUWs2bmhSdz09...")
        .containsEntry("PaReq", "BQABAgCW5sxB4e/==...")
        .containsEntry("TermUrl", "https://shop.example/return?order=1001");
  }

  @Test
  void aThreeDs2FingerprintWithoutPspReferenceIsAnSdkActionOnOurReference() {
    stubPayments(AdyenFixtures.identifyShopper());

    GatewayResult result = adyen.authorize(request(Money.of("10.00", "EUR"), false));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
    assertThat(result.gatewayReference()).contains(REFERENCE);
    NextAction action = result.nextAction().orElseThrow();
    assertThat(action.type()).isEqualTo(NextAction.Type.THREE_DS_SDK);
    assertThat(action.url()).isEmpty();
    assertThat(action.parameters())
        .containsEntry("type", "threeDS2")
        .containsEntry("subtype", "fingerprint")
        .containsEntry("token", "eyJ0aHJlZURTTWV0aG9kTm90aWZpY...")
        .containsEntry("paymentData", "Ab02b4c0!BQABAgCuZFJrQOjSsl/zt+...")
        .containsEntry("authorisationToken", "Ab02b4c0!BQABAgAvrX03p...");
  }

  @Test
  void anActionResultWithoutAnActionObjectIsAnUnknownOutcome() {
    ObjectNode answer = AdyenFixtures.redirectShopper("JLCMPCQ8HXSKGK82", REFERENCE);
    answer.remove("action");
    stubPayments(answer);

    assertThat(authorizeFails().failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  @Nested
  class CompleteAction {
    private MappingBuilder details() {
      return post(urlPathEqualTo("/v71/payments/details"))
          .withHeader("X-API-Key", equalTo(KEY))
          .withHeader("Idempotency-Key", equalTo("ot_complete_1"));
    }

    private CompleteActionRequest complete(
        String gatewayReference, boolean capture, Map<String, String> params) {
      return new CompleteActionRequest(
          "pay_01HZX3",
          REFERENCE,
          gatewayReference,
          Money.of("12.50", "EUR"),
          capture,
          params,
          "ot_complete_1");
    }

    @Test
    void theRedirectResultIsPostedAndAnAuthorisedPurchaseIsCaptured() {
      wireMock.stubFor(
          details()
              .withRequestBody(equalToJson("{\"details\":{\"redirectResult\":\"X6XtfGC3!Y...\"}}"))
              .willReturn(
                  AdyenFixtures.json(
                      200,
                      AdyenFixtures.detailsAuthorised(
                              "JLCMPCQ8HXSKGK82", Money.of("12.50", "EUR"), REFERENCE)
                          .toString())));

      GatewayResult result =
          adyen.completeAction(
              complete(
                  "JLCMPCQ8HXSKGK82",
                  true,
                  Map.of("redirectResult", "X6XtfGC3!Y...", "order", "1001")));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
      assertThat(result.gatewayReference()).contains("JLCMPCQ8HXSKGK82");
      assertThat(result.amount()).contains(Money.of("12.50", "EUR"));
    }

    @Test
    void theSpecsMinimalAnswerAuthorizesWithTheNewPspReference() {
      wireMock.stubFor(
          details()
              .willReturn(
                  AdyenFixtures.json(
                      200,
                      "{\"resultCode\":\"Authorised\",\"pspReference\":\"V4HZ4RBFJGXXGN82\"}")));

      GatewayResult result =
          adyen.completeAction(complete(REFERENCE, false, Map.of("redirectResult", "X6Xt...")));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
      assertThat(result.gatewayReference()).contains("V4HZ4RBFJGXXGN82");
    }

    @Test
    void aFingerprintResultLeadsToAChallengeAndAFailedChallengeIsAHardDecline() {
      wireMock.stubFor(
          details()
              .withRequestBody(
                  equalToJson(
                      "{\"details\":{\"threeDSResult\":\"eyJ0cmFuc1N0YXR1cyI6IlkifQ==\"},"
                          + "\"paymentData\":\"Ab02b4c0!BQABAgCuZFJrQOjSsl/zt+...\"}"))
              .willReturn(
                  AdyenFixtures.json(
                      200, AdyenFixtures.challengeShopper("JLCMPCQ8HXSKGK82").toString())));
      GatewayResult challenge =
          adyen.completeAction(
              complete(
                  REFERENCE,
                  false,
                  Map.of(
                      "threeDSResult",
                      "eyJ0cmFuc1N0YXR1cyI6IlkifQ==",
                      "paymentData",
                      "Ab02b4c0!BQABAgCuZFJrQOjSsl/zt+...")));
      assertThat(challenge.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
      assertThat(challenge.nextAction().orElseThrow().parameters())
          .containsEntry("subtype", "challenge");

      wireMock.resetAll();
      wireMock.stubFor(
          details()
              .willReturn(
                  AdyenFixtures.json(
                      200,
                      AdyenFixtures.refused(
                              "Refused", "11", "3D Not Authenticated", null, REFERENCE)
                          .put("pspReference", "JLCMPCQ8HXSKGK82")
                          .toString())));
      GatewayResult refused =
          adyen.completeAction(
              complete("JLCMPCQ8HXSKGK82", false, Map.of("threeDSResult", "eyJ0cmFu...")));
      assertThat(refused.type()).isEqualTo(GatewayResult.Type.DECLINED);
      assertThat(refused.gatewayReference()).contains("JLCMPCQ8HXSKGK82");
      assertThat(refused.decline().orElseThrow().reason())
          .isEqualTo(DeclineReason.AUTHENTICATION_FAILED);
      assertThat(refused.decline().orElseThrow().soft()).isFalse();
    }

    @Test
    void aReturnWithoutAdyenDetailsIsRefusedWithoutACall() {
      assertThatThrownBy(() -> adyen.completeAction(complete(PSP, false, Map.of("order", "1001"))))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("parameters:")
          .hasMessageContaining("redirectResult");
      assertNothingSent();
    }

    @Test
    void anAnswerAboutAnotherPaymentIsRefused() {
      wireMock.stubFor(
          details()
              .willReturn(
                  AdyenFixtures.json(
                      200,
                      AdyenFixtures.detailsAuthorised(
                              "V4HZ4RBFJGXXGN82", Money.of("1.00", "EUR"), "order-somebody-else")
                          .toString())));

      assertThatThrownBy(
              () ->
                  adyen.completeAction(
                      complete("JLCMPCQ8HXSKGK82", true, Map.of("redirectResult", "X6Xt..."))))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("another payment");

      wireMock.resetAll();
      wireMock.stubFor(
          details()
              .willReturn(
                  AdyenFixtures.json(
                      200,
                      AdyenFixtures.detailsAuthorised("V4HZ4RBFJGXXGN82", null, null).toString())));
      assertThatThrownBy(
              () ->
                  adyen.completeAction(
                      complete("JLCMPCQ8HXSKGK82", true, Map.of("redirectResult", "X6Xt..."))))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("another payment");
    }
  }

  // ---- capture, cancel, refund ------------------------------------------------------------------

  @Test
  void partialCaptureIsAcknowledgedAndPendingWithTheCapturesPspReference() {
    wireMock.stubFor(
        post(urlPathEqualTo("/v71/payments/" + PSP + "/captures"))
            .withHeader("X-API-Key", equalTo(KEY))
            .withHeader("Content-Type", equalTo("application/json"))
            .withHeader("Idempotency-Key", equalTo("ot_capture_1"))
            .withRequestBody(
                equalToJson(
                    "{\"merchantAccount\":\"OttuTestECOM\","
                        + "\"amount\":{\"currency\":\"EUR\",\"value\":500},"
                        + "\"reference\":\"order-1001\"}"))
            .willReturn(
                AdyenFixtures.json(
                    201,
                    AdyenFixtures.received(PSP, REFERENCE, Money.of("5.00", "EUR")).toString())));

    GatewayResult result =
        adyen.capture(
            new CaptureRequest(
                "pay_01HZX3", REFERENCE, PSP, Money.of("5.00", "EUR"), false, "ot_capture_1", 1));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.PENDING);
    assertThat(result.gatewayReference()).contains(PSP);
    assertThat(result.transactionReference()).contains(AdyenFixtures.MODIFICATION_PSP);
    assertThat(result.amount()).contains(Money.of("5.00", "EUR"));
    assertThat(result.rawStatus()).contains("received");
  }

  @Test
  void aKwdCaptureGoesInFils() {
    wireMock.stubFor(
        post(urlPathEqualTo("/v71/payments/" + PSP + "/captures"))
            .withRequestBody(
                matchingJsonPath("$.amount", equalToJson("{\"currency\":\"KWD\",\"value\":5125}")))
            .willReturn(
                AdyenFixtures.json(
                    201,
                    AdyenFixtures.received(PSP, REFERENCE, Money.of("5.125", "KWD")).toString())));

    GatewayResult result =
        adyen.capture(
            new CaptureRequest(
                "pay_01HZX3", REFERENCE, PSP, Money.of("5.125", "KWD"), true, "ot_capture_2", 2));

    assertThat(result.amount()).contains(Money.of("5.125", "KWD"));
  }

  @Test
  void anAcknowledgementOfAnotherPaymentOrStatusIsAnUnknownOutcome() {
    wireMock.stubFor(
        post(urlPathEqualTo("/v71/payments/" + PSP + "/captures"))
            .willReturn(
                AdyenFixtures.json(
                    201,
                    AdyenFixtures.received("8815658961765250", REFERENCE, Money.of("5.00", "EUR"))
                        .toString())));
    CaptureRequest capture =
        new CaptureRequest(
            "pay_01HZX3", REFERENCE, PSP, Money.of("5.00", "EUR"), false, "ot_capture_1", 1);
    assertThat(
            catchThrowableOfType(GatewayException.class, () -> adyen.capture(capture))
                .failureClass())
        .isEqualTo(FailureClass.UNKNOWN_OUTCOME);

    wireMock.resetAll();
    ObjectNode odd = AdyenFixtures.received(PSP, REFERENCE, Money.of("5.00", "EUR"));
    odd.put("status", "processed");
    wireMock.stubFor(
        post(urlPathEqualTo("/v71/payments/" + PSP + "/captures"))
            .willReturn(AdyenFixtures.json(201, odd.toString())));
    assertThat(
            catchThrowableOfType(GatewayException.class, () -> adyen.capture(capture))
                .failureClass())
        .isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  @Test
  void cancelIsAcknowledgedAndPending() {
    wireMock.stubFor(
        post(urlPathEqualTo("/v71/payments/" + PSP + "/cancels"))
            .withHeader("X-API-Key", equalTo(KEY))
            .withHeader("Idempotency-Key", equalTo("ot_cancel_1"))
            .withRequestBody(
                equalToJson("{\"merchantAccount\":\"OttuTestECOM\",\"reference\":\"order-1001\"}"))
            .willReturn(
                AdyenFixtures.json(201, AdyenFixtures.received(PSP, REFERENCE, null).toString())));

    GatewayResult result =
        adyen.cancel(
            new CancelRequest(
                "pay_01HZX3", REFERENCE, PSP, Money.of("12.50", "EUR"), "ot_cancel_1"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.PENDING);
    assertThat(result.gatewayReference()).contains(PSP);
    assertThat(result.transactionReference()).contains(AdyenFixtures.MODIFICATION_PSP);
  }

  @Test
  void aPaymentWithoutPspReferenceIsCancelledByMerchantReference() {
    wireMock.stubFor(
        post(urlPathEqualTo("/v71/cancels"))
            .withHeader("X-API-Key", equalTo(KEY))
            .withHeader("Idempotency-Key", equalTo("ot_cancel_1"))
            .withRequestBody(
                equalToJson(
                    "{\"merchantAccount\":\"OttuTestECOM\",\"paymentReference\":\"order-1001\","
                        + "\"reference\":\"order-1001\"}"))
            .willReturn(
                AdyenFixtures.json(
                    201, AdyenFixtures.standaloneCancelReceived(REFERENCE).toString())));

    GatewayResult result =
        adyen.cancel(
            new CancelRequest(
                "pay_01HZX3", REFERENCE, REFERENCE, Money.of("12.50", "EUR"), "ot_cancel_1"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.PENDING);
    assertThat(result.gatewayReference()).contains(REFERENCE);
    assertThat(result.transactionReference()).contains(AdyenFixtures.MODIFICATION_PSP);
  }

  @Test
  void partialRefundIsAcknowledgedWithAdyensRefundReason() {
    wireMock.stubFor(
        post(urlPathEqualTo("/v71/payments/" + PSP + "/refunds"))
            .withHeader("X-API-Key", equalTo(KEY))
            .withHeader("Idempotency-Key", equalTo("ot_refund_1"))
            .withRequestBody(
                equalToJson(
                    "{\"merchantAccount\":\"OttuTestECOM\","
                        + "\"amount\":{\"currency\":\"EUR\",\"value\":300},"
                        + "\"reference\":\"order-1001\","
                        + "\"merchantRefundReason\":\"CUSTOMER REQUEST\"}"))
            .willReturn(
                AdyenFixtures.json(
                    201,
                    AdyenFixtures.received(PSP, REFERENCE, Money.of("3.00", "EUR")).toString())));

    GatewayResult result = adyen.refund(refund("requested_by_customer"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.PENDING);
    assertThat(result.gatewayReference()).contains(PSP);
    assertThat(result.transactionReference()).contains(AdyenFixtures.MODIFICATION_PSP);
    assertThat(result.amount()).contains(Money.of("3.00", "EUR"));
  }

  @Test
  void aFreeTextRefundReasonIsNotSent() {
    wireMock.stubFor(
        post(urlPathEqualTo("/v71/payments/" + PSP + "/refunds"))
            .withRequestBody(matchingJsonPath("$.merchantRefundReason", absent()))
            .willReturn(
                AdyenFixtures.json(
                    201,
                    AdyenFixtures.received(PSP, REFERENCE, Money.of("3.00", "EUR")).toString())));

    assertThat(adyen.refund(refund("customer changed mind")).type())
        .isEqualTo(GatewayResult.Type.PENDING);
  }

  @Test
  void aRefundOfAnUnknownPaymentIsRejectedWithAdyensCode() {
    wireMock.stubFor(
        post(urlPathEqualTo("/v71/payments/" + PSP + "/refunds"))
            .willReturn(
                AdyenFixtures.serviceError(
                    422,
                    "167",
                    "Original pspReference required for this operation",
                    "validation",
                    "ZC4R4RBFJGXXGN82")));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> adyen.refund(refund(null)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.gatewayCode()).contains("167");
    assertThat(e.requestId()).contains("ZC4R4RBFJGXXGN82");
  }

  private static RefundRequest refund(String reason) {
    return new RefundRequest(
        "pay_01HZX3", REFERENCE, PSP, null, Money.of("3.00", "EUR"), reason, "ot_refund_1", 1);
  }

  // ---- lookup -----------------------------------------------------------------------------------

  @Test
  void thereIsNoLookupAndTheCapabilitiesSaySo() {
    GatewayException e =
        catchThrowableOfType(
            GatewayException.class,
            () ->
                adyen.lookup(
                    new LookupRequest(
                        "pay_01HZX3",
                        REFERENCE,
                        PSP,
                        GatewayOperation.AUTHORIZE,
                        Money.of("12.50", "EUR"),
                        AUTH_KEY)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.gatewayCode()).contains("lookup_unsupported");
    assertThat(e.getMessage()).contains("webhook");
    assertNothingSent();
    assertThat(adyen.capabilities().supports(GatewayOperation.LOOKUP)).isFalse();
    assertThat(adyen.capabilities().supports(GatewayOperation.COMPLETE_ACTION)).isTrue();
    assertThat(adyen.capabilities().idempotencyKeys()).isTrue();
    assertThat(adyen.capabilities().multipleCaptures()).isTrue();
    assertThat(adyen.capabilities().partialRefund()).isTrue();
  }

  // ---- error classification ---------------------------------------------------------------------

  @Nested
  class Errors {
    private GatewayException failsWith(ResponseDefinitionBuilder r) {
      wireMock.resetAll();
      wireMock.stubFor(payments().willReturn(r));
      GatewayException e = authorizeFails();
      wireMock.verify(1, postRequestedFor(urlPathEqualTo("/v71/payments")));
      return e;
    }

    @Test
    void aValidationErrorIsRejectedWithAdyensCodeAndPspReference() {
      GatewayException e =
          failsWith(
              AdyenFixtures.serviceError(
                  422, "14_030", "Return URL is missing.", "validation", "8816118280275544"));

      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.credentialsProblem()).isFalse();
      assertThat(e.gatewayCode()).contains("14_030");
      assertThat(e.requestId()).contains("8816118280275544");
      assertThat(e.httpStatus()).isEqualTo(422);
      assertThat(e.getMessage()).contains("Return URL is missing.");
    }

    @Test
    void aMalformedRequestIsRejected() {
      GatewayException e =
          failsWith(
              AdyenFixtures.serviceError(
                  400, "702", "Unexpected input: \", expected: }", "validation", null));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.gatewayCode()).contains("702");
    }

    @Test
    void securityErrorsAreCredentialsProblems() {
      GatewayException e =
          failsWith(
              AdyenFixtures.serviceError(
                  403, "901", "Invalid Merchant Account", "security", "881611827877203B"));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.credentialsProblem()).isTrue();
      assertThat(e.requestId()).contains("881611827877203B");

      GatewayException unauthorized =
          failsWith(
              AdyenFixtures.serviceError(
                  401, "000", "HTTP Status Response - Unauthorized", "security", null));
      assertThat(unauthorized.credentialsProblem()).isTrue();
    }

    @Test
    void aRequestAlreadyInProgressIsAnUnknownOutcomeToRetryWithTheSameKey() {
      GatewayException e =
          failsWith(
              AdyenFixtures.serviceError(
                      409, "704", "request already processed or in progress", "validation", null)
                  .withHeader("Transient-Error", "true"));
      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(e.failureClass().knownNotProcessed()).isFalse();
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));

      GatewayException legacy =
          failsWith(
              AdyenFixtures.serviceError(
                  422, "704", "request already processed or in progress", "validation", null));
      assertThat(legacy.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(legacy.gatewayCode()).contains("704");
    }

    @Test
    void aServerErrorIsAnUnknownOutcomeEvenWhenItLooksLikeConfiguration() {
      GatewayException e =
          failsWith(
              AdyenFixtures.serviceError(
                  500,
                  "905",
                  "Payment details are not supported",
                  "configuration",
                  "8516091485743033"));
      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(e.requestId()).contains("8516091485743033");

      assertThat(
              failsWith(
                      aResponse()
                          .withStatus(502)
                          .withHeader("Content-Type", "text/html")
                          .withBody("<html><body>Bad Gateway</body></html>"))
                  .failureClass())
          .isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    }

    @Test
    void rateLimitsAndUnavailabilityAreUnavailable() {
      GatewayException limited =
          failsWith(
              AdyenFixtures.serviceError(429, null, "Too Many Requests", null, null)
                  .withHeader("Retry-After", "3"));
      assertThat(limited.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
      assertThat(limited.retryAfter()).contains(Duration.ofSeconds(3));

      GatewayException down =
          failsWith(AdyenFixtures.serviceError(503, null, "Service Unavailable", null, null));
      assertThat(down.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    }
  }

  private GatewayException authorizeFails() {
    return catchThrowableOfType(
        GatewayException.class, () -> adyen.authorize(request(Money.of("5.00", "EUR"), false)));
  }

  // ---- builder ----------------------------------------------------------------------------------

  @Test
  void builderNamesTheFieldAndNeverEchoesTheKey() {
    assertThatThrownBy(() -> AdyenGateway.builder().merchantAccount(MERCHANT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apiKey: is required");
    assertThatThrownBy(
            () ->
                AdyenGateway.builder()
                    .apiKey("short key w/ space")
                    .merchantAccount(MERCHANT)
                    .build())
        .hasMessageStartingWith("apiKey:")
        .hasMessageNotContaining("short key");
    assertThatThrownBy(() -> AdyenGateway.builder().apiKey(KEY).build())
        .hasMessage("merchantAccount: is required");
    assertThatThrownBy(
            () -> AdyenGateway.builder().apiKey(KEY).merchantAccount("Ottu Test").build())
        .hasMessageStartingWith("merchantAccount:");
    assertThatThrownBy(
            () ->
                AdyenGateway.builder()
                    .apiKey(KEY)
                    .merchantAccount(MERCHANT)
                    .baseUrl("http://checkout-test.adyen.com/v71")
                    .build())
        .hasMessageStartingWith("baseUrl:");
    assertThatThrownBy(
            () ->
                AdyenGateway.builder()
                    .apiKey(KEY)
                    .merchantAccount(MERCHANT)
                    .liveEndpointPrefix("not a prefix/")
                    .build())
        .hasMessageStartingWith("liveEndpointPrefix:");
    assertThatThrownBy(
            () ->
                AdyenGateway.builder()
                    .apiKey(KEY)
                    .merchantAccount(MERCHANT)
                    .liveEndpointPrefix("1797a841fbb37ca7-AdyenDemo")
                    .baseUrl("https://checkout-test.adyen.com/v71")
                    .build())
        .hasMessageStartingWith("liveEndpointPrefix:");
    assertThatThrownBy(
            () ->
                AdyenGateway.builder()
                    .apiKey(KEY)
                    .merchantAccount(MERCHANT)
                    .recurringProcessingModel("Sometimes")
                    .build())
        .hasMessageStartingWith("recurringProcessingModel:");
    assertThatThrownBy(
            () ->
                AdyenGateway.builder()
                    .apiKey(KEY)
                    .merchantAccount(MERCHANT)
                    .readTimeout(Duration.ZERO)
                    .build())
        .hasMessageStartingWith("readTimeout:");
    assertThatThrownBy(
            () -> AdyenGateway.builder().apiKey(KEY).merchantAccount(MERCHANT).id(" ").build())
        .hasMessageStartingWith("id:");
    assertThatThrownBy(
            () ->
                AdyenGateway.builder()
                    .apiKey(KEY)
                    .merchantAccount(MERCHANT)
                    .defaultReturnUrl(" ")
                    .build())
        .hasMessageStartingWith("defaultReturnUrl:");
  }

  @Test
  void theTestEnvironmentIsTheDefaultAndTheLivePrefixBuildsAdyensLiveUrl() {
    AdyenGateway test = AdyenGateway.builder().apiKey(KEY).merchantAccount(MERCHANT).build();
    assertThat(test.toString())
        .contains("https://checkout-test.adyen.com/v71")
        .doesNotContain(KEY.substring(0, 12));
    assertThat(test.id()).isEqualTo("adyen");

    AdyenGateway live =
        AdyenGateway.builder()
            .apiKey(KEY)
            .merchantAccount(MERCHANT)
            .liveEndpointPrefix("1797a841fbb37ca7-AdyenDemo")
            .build();
    // Host names are case-insensitive; OkHttp keeps them in lower case.
    assertThat(live.toString())
        .contains(
            "https://1797a841fbb37ca7-adyendemo-checkout-live.adyenpayments.com/checkout/v71");
    assertThat(AdyenGateway.liveBaseUrl("1797a841fbb37ca7-AdyenDemo"))
        .isEqualTo(
            "https://1797a841fbb37ca7-AdyenDemo-checkout-live.adyenpayments.com/checkout/v71");
  }

  @Test
  void theBodyTravelsAsJsonWithTheKeyOnlyInItsHeader() {
    AuthorizeRequest request = request(Money.of("1.00", "EUR"), false);
    wireMock.stubFor(
        payments()
            .withRequestBody(notContaining(KEY))
            .withRequestBody(containing("\"number\":\"" + ADYEN_VISA + "\""))
            .willReturn(
                AdyenFixtures.json(
                    200, AdyenFixtures.authorised(PSP, request.amount(), REFERENCE).toString())));

    assertThat(adyen.authorize(request).type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    wireMock.verify(
        postRequestedFor(urlPathEqualTo("/v71/payments"))
            .withHeader("Authorization", absent())
            .withHeader("X-API-Key", equalTo(KEY)));
  }
}
