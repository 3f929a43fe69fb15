package io.ottu.gateways.checkout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.ottu.gateways.checkout.CheckoutComFixtures.ACTION_ID;
import static io.ottu.gateways.checkout.CheckoutComFixtures.PAYMENT_ID;
import static io.ottu.gateways.checkout.CheckoutComFixtures.REDIRECT;
import static io.ottu.gateways.checkout.CheckoutComFixtures.REQUEST_ID;
import static io.ottu.gateways.checkout.CheckoutComFixtures.SECRET_KEY;
import static io.ottu.gateways.checkout.CheckoutComFixtures.SESSION_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
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
import io.ottu.gateway.GatewayCapabilities;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link CheckoutComGateway} against WireMock stubs shaped like Checkout.com's documented
 * responses, matching what the adapter sends: headers, the exact JSON body, the path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckoutComGatewayTest {
  private static final String AUTH_KEY = "pay_01HZX3:authorize:checkout:1";
  private static final String RETURN_URL = "https://shop.example/return?order=1001";

  // Started before the class and stopped after it; reset by each class's own @BeforeEach.
  @RegisterExtension
  static final WireMockExtension wireMock =
      WireMockExtension.newInstance().options(KitWireMock.options()).resetOnEachTest(false).build();

  private CheckoutComGateway checkout;

  @BeforeEach
  void reset() {
    wireMock.resetAll();
    checkout = builder().build();
  }

  private CheckoutComGateway.Builder builder() {
    return CheckoutComGateway.builder()
        .secretKey(SECRET_KEY)
        .baseUrl("http://127.0.0.1:" + wireMock.getPort())
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
        AUTH_KEY,
        1,
        threeDs,
        RETURN_URL,
        new Customer("cus-77", "shopper@example.com", "KW", "203.0.113.7"),
        "Order 1001",
        Map.of("channel", "web"));
  }

  private static MappingBuilder requestPayment() {
    return post(urlPathEqualTo("/payments"))
        .withHeader("Authorization", equalTo("Bearer " + SECRET_KEY))
        .withHeader("Content-Type", equalTo("application/json"))
        .withHeader("Accept", equalTo("application/json"))
        .withHeader("Cko-Idempotency-Key", equalTo(AUTH_KEY));
  }

  private static String created(AuthorizeRequest request, String status) {
    return CheckoutComFixtures.paymentResponse(request, status, "10000", "Approved").toString();
  }

  // ---- authorize and purchase -----------------------------------------------------------------

  @Nested
  class AuthorizeAndPurchase {
    @Test
    void authorizeSendsTheDocumentedPaymentRequestExactly() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
      wireMock.stubFor(
          requestPayment()
              .withHeader("User-Agent", equalTo("ottu-java"))
              .withRequestBody(
                  equalToJson(
                      "{\"source\":{\"type\":\"card\",\"number\":\"4242424242424242\","
                          + "\"expiry_month\":12,\"expiry_year\":2034,\"cvv\":\"123\"},"
                          + "\"amount\":1250,\"currency\":\"USD\",\"reference\":\"order-1001\","
                          + "\"description\":\"Order 1001\",\"capture\":false,"
                          + "\"3ds\":{\"enabled\":true,\"attempt_n3d\":true},"
                          + "\"success_url\":\"https://shop.example/return?order=1001\","
                          + "\"failure_url\":\"https://shop.example/return?order=1001\","
                          + "\"customer\":{\"email\":\"shopper@example.com\"},"
                          + "\"payment_ip\":\"203.0.113.7\","
                          + "\"metadata\":{\"channel\":\"web\",\"ottu_payment_id\":\"pay_01HZX3\","
                          + "\"ottu_idempotency_key\":\"pay_01HZX3:authorize:checkout:1\","
                          + "\"ottu_capture\":\"false\"}}"))
              .willReturn(CheckoutComFixtures.json(201, created(request, "Authorized"))));

      GatewayResult result = checkout.authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
      assertThat(result.gatewayReference()).contains(PAYMENT_ID);
      assertThat(result.transactionReference()).contains(ACTION_ID);
      assertThat(result.amount()).contains(Money.of("12.50", "USD"));
      assertThat(result.rawStatus()).contains("Authorized");
    }

    @Test
    void aPurchaseAuthorizedWhileItsCaptureIsStillScheduledIsPendingNotCaptured() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), true);
      wireMock.stubFor(
          requestPayment()
              .withRequestBody(matchingJsonPath("$.capture", equalTo("true")))
              .withRequestBody(matchingJsonPath("$.metadata.ottu_capture", equalTo("true")))
              .willReturn(CheckoutComFixtures.json(201, created(request, "Authorized"))));

      GatewayResult result = checkout.authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.PENDING);
      assertThat(result.gatewayReference()).contains(PAYMENT_ID);
      assertThat(result.amount()).contains(Money.of("12.50", "USD"));
      assertThat(result.rawStatus()).contains("Authorized");
    }

    @Test
    void aPurchaseAnsweredAsCapturedIsCapturedWithTheCapturedBalance() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), true);
      ObjectNode body =
          CheckoutComFixtures.paymentResponse(request, "Captured", "10000", "Approved");
      CheckoutComFixtures.balances(body, 1250, 1250, 0);
      wireMock.stubFor(requestPayment().willReturn(CheckoutComFixtures.json(201, body.toString())));

      GatewayResult result = checkout.authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
      assertThat(result.amount()).contains(Money.of("12.50", "USD"));
    }

    @Test
    void aCardTokenGoesAsATokenSourceAndThreeDsRequiredHasNoFallback() {
      AuthorizeRequest request =
          request(
              Money.of("20.00", "EUR"),
              false,
              GatewaySource.gatewayToken("tok_ubfj2q76miwundwlk72vxt2i7q"),
              ThreeDSecure.REQUIRED);
      wireMock.stubFor(
          requestPayment()
              .withRequestBody(
                  matchingJsonPath(
                      "$.source",
                      equalToJson(
                          "{\"type\":\"token\",\"token\":\"tok_ubfj2q76miwundwlk72vxt2i7q\"}")))
              .withRequestBody(
                  matchingJsonPath(
                      "$['3ds']", equalToJson("{\"enabled\":true,\"attempt_n3d\":false}")))
              .willReturn(
                  CheckoutComFixtures.json(
                      202, CheckoutComFixtures.accepted("order-1001", REDIRECT).toString())));

      GatewayResult result = checkout.authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
      assertThat(result.gatewayReference()).contains(PAYMENT_ID);
      assertThat(result.nextAction().orElseThrow())
          .isEqualTo(new NextAction(NextAction.Type.REDIRECT, REDIRECT, "GET", Map.of()));
      assertThat(result.rawStatus()).contains("Pending");
    }

    @Test
    void aStoredSourceGoesAsAnIdSourceAndThreeDsCanBeSkipped() {
      AuthorizeRequest request =
          request(
              Money.of("20.00", "EUR"),
              false,
              GatewaySource.gatewayToken("src_wmlfc3zyhqzehihu7giusaaawu"),
              ThreeDSecure.SKIP);
      wireMock.stubFor(
          requestPayment()
              .withRequestBody(
                  matchingJsonPath(
                      "$.source",
                      equalToJson("{\"type\":\"id\",\"id\":\"src_wmlfc3zyhqzehihu7giusaaawu\"}")))
              .withRequestBody(matchingJsonPath("$['3ds']", equalToJson("{\"enabled\":false}")))
              .willReturn(CheckoutComFixtures.json(201, created(request, "Authorized"))));

      assertThat(checkout.authorize(request).type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    }

    @Test
    void anotherKindOfGatewayTokenIsRefusedBeforeSending() {
      AuthorizeRequest request =
          request(
              Money.of("20.00", "EUR"),
              false,
              GatewaySource.gatewayToken("pm_card_visa"),
              ThreeDSecure.AUTOMATIC);

      InvalidRequestException e =
          catchThrowableOfType(InvalidRequestException.class, () -> checkout.authorize(request));

      assertThat(e.field()).isEqualTo("source");
      assertThat(e.getMessage()).contains("tok_").contains("src_");
      assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void anAsynchronousPaymentWithoutARedirectIsPending() {
      AuthorizeRequest request = request(Money.of("20.00", "EUR"), false);
      wireMock.stubFor(
          requestPayment()
              .willReturn(
                  CheckoutComFixtures.json(
                      202, CheckoutComFixtures.accepted("order-1001", null).toString())));

      GatewayResult result = checkout.authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.PENDING);
      assertThat(result.gatewayReference()).contains(PAYMENT_ID);
    }

    @Test
    void theProcessingChannelIsSentWhenConfigured() {
      AuthorizeRequest request = request(Money.of("1.00", "USD"), false);
      wireMock.stubFor(
          requestPayment()
              .withRequestBody(
                  matchingJsonPath(
                      "$.processing_channel_id", equalTo("pc_q4dbxom5jbgudnjzjpz7j2z6uq")))
              .willReturn(CheckoutComFixtures.json(201, created(request, "Authorized"))));

      GatewayResult result =
          builder().processingChannelId("pc_q4dbxom5jbgudnjzjpz7j2z6uq").build().authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    }

    @Test
    void aPreviousPlatformKeyIsSentWithoutBearer() {
      AuthorizeRequest request = request(Money.of("1.00", "USD"), false);
      wireMock.stubFor(
          post(urlPathEqualTo("/payments"))
              .withHeader("Authorization", equalTo(CheckoutComFixtures.PREVIOUS_PLATFORM_KEY))
              .willReturn(CheckoutComFixtures.json(201, created(request, "Authorized"))));

      GatewayResult result =
          builder().secretKey(CheckoutComFixtures.PREVIOUS_PLATFORM_KEY).build().authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    }

    @Test
    void aReferenceLongerThanCheckoutComTakesIsRefusedBeforeSending() {
      AuthorizeRequest r = request(Money.of("1.00", "USD"), false);
      AuthorizeRequest longReference =
          new AuthorizeRequest(
              r.paymentId(),
              "o".repeat(51),
              r.amount(),
              r.source(),
              false,
              AUTH_KEY,
              1,
              r.threeDSecure(),
              null,
              null,
              null,
              Map.of());

      assertThatThrownBy(() -> checkout.authorize(longReference))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("reference: Checkout.com takes at most 50 characters");
      assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
  }

  // ---- amounts --------------------------------------------------------------------------------

  @Nested
  class Amounts {
    @Test
    void aKwdAmountWhoseLastDigitIsNotZeroIsRejectedBeforeSending() {
      InvalidRequestException e =
          catchThrowableOfType(
              InvalidRequestException.class,
              () -> checkout.authorize(request(Money.of("12.345", "KWD"), false)));

      assertThat(e.field()).isEqualTo("amount");
      assertThat(e.getMessage())
          .contains("Checkout.com")
          .contains("end in 0")
          .contains("12.340")
          .contains("12.350");
      assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void threeDecimalAmountsEndingInZeroAreSentInThousandths() {
      AuthorizeRequest kwd = request(Money.of("12.340", "KWD"), false);
      wireMock.stubFor(
          requestPayment()
              .withRequestBody(matchingJsonPath("$.amount", equalTo("12340")))
              .withRequestBody(matchingJsonPath("$.currency", equalTo("KWD")))
              .willReturn(CheckoutComFixtures.json(201, created(kwd, "Authorized"))));
      assertThat(checkout.authorize(kwd).amount()).contains(Money.of("12.340", "KWD"));

      wireMock.resetAll();
      AuthorizeRequest bhd = request(Money.of("5.500", "BHD"), false);
      wireMock.stubFor(
          requestPayment()
              .withRequestBody(matchingJsonPath("$.amount", equalTo("5500")))
              .willReturn(CheckoutComFixtures.json(201, created(bhd, "Authorized"))));
      assertThat(checkout.authorize(bhd).amount()).contains(Money.of("5.500", "BHD"));
    }

    @Test
    void zeroDecimalCurrenciesAreSentAsTheyAre() {
      AuthorizeRequest jpy = request(Money.of("1500", "JPY"), false);
      wireMock.stubFor(
          requestPayment()
              .withRequestBody(matchingJsonPath("$.amount", equalTo("1500")))
              .withRequestBody(matchingJsonPath("$.currency", equalTo("JPY")))
              .willReturn(CheckoutComFixtures.json(201, created(jpy, "Authorized"))));

      assertThat(checkout.authorize(jpy).amount()).contains(Money.of("1500", "JPY"));
    }

    @Test
    void otherCurrenciesGoInHundredthsIncludingClpWhichHasNoDecimals() {
      assertThat(CheckoutComGateway.minorUnits(Money.of("12.50", "USD"))).isEqualTo(1250);
      assertThat(CheckoutComGateway.minorUnits(Money.of("1500", "CLP"))).isEqualTo(150_000);
      assertThat(CheckoutComGateway.AMOUNTS.fromMinorUnits(150_000, "clp"))
          .isEqualTo(Money.of("1500", "CLP"));
      assertThat(CheckoutComGateway.minorUnits(Money.of("250", "ISK"))).isEqualTo(250);
      assertThat(CheckoutComGateway.minorUnits(Money.of("7.250", "OMR"))).isEqualTo(7250);
    }

    @Test
    void anAmountOfMoreThanNineDigitsIsRejectedBeforeSending() {
      assertThat(CheckoutComGateway.minorUnits(Money.of("9999999.99", "USD")))
          .isEqualTo(CheckoutComGateway.MAX_AMOUNT);

      InvalidRequestException e =
          catchThrowableOfType(
              InvalidRequestException.class,
              () -> checkout.authorize(request(Money.of("10000000.00", "USD"), false)));

      assertThat(e.field()).isEqualTo("amount");
      assertThat(e.getMessage()).contains("nine digits");
      assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void anAnswerInACurrencyTheAdapterCannotReadIsAnUnknownOutcome() {
      AuthorizeRequest request = request(Money.of("1.00", "USD"), false);
      ObjectNode body =
          CheckoutComFixtures.paymentResponse(request, "Authorized", "10000", "Approved");
      body.put("currency", "ZZZ");
      wireMock.stubFor(requestPayment().willReturn(CheckoutComFixtures.json(201, body.toString())));

      GatewayException e =
          catchThrowableOfType(GatewayException.class, () -> checkout.authorize(request));

      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(e.requestId()).contains(REQUEST_ID);
    }
  }

  // ---- declines -------------------------------------------------------------------------------

  @Nested
  class Declines {
    private Decline declineFor(String code, String summary) {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
      wireMock.stubFor(
          requestPayment()
              .willReturn(
                  CheckoutComFixtures.json(
                      201,
                      CheckoutComFixtures.paymentResponse(request, "Declined", code, summary)
                          .toString())));
      GatewayResult result = checkout.authorize(request);
      assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
      assertThat(result.gatewayReference()).contains(PAYMENT_ID);
      assertThat(result.amount()).contains(Money.of("12.50", "USD"));
      return result.decline().orElseThrow();
    }

    @Test
    void doNotHonourIsSoftAndCascades() {
      Decline d = declineFor("20005", "Declined - Do not honour");

      assertThat(d.reason()).isEqualTo(DeclineReason.DO_NOT_HONOR);
      assertThat(d.rawCode()).isEqualTo("20005");
      assertThat(d.message()).isEqualTo("Declined - Do not honour");
      assertThat(d.soft()).isTrue();
      assertThat(d.action()).isEqualTo(DeclineAction.CASCADE);
      assertThat(d.gatewayId()).isEqualTo("checkout");
    }

    @Test
    void insufficientFundsIsSoftAsCheckoutComSaysButDoesNotCascade() {
      Decline d = declineFor("20051", "Insufficient Funds");

      assertThat(d.reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
      assertThat(d.soft()).isTrue();
      assertThat(d.action()).isEqualTo(DeclineAction.STOP);
    }

    @Test
    void threeDsAuthenticationRequiredStepsUp() {
      Decline d = declineFor("20154", "3DS authentication required");

      assertThat(d.reason()).isEqualTo(DeclineReason.AUTHENTICATION_REQUIRED);
      assertThat(d.soft()).isTrue();
      assertThat(d.action()).isEqualTo(DeclineAction.STEP_UP_3DS);
    }

    @Test
    void aStolenCardIsHard() {
      Decline d = declineFor("30043", "Stolen card - Pick up");

      assertThat(d.reason()).isEqualTo(DeclineReason.LOST_OR_STOLEN);
      assertThat(d.soft()).isFalse();
      assertThat(d.action()).isEqualTo(DeclineAction.STOP);
    }

    @Test
    void aRiskBlockIsHardSoNoOtherGatewayRoutesAroundIt() {
      Decline d = declineFor("40101", "Risk blocked transaction");

      assertThat(d.reason()).isEqualTo(DeclineReason.BLOCKED_BY_GATEWAY);
      assertThat(d.soft()).isFalse();
    }

    @Test
    void anIssuerOutageCascades() {
      Decline d = declineFor("20091", "Issuer unavailable or switch is inoperative");

      assertThat(d.reason()).isEqualTo(DeclineReason.ISSUER_UNAVAILABLE);
      assertThat(d.action()).isEqualTo(DeclineAction.CASCADE);
    }

    @Test
    void unknownCodesAreHardAndHostsCanOverrideRows() {
      Decline d = declineFor("29999", "Something new");
      assertThat(d.reason()).isEqualTo(DeclineReason.OTHER);
      assertThat(d.soft()).isFalse();

      wireMock.resetAll();
      checkout =
          builder()
              .declineTable(
                  CheckoutComGateway.defaultDeclineTable()
                      .withOverride("29999", DeclineRule.soft(DeclineReason.DO_NOT_HONOR)))
              .build();
      d = declineFor("29999", "Something new");
      assertThat(d.reason()).isEqualTo(DeclineReason.DO_NOT_HONOR);
      assertThat(d.soft()).isTrue();
    }

    @Test
    void theDefaultTableFollowsCheckoutComsRangesForSoftAndHard() {
      var rules = CheckoutComGateway.defaultDeclineTable().rules();
      assertThat(rules).hasSizeGreaterThan(150);
      rules.forEach(
          (code, rule) -> {
            if (code.startsWith("20")) {
              assertThat(rule.soft()).as(code).isTrue();
            } else if (code.startsWith("3") || code.startsWith("40") || code.startsWith("41")) {
              assertThat(rule.soft()).as(code).isFalse();
            }
          });
    }
  }

  // ---- error classification -------------------------------------------------------------------

  @Nested
  class Errors {
    private GatewayException authorizeFails() {
      return catchThrowableOfType(
          GatewayException.class,
          () -> checkout.authorize(request(Money.of("12.50", "USD"), false)));
    }

    @Test
    void invalidDataIsRejectedWithTheFirstErrorCodeAndTheRequestId() {
      wireMock.stubFor(
          requestPayment()
              .willReturn(
                  CheckoutComFixtures.validationError(
                      422, "request_invalid", "card_number_invalid", "cvv_invalid")));

      GatewayException e = authorizeFails();

      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.credentialsProblem()).isFalse();
      assertThat(e.gatewayCode()).contains("card_number_invalid");
      assertThat(e.getMessage()).contains("request_invalid").contains("cvv_invalid");
      assertThat(e.requestId()).contains(REQUEST_ID);
      assertThat(e.httpStatus()).isEqualTo(422);
    }

    @Test
    void unauthorizedIsACredentialsProblem() {
      wireMock.stubFor(requestPayment().willReturn(CheckoutComFixtures.empty(401)));

      GatewayException e = authorizeFails();

      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.credentialsProblem()).isTrue();
      assertThat(e.requestId()).contains(REQUEST_ID);
      assertThat(e.getMessage()).doesNotContain(SECRET_KEY);
    }

    @Test
    void aDuplicateStillInFlightIsAnUnknownOutcomeWithAShortDelayNeverAFailover() {
      wireMock.stubFor(
          requestPayment()
              .willReturn(aResponse().withStatus(409).withHeader("Cko-Request-Id", REQUEST_ID)));
      GatewayException e = authorizeFails();
      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(e.failureClass().knownNotProcessed()).isFalse();
      assertThat(e.retryAfter()).contains(CheckoutComResponses.CONFLICT_RETRY_AFTER);

      wireMock.resetAll();
      wireMock.stubFor(
          requestPayment().willReturn(aResponse().withStatus(409).withHeader("Retry-After", "5")));
      assertThat(authorizeFails().retryAfter()).contains(Duration.ofSeconds(5));
    }

    @Test
    void aRateLimitIsUnavailableWithItsDelay() {
      wireMock.stubFor(
          requestPayment()
              .willReturn(
                  CheckoutComFixtures.json(429, "{\"request_id\":\"" + REQUEST_ID + "\"}")
                      .withHeader("Retry-After", "3")));

      GatewayException e = authorizeFails();

      assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    }

    @Test
    void aBadGatewayIsAnUnknownOutcomeAndAServiceUnavailableIsUnavailable() {
      wireMock.stubFor(requestPayment().willReturn(CheckoutComFixtures.empty(502)));
      assertThat(authorizeFails().failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);

      wireMock.resetAll();
      wireMock.stubFor(requestPayment().willReturn(CheckoutComFixtures.empty(503)));
      assertThat(authorizeFails().failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    }

    @Test
    void theBodysRequestIdIsUsedWhenTheHeaderIsMissing() {
      wireMock.stubFor(
          requestPayment()
              .willReturn(
                  aResponse()
                      .withStatus(500)
                      .withHeader("Content-Type", "application/json")
                      .withBody("{\"request_id\":\"0HL80RJLS76I8\"}")));

      GatewayException e = authorizeFails();

      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(e.requestId()).contains("0HL80RJLS76I8");
    }

    @Test
    void anApprovalFlagThatContradictsTheStatusIsAnUnknownOutcome() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
      ObjectNode body =
          CheckoutComFixtures.paymentResponse(request, "Authorized", "10000", "Approved");
      body.put("approved", false);
      wireMock.stubFor(requestPayment().willReturn(CheckoutComFixtures.json(201, body.toString())));

      assertThat(authorizeFails().failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    }

    @Test
    void anUndocumentedStatusIsAnUnknownOutcome() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
      ObjectNode body =
          CheckoutComFixtures.paymentResponse(request, "Authorized", "10000", "Approved");
      body.put("status", "Teleported");
      wireMock.stubFor(requestPayment().willReturn(CheckoutComFixtures.json(201, body.toString())));

      GatewayException e = authorizeFails();

      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(e.getMessage()).contains("Teleported");
    }

    @Test
    void aForbiddenPaymentRequestIsACredentialsProblemButAForbiddenCaptureIsNot() {
      wireMock.stubFor(requestPayment().willReturn(CheckoutComFixtures.empty(403)));
      assertThat(authorizeFails().credentialsProblem()).isTrue();

      wireMock.stubFor(
          post(urlPathEqualTo("/payments/" + PAYMENT_ID + "/captures"))
              .willReturn(CheckoutComFixtures.empty(403)));
      GatewayException e =
          catchThrowableOfType(
              GatewayException.class, () -> checkout.capture(capture("5.00", false, CAP_KEY)));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.credentialsProblem()).isFalse();
      assertThat(e.gatewayCode()).contains("capture_not_allowed");
      assertThat(e.requestId()).contains(REQUEST_ID);
    }

    @Test
    void aRefundOfAnUnknownPaymentOrBeyondTheBalanceIsRejected() {
      wireMock.stubFor(
          post(urlPathEqualTo("/payments/" + PAYMENT_ID + "/refunds"))
              .willReturn(CheckoutComFixtures.empty(404)));
      GatewayException e =
          catchThrowableOfType(GatewayException.class, () -> checkout.refund(refund(null)));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.gatewayCode()).contains("payment_not_found");

      wireMock.resetAll();
      wireMock.stubFor(
          post(urlPathEqualTo("/payments/" + PAYMENT_ID + "/refunds"))
              .willReturn(
                  CheckoutComFixtures.validationError(
                      422, "request_invalid", "amount_exceeds_balance")));
      e = catchThrowableOfType(GatewayException.class, () -> checkout.refund(refund(null)));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.gatewayCode()).contains("amount_exceeds_balance");
    }

    @Test
    void anIdempotencyKeyThatCannotTravelInAHeaderIsRejectedBeforeSending() {
      AuthorizeRequest r = request(Money.of("1.00", "USD"), false);
      AuthorizeRequest spaced =
          new AuthorizeRequest(
              r.paymentId(),
              r.reference(),
              r.amount(),
              r.source(),
              false,
              "key with spaces",
              1,
              r.threeDSecure(),
              null,
              null,
              null,
              Map.of());

      assertThatThrownBy(() -> checkout.authorize(spaced))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("idempotencyKey");
      assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
  }

  // ---- capture, void, refund --------------------------------------------------------------------

  private static final String CAP_KEY = "pay_01HZX3:capture:checkout:1";
  private static final String REFUND_KEY = "pay_01HZX3:refund:checkout:1";
  private static final String VOID_KEY = "pay_01HZX3:cancel:checkout:1";

  private static CaptureRequest capture(String amount, boolean last, String key) {
    return new CaptureRequest(
        "pay_01HZX3", "order-1001", PAYMENT_ID, Money.of(amount, "USD"), last, key, 1);
  }

  private static RefundRequest refund(String reason) {
    return new RefundRequest(
        "pay_01HZX3",
        "order-1001",
        PAYMENT_ID,
        null,
        Money.of("3.00", "USD"),
        reason,
        REFUND_KEY,
        1);
  }

  @Nested
  class FollowUps {
    @Test
    void aPartialCaptureIsAcceptedAndPendingWithItsActionId() {
      wireMock.stubFor(
          post(urlPathEqualTo("/payments/" + PAYMENT_ID + "/captures"))
              .withHeader("Authorization", equalTo("Bearer " + SECRET_KEY))
              .withHeader("Content-Type", equalTo("application/json"))
              .withHeader("Cko-Idempotency-Key", equalTo(CAP_KEY))
              .withRequestBody(
                  equalToJson(
                      "{\"amount\":500,\"capture_type\":\"NonFinal\","
                          + "\"reference\":\"pay_01HZX3:capture:checkout:1\","
                          + "\"metadata\":{\"ottu_payment_id\":\"pay_01HZX3\","
                          + "\"ottu_idempotency_key\":\"pay_01HZX3:capture:checkout:1\"}}"))
              .willReturn(
                  CheckoutComFixtures.json(
                      202, CheckoutComFixtures.actionAccepted(CAP_KEY).toString())));

      GatewayResult result = checkout.capture(capture("5.00", false, CAP_KEY));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.PENDING);
      assertThat(result.gatewayReference()).contains(PAYMENT_ID);
      assertThat(result.transactionReference()).contains(ACTION_ID);
      assertThat(result.rawStatus()).contains("Accepted");
    }

    @Test
    void aFinalCaptureAsksCheckoutComToReleaseTheRest() {
      wireMock.stubFor(
          post(urlPathEqualTo("/payments/" + PAYMENT_ID + "/captures"))
              .withRequestBody(matchingJsonPath("$.capture_type", equalTo("Final")))
              .willReturn(
                  CheckoutComFixtures.json(
                      202, CheckoutComFixtures.actionAccepted(CAP_KEY).toString())));

      assertThat(checkout.capture(capture("12.50", true, CAP_KEY)).type())
          .isEqualTo(GatewayResult.Type.PENDING);
    }

    @Test
    void aVoidIsAcceptedAndPending() {
      wireMock.stubFor(
          post(urlPathEqualTo("/payments/" + PAYMENT_ID + "/voids"))
              .withHeader("Cko-Idempotency-Key", equalTo(VOID_KEY))
              .withRequestBody(
                  equalToJson(
                      "{\"reference\":\"pay_01HZX3:cancel:checkout:1\","
                          + "\"metadata\":{\"ottu_payment_id\":\"pay_01HZX3\","
                          + "\"ottu_idempotency_key\":\"pay_01HZX3:cancel:checkout:1\"}}"))
              .willReturn(
                  CheckoutComFixtures.json(
                      202, CheckoutComFixtures.actionAccepted(VOID_KEY).toString())));

      GatewayResult result =
          checkout.cancel(
              new CancelRequest(
                  "pay_01HZX3", "order-1001", PAYMENT_ID, Money.of("12.50", "USD"), VOID_KEY));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.PENDING);
      assertThat(result.transactionReference()).contains(ACTION_ID);
    }

    @Test
    void aPartialRefundCarriesTheAmountReferenceAndReason() {
      wireMock.stubFor(
          post(urlPathEqualTo("/payments/" + PAYMENT_ID + "/refunds"))
              .withHeader("Cko-Idempotency-Key", equalTo(REFUND_KEY))
              .withRequestBody(
                  equalToJson(
                      "{\"amount\":300,\"reference\":\"pay_01HZX3:refund:checkout:1\","
                          + "\"metadata\":{\"ottu_payment_id\":\"pay_01HZX3\","
                          + "\"ottu_idempotency_key\":\"pay_01HZX3:refund:checkout:1\","
                          + "\"reason\":\"customer changed mind\"}}"))
              .willReturn(
                  CheckoutComFixtures.json(
                      202, CheckoutComFixtures.actionAccepted(REFUND_KEY).toString())));

      GatewayResult result = checkout.refund(refund("customer changed mind"));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.PENDING);
      assertThat(result.transactionReference()).contains(ACTION_ID);
    }

    @Test
    void aKeyLongerThanAnActionReferenceIsHashedTheSameWayForSendingAndLookingUp() {
      String longKey = "pay_01HZX3:capture:checkout-eu-primary-with-a-long-id:17";
      String reference = CheckoutComGateway.actionReference(longKey);
      assertThat(reference).startsWith("ottu-").hasSize(50);
      assertThat(CheckoutComGateway.actionReference(longKey)).isEqualTo(reference);
      assertThat(CheckoutComGateway.actionReference(CAP_KEY)).isEqualTo(CAP_KEY);
      wireMock.stubFor(
          post(urlPathEqualTo("/payments/" + PAYMENT_ID + "/captures"))
              .withHeader("Cko-Idempotency-Key", equalTo(longKey))
              .withRequestBody(matchingJsonPath("$.reference", equalTo(reference)))
              .willReturn(
                  CheckoutComFixtures.json(
                      202, CheckoutComFixtures.actionAccepted(reference).toString())));
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + PAYMENT_ID + "/actions"))
              .willReturn(
                  CheckoutComFixtures.json(
                      200,
                      CheckoutComFixtures.array(
                          CheckoutComFixtures.action(
                              "act_gefycn3jcvuupboxfmqrhk2aym",
                              "Capture",
                              500,
                              true,
                              "10000",
                              "Approved",
                              reference)))));

      assertThat(checkout.capture(capture("5.00", false, longKey)).type())
          .isEqualTo(GatewayResult.Type.PENDING);
      assertThat(
              checkout.lookup(
                  new LookupRequest(
                      "pay_01HZX3",
                      "order-1001",
                      PAYMENT_ID,
                      GatewayOperation.CAPTURE,
                      Money.of("5.00", "USD"),
                      longKey)))
          .hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(GatewayResult.Type.CAPTURED));
    }
  }

  // ---- lookup ---------------------------------------------------------------------------------

  @Nested
  class Lookup {
    private LookupRequest lookup(String ref, GatewayOperation operation, String key) {
      return new LookupRequest(
          "pay_01HZX3", "order-1001", ref, operation, Money.of("12.50", "USD"), key);
    }

    private void stubDetails(String id, ObjectNode details) {
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + id))
              .withHeader("Authorization", equalTo("Bearer " + SECRET_KEY))
              .willReturn(CheckoutComFixtures.json(200, details.toString())));
    }

    private ObjectNode details(String status) {
      return CheckoutComFixtures.details(
          PAYMENT_ID, Money.of("12.50", "USD"), status, "pay_01HZX3", AUTH_KEY);
    }

    @ParameterizedTest(name = "{0} looked up for {1} is {2}")
    @CsvSource({
      "Pending, AUTHORIZE, PENDING",
      "Authorized, AUTHORIZE, AUTHORIZED",
      "Authorized, PURCHASE, PENDING",
      "Card Verified, AUTHORIZE, AUTHORIZED",
      "Captured, PURCHASE, CAPTURED",
      "Partially Captured, AUTHORIZE, CAPTURED",
      "Paid, PURCHASE, CAPTURED",
      "Declined, AUTHORIZE, DECLINED",
      "Voided, AUTHORIZE, CANCELLED",
      "Canceled, AUTHORIZE, CANCELLED",
      "Expired, AUTHORIZE, EXPIRED",
      "Refunded, PURCHASE, REFUNDED",
      "Partially Refunded, PURCHASE, REFUNDED",
      "Authentication Requested, AUTHORIZE, PENDING",
      "Retry Scheduled, AUTHORIZE, PENDING",
      "Requested, AUTHORIZE, PENDING",
      "Active, AUTHORIZE, PENDING"
    })
    void everyDocumentedStatusIsMapped(
        String status, GatewayOperation operation, GatewayResult.Type expected) {
      stubDetails(PAYMENT_ID, details(status));
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + PAYMENT_ID + "/actions"))
              .willReturn(CheckoutComFixtures.json(200, "[]")));

      GatewayResult result = checkout.lookup(lookup(PAYMENT_ID, operation, AUTH_KEY)).orElseThrow();

      assertThat(result.type()).isEqualTo(expected);
      assertThat(result.rawStatus()).contains(status);
      assertThat(result.gatewayReference()).contains(PAYMENT_ID);
    }

    @Test
    void aPartiallyCapturedPaymentReportsTheCapturedBalance() {
      ObjectNode details = details("Partially Captured");
      CheckoutComFixtures.balances(details, 1250, 500, 0);
      stubDetails(PAYMENT_ID, details);

      assertThat(checkout.lookup(lookup(PAYMENT_ID, GatewayOperation.AUTHORIZE, AUTH_KEY)))
          .hasValueSatisfying(r -> assertThat(r.amount()).contains(Money.of("5.00", "USD")));
    }

    @Test
    void aDeclineWithoutItsCodeIsExplainedByThePaymentsActions() {
      stubDetails(PAYMENT_ID, details("Declined"));
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + PAYMENT_ID + "/actions"))
              .willReturn(
                  CheckoutComFixtures.json(
                      200,
                      CheckoutComFixtures.array(
                          CheckoutComFixtures.action(
                              "act_y3oqhf46pyzuxjbcn2giaqnb44",
                              "Authorization",
                              1250,
                              false,
                              "20051",
                              "Insufficient Funds",
                              "order-1001")))));

      Decline d =
          checkout
              .lookup(lookup(PAYMENT_ID, GatewayOperation.AUTHORIZE, AUTH_KEY))
              .orElseThrow()
              .decline()
              .orElseThrow();

      assertThat(d.rawCode()).isEqualTo("20051");
      assertThat(d.reason()).isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void aPaymentCheckoutComDoesNotKnowIsNotFound() {
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + PAYMENT_ID))
              .willReturn(CheckoutComFixtures.empty(404)));

      assertThat(checkout.lookup(lookup(PAYMENT_ID, GatewayOperation.AUTHORIZE, AUTH_KEY)))
          .isEmpty();
    }

    @Test
    void aCompleteActionLookupReadsWhetherThePaymentWasAPurchaseFromItsMetadata() {
      ObjectNode details = details("Authorized");
      ((ObjectNode) details.get("metadata")).put("ottu_capture", "true");
      stubDetails(PAYMENT_ID, details);

      assertThat(
              checkout.lookup(lookup(PAYMENT_ID, GatewayOperation.COMPLETE_ACTION, "complete-1")))
          .hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(GatewayResult.Type.PENDING));
    }

    @Test
    void withoutThePaymentIdTheListByReferenceIsSearchedForOurIdempotencyKey() {
      ObjectNode earlier =
          CheckoutComFixtures.details(
              "pay_earlier4mvu3mela5njyhpit4",
              Money.of("12.50", "USD"),
              "Declined",
              "pay_01HZX3",
              "pay_01HZX3:authorize:checkout:0");
      ObjectNode mine = details("Authorized");
      wireMock.stubFor(
          get(urlPathEqualTo("/payments"))
              .withQueryParam("reference", equalTo("order-1001"))
              .withQueryParam("limit", equalTo("100"))
              .withQueryParam("skip", equalTo("0"))
              .willReturn(
                  CheckoutComFixtures.json(
                      200, CheckoutComFixtures.page(100, 0, 2, mine, earlier))));

      Optional<GatewayResult> found =
          checkout.lookup(lookup(null, GatewayOperation.AUTHORIZE, AUTH_KEY));

      assertThat(found)
          .hasValueSatisfying(
              r -> {
                assertThat(r.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
                assertThat(r.gatewayReference()).contains(PAYMENT_ID);
                assertThat(r.amount()).contains(Money.of("12.50", "USD"));
              });
    }

    @Test
    void anEmptyListByReferenceIsNoRecord() {
      wireMock.stubFor(
          get(urlPathEqualTo("/payments"))
              .withQueryParam("reference", equalTo("order-1001"))
              .willReturn(CheckoutComFixtures.json(200, CheckoutComFixtures.page(100, 0, 0))));

      assertThat(checkout.lookup(lookup(null, GatewayOperation.AUTHORIZE, AUTH_KEY))).isEmpty();
    }

    @Test
    void moreSameReferencePaymentsThanTheLookupReadsIsAnUnknownOutcomeNotNoRecord() {
      ObjectNode stranger =
          CheckoutComFixtures.details(
              "pay_stranger4mvu3mela5njyhpit", Money.of("1.00", "USD"), "Captured", "pay_X", "x");
      wireMock.stubFor(
          get(urlPathEqualTo("/payments"))
              .willReturn(
                  CheckoutComFixtures.json(200, CheckoutComFixtures.page(100, 0, 150, stranger))));

      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () ->
                  builder()
                      .lookupScanPages(1)
                      .build()
                      .lookup(lookup(null, GatewayOperation.AUTHORIZE, AUTH_KEY)));

      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    }

    @Test
    void aFailedListIsNeverNoRecord() {
      wireMock.stubFor(get(urlPathEqualTo("/payments")).willReturn(CheckoutComFixtures.empty(500)));

      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () -> checkout.lookup(lookup(null, GatewayOperation.AUTHORIZE, AUTH_KEY)));

      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    }

    @Test
    void followUpsAreFoundAmongThePaymentsActionsByTheirReference() {
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + PAYMENT_ID + "/actions"))
              .withHeader("Authorization", equalTo("Bearer " + SECRET_KEY))
              .willReturn(
                  CheckoutComFixtures.json(
                      200,
                      CheckoutComFixtures.array(
                          CheckoutComFixtures.action(
                              "act_fd3h6evhpn3uxdoqbuu3lqnqbm",
                              "Refund",
                              300,
                              false,
                              "20158",
                              "Refund validity period has expired",
                              REFUND_KEY),
                          CheckoutComFixtures.action(
                              "act_v0idcn3jcvuupboxfmqrhk2aym",
                              "Void",
                              750,
                              true,
                              "10000",
                              "Approved",
                              VOID_KEY),
                          CheckoutComFixtures.action(
                              "act_gefycn3jcvuupboxfmqrhk2aym",
                              "Capture",
                              500,
                              true,
                              "10000",
                              "Approved",
                              CAP_KEY),
                          CheckoutComFixtures.action(
                              "act_y3oqhf46pyzuxjbcn2giaqnb44",
                              "Authorization",
                              1250,
                              true,
                              "10000",
                              "Approved",
                              "order-1001")))));

      GatewayResult captured =
          checkout.lookup(lookup(PAYMENT_ID, GatewayOperation.CAPTURE, CAP_KEY)).orElseThrow();
      assertThat(captured.type()).isEqualTo(GatewayResult.Type.CAPTURED);
      assertThat(captured.amount()).contains(Money.of("5.00", "USD"));
      assertThat(captured.transactionReference()).contains("act_gefycn3jcvuupboxfmqrhk2aym");

      GatewayResult refund =
          checkout.lookup(lookup(PAYMENT_ID, GatewayOperation.REFUND, REFUND_KEY)).orElseThrow();
      assertThat(refund.type()).isEqualTo(GatewayResult.Type.DECLINED);
      assertThat(refund.decline().orElseThrow().rawCode()).isEqualTo("20158");
      assertThat(refund.amount()).contains(Money.of("3.00", "USD"));

      GatewayResult voided =
          checkout.lookup(lookup(PAYMENT_ID, GatewayOperation.CANCEL, VOID_KEY)).orElseThrow();
      assertThat(voided.type()).isEqualTo(GatewayResult.Type.CANCELLED);

      assertThat(checkout.lookup(lookup(PAYMENT_ID, GatewayOperation.CAPTURE, "never-sent")))
          .isEmpty();
    }

    @Test
    void aFollowUpLookupWithoutThePaymentIdIsRejected() {
      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () -> checkout.lookup(lookup(null, GatewayOperation.REFUND, REFUND_KEY)));

      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
  }

  // ---- 3-D Secure completion ------------------------------------------------------------------

  @Nested
  class CompleteAction {
    private CompleteActionRequest complete(String ref, boolean capture, Map<String, String> p) {
      return new CompleteActionRequest(
          "pay_01HZX3",
          "order-1001",
          ref,
          Money.of("12.50", "USD"),
          capture,
          p,
          "pay_01HZX3:complete:checkout:1");
    }

    private ObjectNode session(String status) {
      return CheckoutComFixtures.details(
          PAYMENT_ID, Money.of("12.50", "USD"), status, "pay_01HZX3", AUTH_KEY);
    }

    @Test
    void theSessionIdFromTheReturnReadsThePayment() {
      ObjectNode details = session("Authorized");
      details
          .putArray("actions")
          .add(
              CheckoutComFixtures.action(
                  "act_y3oqhf46pyzuxjbcn2giaqnb44",
                  "Authorization",
                  1250,
                  true,
                  "10000",
                  "Approved",
                  null));
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + SESSION_ID))
              .withHeader("Authorization", equalTo("Bearer " + SECRET_KEY))
              .willReturn(CheckoutComFixtures.json(200, details.toString())));

      GatewayResult result =
          checkout.completeAction(
              complete(PAYMENT_ID, false, Map.of("cko-session-id", SESSION_ID)));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
      assertThat(result.gatewayReference()).contains(PAYMENT_ID);
      assertThat(result.amount()).contains(Money.of("12.50", "USD"));
    }

    @Test
    void aCapturedPurchaseIsCaptured() {
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + SESSION_ID))
              .willReturn(CheckoutComFixtures.json(200, session("Captured").toString())));

      GatewayResult result =
          checkout.completeAction(complete(PAYMENT_ID, true, Map.of("cko-session-id", SESSION_ID)));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    }

    @Test
    void aFailedChallengeIsDeclinedByTheCodeInTheSessionsActions() {
      ObjectNode details = session("Declined");
      details
          .putArray("actions")
          .add(
              CheckoutComFixtures.action(
                  "act_y3oqhf46pyzuxjbcn2giaqnb44",
                  "Authorization",
                  1250,
                  false,
                  "20151",
                  "Cardholder failed 3DS authentication",
                  null));
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + SESSION_ID))
              .willReturn(CheckoutComFixtures.json(200, details.toString())));

      GatewayResult result =
          checkout.completeAction(complete(null, false, Map.of("cko-session-id", SESSION_ID)));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
      Decline d = result.decline().orElseThrow();
      assertThat(d.rawCode()).isEqualTo("20151");
      assertThat(d.reason()).isEqualTo(DeclineReason.AUTHENTICATION_FAILED);
      assertThat(d.action()).isEqualTo(DeclineAction.STOP);
      wireMock.verify(0, getRequestedFor(urlPathEqualTo("/payments/" + PAYMENT_ID + "/actions")));
    }

    @Test
    void withoutASessionIdThePaymentIdIsRead() {
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + PAYMENT_ID))
              .willReturn(CheckoutComFixtures.json(200, session("Authorized").toString())));

      assertThat(checkout.completeAction(complete(PAYMENT_ID, false, Map.of())).type())
          .isEqualTo(GatewayResult.Type.AUTHORIZED);
    }

    @Test
    void aSessionOfAnotherPaymentIsRefused() {
      ObjectNode other =
          CheckoutComFixtures.details(
              "pay_other4zu24mvu3mela5njyhpi",
              Money.of("12.50", "USD"),
              "Authorized",
              "pay_01HZX3",
              AUTH_KEY);
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + SESSION_ID))
              .willReturn(CheckoutComFixtures.json(200, other.toString())));

      assertThatThrownBy(
              () ->
                  checkout.completeAction(
                      complete(PAYMENT_ID, false, Map.of("cko-session-id", SESSION_ID))))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("parameters.cko-session-id");
    }

    @Test
    void aPaymentMadeForAnotherOttuPaymentIsRefused() {
      ObjectNode foreign =
          CheckoutComFixtures.details(
              PAYMENT_ID, Money.of("12.50", "USD"), "Authorized", "pay_SOMEONE_ELSE", "k");
      wireMock.stubFor(
          get(urlPathEqualTo("/payments/" + SESSION_ID))
              .willReturn(CheckoutComFixtures.json(200, foreign.toString())));

      assertThatThrownBy(
              () ->
                  checkout.completeAction(
                      complete(null, false, Map.of("cko-session-id", SESSION_ID))))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("another payment");
    }

    @Test
    void aMalformedSessionIdIsRefusedWithoutACall() {
      assertThatThrownBy(
              () ->
                  checkout.completeAction(
                      complete(PAYMENT_ID, false, Map.of("cko-session-id", "../payments?x=1"))))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("parameters.cko-session-id");
      assertThatThrownBy(() -> checkout.completeAction(complete(null, false, Map.of())))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("gatewayReference");
      assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }
  }

  // ---- builder --------------------------------------------------------------------------------

  @Nested
  class Building {
    @Test
    void aMissingOrMalformedKeyIsNamedAndNeverEchoed() {
      assertThatThrownBy(() -> CheckoutComGateway.builder().build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("secretKey: is required");
      assertThatThrownBy(
              () ->
                  CheckoutComGateway.builder()
                      .secretKey("pk_sbox_m73dzbpy7cf3gfd46xr4yj5xo4e")
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("secretKey:")
          .hasMessageNotContaining("m73dzbpy7cf3gfd46xr4yj5xo4e");
      assertThatThrownBy(() -> CheckoutComGateway.builder().secretKey("sk_sbox_tooshort").build())
          .hasMessageStartingWith("secretKey:");
    }

    @Test
    void aKeyOfTheOtherEnvironmentThanTheCheckoutComHostFailsAtBuild() {
      assertThatThrownBy(
              () -> CheckoutComGateway.builder().secretKey(SECRET_KEY).production().build())
          .hasMessageStartingWith("secretKey: a sandbox key");
      assertThatThrownBy(
              () ->
                  CheckoutComGateway.builder()
                      .secretKey(CheckoutComFixtures.PRODUCTION_KEY)
                      .build())
          .hasMessageStartingWith("secretKey: a production key");
      CheckoutComGateway live =
          CheckoutComGateway.builder()
              .secretKey(CheckoutComFixtures.PRODUCTION_KEY)
              .production()
              .build();
      assertThat(live.toString())
          .contains("https://api.checkout.com")
          .doesNotContain("m73dzbpy7cf3gfd46xr4yj5xo4e");
    }

    @Test
    void theSandboxIsTheDefaultAndAnAccountPrefixGoesInFrontOfTheHost() {
      assertThat(CheckoutComGateway.builder().secretKey(SECRET_KEY).build().toString())
          .isEqualTo("CheckoutComGateway[checkout https://api.sandbox.checkout.com/]");
      assertThat(
              CheckoutComGateway.builder()
                  .secretKey(SECRET_KEY)
                  .accountPrefix("1a2b3c4d")
                  .build()
                  .toString())
          .contains("https://1a2b3c4d.api.sandbox.checkout.com");
      assertThat(
              CheckoutComGateway.builder()
                  .secretKey(CheckoutComFixtures.PRODUCTION_KEY)
                  .production()
                  .accountPrefix("1a2b3c4d")
                  .build()
                  .toString())
          .contains("https://1a2b3c4d.api.checkout.com");
      assertThatThrownBy(
              () ->
                  CheckoutComGateway.builder()
                      .secretKey(SECRET_KEY)
                      .accountPrefix("Not A Prefix")
                      .build())
          .hasMessageStartingWith("accountPrefix:");
      assertThatThrownBy(
              () ->
                  CheckoutComGateway.builder()
                      .secretKey(SECRET_KEY)
                      .accountPrefix("1a2b3c4d")
                      .baseUrl("https://example.test")
                      .build())
          .hasMessageStartingWith("accountPrefix:");
    }

    @Test
    void otherFieldsAreNamed() {
      assertThatThrownBy(
              () ->
                  CheckoutComGateway.builder()
                      .secretKey(SECRET_KEY)
                      .baseUrl("http://api.example.test")
                      .build())
          .hasMessageStartingWith("baseUrl:");
      assertThatThrownBy(
              () ->
                  CheckoutComGateway.builder()
                      .secretKey(SECRET_KEY)
                      .processingChannelId("mer_q4dbxom5jbgudnjzjpz7j2z6uq")
                      .build())
          .hasMessageStartingWith("processingChannelId:");
      assertThatThrownBy(
              () ->
                  CheckoutComGateway.builder()
                      .secretKey(SECRET_KEY)
                      .readTimeout(Duration.ZERO)
                      .build())
          .hasMessageStartingWith("readTimeout:");
      assertThatThrownBy(() -> CheckoutComGateway.builder().secretKey(SECRET_KEY).id(" ").build())
          .hasMessageStartingWith("id:");
      assertThatThrownBy(
              () -> CheckoutComGateway.builder().secretKey(SECRET_KEY).lookupScanPages(0).build())
          .hasMessageStartingWith("lookupScanPages:");
      assertThatThrownBy(
              () ->
                  CheckoutComGateway.builder()
                      .secretKey(SECRET_KEY)
                      .sameKeyRetries(true)
                      .capabilities(CheckoutComGateway.defaultCapabilities())
                      .build())
          .hasMessageStartingWith("sameKeyRetries:");
    }

    @Test
    void capabilitiesSayThatSameKeyRetriesAreNotSafeUnlessTheHostOptsIn() {
      GatewayCapabilities caps =
          CheckoutComGateway.builder().secretKey(SECRET_KEY).build().capabilities();
      assertThat(caps.idempotencyKeys()).isFalse();
      assertThat(caps.partialCapture()).isTrue();
      assertThat(caps.multipleCaptures()).isTrue();
      assertThat(caps.partialRefund()).isTrue();
      assertThat(caps.threeDSecure()).isTrue();
      assertThat(caps.currencies()).isEmpty();
      assertThat(caps.supports(GatewayOperation.LOOKUP)).isTrue();
      assertThat(
              CheckoutComGateway.builder()
                  .secretKey(SECRET_KEY)
                  .sameKeyRetries(true)
                  .build()
                  .capabilities()
                  .idempotencyKeys())
          .isTrue();
    }
  }
}
