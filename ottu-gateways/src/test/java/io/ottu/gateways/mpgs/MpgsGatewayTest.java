package io.ottu.gateways.mpgs;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.ottu.CardData;
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
import io.ottu.testing.LogScanner;
import io.ottu.testkit.KitWireMock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link MpgsGateway} against WireMock stubs shaped like MPGS's published responses, matching what
 * the adapter sends: the URL with merchant, order and transaction, HTTP Basic, the exact JSON body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MpgsGatewayTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String PAYMENT = "pay_01hzx3k9q2m8v7c6b5n4t3r2w1";
  private static final String KEY = "ot_3f9a0c1b2d4e5f60718293a4b5c6d7e8f9012345";
  private static final String TXN = MpgsIds.transactionId(KEY);
  private static final String REF = PAYMENT + "/" + TXN;
  private static final String AUTH = MpgsIds.authenticationTransactionId(KEY, NOW);
  private static final String PENDING_REF = PAYMENT + "/" + AUTH + "/" + MpgsFixtures.SESSION;
  private static final String ORDER_PATH = MpgsFixtures.BASE + "/order/" + PAYMENT;
  private static final Money KWD = Money.of("12.500", "KWD");

  // Started before the class and stopped after it; reset by each class's own @BeforeEach.
  @RegisterExtension
  static final WireMockExtension wireMock =
      WireMockExtension.newInstance().options(KitWireMock.options()).resetOnEachTest(false).build();

  private MpgsGateway mpgs;

  @AfterAll
  void stop() {
    // The adapter logged its traffic with bodies: MPGS's test card numbers must not be in it.
    assertThat(
            LogScanner.findings(
                List.of(Path.of("target/test.log")), MpgsFixtures.MASTERCARD, MpgsFixtures.VISA))
        .isEmpty();
  }

  @BeforeEach
  void reset() {
    wireMock.resetAll();
    mpgs = builder().build();
  }

  private MpgsGateway.Builder builder() {
    return MpgsGateway.builder()
        .merchantId(MpgsFixtures.MERCHANT)
        .apiPassword(MpgsFixtures.API_PASSWORD)
        .baseUrl("http://127.0.0.1:" + wireMock.getPort())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .logging(RedactingLoggingInterceptor.builder().headers(true).bodies(true).build());
  }

  private static CardData card() {
    return CardData.builder()
        .number(MpgsFixtures.MASTERCARD)
        .expiry(1, 2039)
        .cvc("100")
        .holderName("Fatima Al-Sabah")
        .build();
  }

  private static AuthorizeRequest request(Money amount, boolean capture) {
    return request(
        amount, capture, GatewaySource.card(card()), ThreeDSecure.AUTOMATIC, null, Map.of());
  }

  private static AuthorizeRequest request(
      Money amount,
      boolean capture,
      GatewaySource source,
      ThreeDSecure threeDs,
      Customer customer,
      Map<String, String> metadata) {
    return new AuthorizeRequest(
        PAYMENT,
        "order-1001",
        amount,
        source,
        capture,
        KEY,
        1,
        threeDs,
        "https://shop.example/return?order=1001",
        customer,
        "Order 1001",
        metadata);
  }

  private static MappingBuilder transactionPut(String transactionId) {
    return put(urlPathEqualTo(ORDER_PATH + "/transaction/" + transactionId))
        .withHeader("Authorization", equalTo(MpgsFixtures.basicAuth()))
        .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
        .withHeader("Accept", equalTo("application/json"));
  }

  private static MappingBuilder transactionGet(String transactionId) {
    return get(urlPathEqualTo(ORDER_PATH + "/transaction/" + transactionId))
        .withHeader("Authorization", equalTo(MpgsFixtures.basicAuth()));
  }

  private static String approved(String type, String transactionId, Money amount) {
    return MpgsFixtures.transaction("SUCCESS", "APPROVED", type, PAYMENT, transactionId, amount)
        .toString();
  }

  private static String cardJson() {
    return "\"sourceOfFunds\": {\"type\": \"CARD\", \"provided\": {\"card\": {"
        + "\"number\": \"5123450000000008\", \"expiry\": {\"month\": \"01\", \"year\": \"39\"},"
        + " \"securityCode\": \"100\", \"nameOnCard\": \"Fatima Al-Sabah\"}}}";
  }

  // ---- authorize and purchase ---------------------------------------------------------------

  @Test
  void authorizeSendsAnAuthorizeOnTheOrderAndTransactionItNames() {
    wireMock.stubFor(
        transactionPut(TXN)
            .withRequestBody(
                equalToJson(
                    "{\"apiOperation\": \"AUTHORIZE\","
                        + " \"order\": {\"amount\": \"12.500\", \"currency\": \"KWD\","
                        + " \"reference\": \"order-1001\"}, "
                        + cardJson()
                        + "}"))
            .willReturn(MpgsFixtures.json(201, approved("AUTHORIZATION", TXN, KWD))));

    GatewayResult result = mpgs.authorize(request(KWD, false));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(result.gatewayReference()).contains(REF);
    assertThat(result.amount()).contains(KWD);
    assertThat(result.rawStatus()).contains("SUCCESS/APPROVED");
    // The engine's 43-character key becomes a 40-character transaction id, the same every time.
    assertThat(TXN).hasSize(40).startsWith("k").isEqualTo(MpgsIds.transactionId(KEY));
  }

  @Test
  void purchaseSendsPayWithTheShoppersEmailAndIpAndIsCaptured() {
    Customer customer = new Customer("c-7", "fatima@example.com", "KW", "203.0.113.7");
    wireMock.stubFor(
        transactionPut(TXN)
            .withRequestBody(
                equalToJson(
                    "{\"apiOperation\": \"PAY\", \"customer\": {\"email\": \"fatima@example.com\"},"
                        + " \"device\": {\"ipAddress\": \"203.0.113.7\"},"
                        + " \"order\": {\"amount\": \"12.500\", \"currency\": \"KWD\","
                        + " \"reference\": \"order-1001\"}, "
                        + cardJson()
                        + "}"))
            .willReturn(MpgsFixtures.json(201, approved("PAYMENT", TXN, KWD))));

    GatewayResult result =
        mpgs.authorize(
            request(KWD, true, GatewaySource.card(card()), ThreeDSecure.SKIP, customer, Map.of()));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(result.amount()).contains(KWD);
  }

  @Test
  void anMpgsTokenGoesAsSourceOfFundsToken() {
    Money usd = Money.of("20.00", "USD");
    wireMock.stubFor(
        transactionPut(TXN)
            .withRequestBody(
                equalToJson(
                    "{\"apiOperation\": \"AUTHORIZE\", \"order\": {\"amount\": \"20.00\","
                        + " \"currency\": \"USD\", \"reference\": \"order-1001\"},"
                        + " \"sourceOfFunds\": {\"type\": \"CARD\", \"token\": \"9876543210123456\"}}"))
            .willReturn(MpgsFixtures.json(201, approved("AUTHORIZATION", TXN, usd))));

    GatewayResult result =
        mpgs.authorize(
            request(
                usd,
                false,
                GatewaySource.gatewayToken("9876543210123456"),
                ThreeDSecure.AUTOMATIC,
                null,
                Map.of()));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
  }

  @Test
  void idsThatFitAreUsedVerbatimAndOthersAreHashedDeterministically() {
    assertThat(MpgsIds.orderId(PAYMENT)).isEqualTo(PAYMENT);
    assertThat(MpgsIds.transactionId("kit-0001-authorize")).isEqualTo("kit-0001-authorize");
    String odd = MpgsIds.orderId("order #1001 / retry");
    assertThat(odd).hasSize(40).startsWith("o").matches("[0-9a-f o]+");
    assertThat(MpgsIds.orderId("order #1001 / retry")).isEqualTo(odd);
    assertThat(MpgsIds.transactionId(KEY + "x")).isNotEqualTo(TXN);
    assertThat(AUTH).hasSize(40).startsWith("3ds-");
    assertThat(MpgsIds.authenticationTransactionId(KEY, NOW.plusMillis(1))).isNotEqualTo(AUTH);
    MpgsIds.Reference pending = MpgsIds.Reference.parse(PENDING_REF, "gatewayReference");
    assertThat(pending.isPendingAuthentication()).isTrue();
    assertThat(pending.encode()).isEqualTo(PENDING_REF);
    assertThatThrownBy(() -> MpgsIds.Reference.parse("pi_123", "gatewayReference"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("gatewayReference");
  }

  @Test
  void aReferenceLongerThanMpgsTakesIsRefusedBeforeSending() {
    AuthorizeRequest request =
        new AuthorizeRequest(
            PAYMENT,
            "order-" + "9".repeat(40),
            KWD,
            GatewaySource.card(card()),
            false,
            KEY,
            1,
            ThreeDSecure.AUTOMATIC,
            null,
            null,
            null,
            Map.of());

    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, () -> mpgs.authorize(request));

    assertThat(e.field()).isEqualTo("reference");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  // ---- amounts --------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({"12.500, KWD, 12.5", "7.125, BHD, 7.125", "1000, JPY, 1000", "10.50, USD, 10.5"})
  void amountsTravelAsDecimalStringsWithTheCurrencysDecimals(
      String amount, String currency, String answered) {
    Money money = Money.of(amount, currency);
    ObjectNode body =
        MpgsFixtures.transaction("SUCCESS", "APPROVED", "AUTHORIZATION", PAYMENT, TXN, money);
    // MPGS answers with JSON numbers, which drop trailing zeros.
    ((ObjectNode) body.get("transaction")).put("amount", new java.math.BigDecimal(answered));
    wireMock.stubFor(
        transactionPut(TXN)
            .withRequestBody(matchingJsonPath("$.order.amount", equalTo(amount)))
            .withRequestBody(matchingJsonPath("$.order.currency", equalTo(currency)))
            .willReturn(MpgsFixtures.json(201, body.toString())));

    assertThat(mpgs.authorize(request(money, false)).amount()).contains(money);
  }

  @Test
  void anAmountAnsweredAsAStringIsReadExactly() {
    ObjectNode body =
        MpgsFixtures.transaction("SUCCESS", "APPROVED", "AUTHORIZATION", PAYMENT, TXN, KWD);
    ((ObjectNode) body.get("transaction")).put("amount", "12.500");
    wireMock.stubFor(transactionPut(TXN).willReturn(MpgsFixtures.json(201, body.toString())));

    assertThat(mpgs.authorize(request(KWD, false)).amount()).contains(KWD);
  }

  @Test
  void anAmountWithMoreDecimalsThanTheCurrencyIsAnUnknownOutcome() {
    ObjectNode body =
        MpgsFixtures.transaction("SUCCESS", "APPROVED", "AUTHORIZATION", PAYMENT, TXN, KWD);
    ((ObjectNode) body.get("transaction")).put("amount", new java.math.BigDecimal("12.5004"));
    wireMock.stubFor(transactionPut(TXN).willReturn(MpgsFixtures.json(201, body.toString())));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.getMessage()).contains("unreadable amount");
  }

  @Test
  void everyIsoCurrencyAmountIsRepresentableSoNothingIsRefusedForItsDecimals() {
    assertThat(MpgsGateway.AMOUNTS.toDecimalString(Money.of("0.001", "KWD"))).isEqualTo("0.001");
    assertThat(MpgsGateway.AMOUNTS.toDecimalString(Money.of("5", "JPY"))).isEqualTo("5");
    assertThat(MpgsGateway.AMOUNTS.toDecimalString(Money.of("3", "BHD"))).isEqualTo("3.000");
    assertThat(MpgsGateway.AMOUNTS.exponent("OMR")).isEqualTo(3);
  }

  // ---- results and declines ---------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "DECLINED, DO_NOT_HONOR, true, CASCADE",
    "DECLINED_DO_NOT_CONTACT, DO_NOT_HONOR, false, STOP",
    "REFERRED, REFERRAL, false, STOP",
    "INSUFFICIENT_FUNDS, INSUFFICIENT_FUNDS, false, STOP",
    "EXPIRED_CARD, EXPIRED_CARD, false, STOP",
    "INVALID_CSC, INCORRECT_CVC, false, STOP",
    "DECLINED_AVS_CSC, INVALID_CARD, false, STOP",
    "ACQUIRER_SYSTEM_ERROR, PROCESSING_ERROR, true, CASCADE",
    "SYSTEM_ERROR, PROCESSING_ERROR, true, CASCADE",
    "UNSPECIFIED_FAILURE, PROCESSING_ERROR, true, CASCADE",
    "NOT_SUPPORTED, NOT_SUPPORTED, true, CASCADE",
    "TIMED_OUT, ISSUER_UNAVAILABLE, true, STOP",
    "AUTHENTICATION_FAILED, AUTHENTICATION_FAILED, false, STOP",
    "BLOCKED, BLOCKED_BY_GATEWAY, false, STOP",
    "CANCELLED, CANCELLED_BY_SHOPPER, false, STOP",
    "A_CODE_MPGS_ADDS_LATER, OTHER, false, STOP"
  })
  void aFailureIsADeclineFromTheTable(
      String code, DeclineReason reason, boolean soft, DeclineAction action) {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.json(
                    201,
                    MpgsFixtures.transaction("FAILURE", code, "AUTHORIZATION", PAYMENT, TXN, KWD)
                        .toString())));

    GatewayResult result = mpgs.authorize(request(KWD, false));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.gatewayReference()).contains(REF);
    assertThat(result.rawStatus()).contains("FAILURE/" + code);
    Decline decline = result.decline().orElseThrow();
    assertThat(decline.rawCode()).isEqualTo(code);
    assertThat(decline.reason()).isEqualTo(reason);
    assertThat(decline.soft()).isEqualTo(soft);
    assertThat(decline.action()).isEqualTo(action);
    assertThat(decline.message()).isEqualTo("Do not honour");
    assertThat(decline.gatewayId()).isEqualTo("mpgs");
  }

  @Test
  void hostsCanOverrideDeclineRows() {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.json(
                    201,
                    MpgsFixtures.transaction(
                            "FAILURE", "REFERRED", "AUTHORIZATION", PAYMENT, TXN, KWD)
                        .toString())));
    MpgsGateway custom =
        builder()
            .declineTable(
                MpgsGateway.defaultDeclineTable()
                    .withOverride("REFERRED", DeclineRule.soft(DeclineReason.REFERRAL)))
            .build();

    Decline decline = custom.authorize(request(KWD, false)).decline().orElseThrow();

    assertThat(decline.soft()).isTrue();
    assertThat(decline.action()).isEqualTo(DeclineAction.CASCADE);
  }

  @ParameterizedTest
  @CsvSource({"PENDING, PENDING", "SUCCESS, SUBMITTED", "SUCCESS, PENDING"})
  void pendingAnswersArePending(String result, String code) {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.json(
                    201,
                    MpgsFixtures.transaction(result, code, "AUTHORIZATION", PAYMENT, TXN, KWD)
                        .toString())));

    GatewayResult pending = mpgs.authorize(request(KWD, false));

    assertThat(pending.type()).isEqualTo(GatewayResult.Type.PENDING);
    assertThat(pending.gatewayReference()).contains(REF);
    assertThat(pending.amount()).contains(KWD);
  }

  @ParameterizedTest
  @CsvSource({
    "UNKNOWN, UNKNOWN",
    "SUCCESS, UNKNOWN",
    "FAILURE, LOCK_FAILURE",
    "SUCCESS, DECLINED",
    "FAILURE, APPROVED",
    "SOMETHING, APPROVED"
  })
  void answersThatDoNotSettleTheOutcomeAreUnknownOutcomes(String result, String code) {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.json(
                    201,
                    MpgsFixtures.transaction(result, code, "AUTHORIZATION", PAYMENT, TXN, KWD)
                        .toString())));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.httpStatus()).isEqualTo(201);
    if (code.equals("LOCK_FAILURE")) {
      assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
      assertThat(e.gatewayCode()).contains("LOCK_FAILURE");
    }
  }

  @Test
  void aPartialApprovalReportsTheSmallerAmountForTheIntegrityCheck() {
    ObjectNode body =
        MpgsFixtures.transaction(
            "SUCCESS", "PARTIALLY_APPROVED", "AUTHORIZATION", PAYMENT, TXN, KWD);
    ((ObjectNode) body.get("order")).put("totalAuthorizedAmount", new java.math.BigDecimal("10"));
    wireMock.stubFor(transactionPut(TXN).willReturn(MpgsFixtures.json(201, body.toString())));

    GatewayResult result = mpgs.authorize(request(KWD, false));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(result.amount()).contains(Money.of("10.000", "KWD"));
  }

  @Test
  void aTransactionOfAnotherTypeIsAnUnknownOutcome() {
    wireMock.stubFor(
        transactionPut(TXN).willReturn(MpgsFixtures.json(201, approved("REFUND", TXN, KWD))));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.getMessage()).contains("REFUND");
  }

  // ---- errors -----------------------------------------------------------------------------------

  @Test
  void anInvalidRequestIsRejectedNamingTheFieldWithoutEchoingCardData() {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.error(
                    400,
                    "INVALID_REQUEST",
                    "Value '5123450000000008' is invalid. Card number failed the Luhn check.",
                    "sourceOfFunds.provided.card.number",
                    "INVALID")));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.credentialsProblem()).isFalse();
    assertThat(e.httpStatus()).isEqualTo(400);
    assertThat(e.gatewayCode()).contains("INVALID_REQUEST");
    assertThat(e.getMessage())
        .contains("sourceOfFunds.provided.card.number")
        .contains("INVALID")
        .doesNotContain(MpgsFixtures.MASTERCARD)
        .doesNotContain("51234500");
  }

  @Test
  void aSecurityCodeQuotedInAnExplanationIsMasked() {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.error(
                    400,
                    "INVALID_REQUEST",
                    "Value '1000' is invalid. Length must be 3 or 4 digits.",
                    "sourceOfFunds.provided.card.securityCode",
                    "INVALID")));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.getMessage()).contains("'[masked]'").doesNotContain("'1000'");
  }

  @Test
  void wrongCredentialsAreACredentialsProblem() {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.error(401, "INVALID_REQUEST", "Invalid credentials.", null, null)));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.credentialsProblem()).isTrue();
    assertThat(e.getMessage()).doesNotContain(MpgsFixtures.API_PASSWORD);
  }

  @Test
  void aRequestRejectedForSecurityReasonsIsACredentialsProblem() {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.error(
                    400,
                    "REQUEST_REJECTED",
                    "The request was rejected due to security reasons.",
                    null,
                    null)));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.credentialsProblem()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"503", "500", "429"})
  void aBusyServerIsUnavailableWithItsRetryAfter(int status) {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.error(
                        status,
                        "SERVER_BUSY",
                        "The server did not have enough resources to process the request at the"
                            + " moment.",
                        null,
                        null)
                    .withHeader("Retry-After", "30")));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(e.gatewayCode()).contains("SERVER_BUSY");
  }

  @Test
  void aServerFailureIsAnUnknownOutcome() {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.error(
                    500, "SERVER_FAILED", "There was an internal system failure.", null, null)));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.gatewayCode()).contains("SERVER_FAILED");
  }

  @Test
  void anErrorResultWithoutACauseInASuccessfulReplyIsAnUnknownOutcome() {
    wireMock.stubFor(
        transactionPut(TXN).willReturn(MpgsFixtures.json(201, "{\"result\": \"ERROR\"}")));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  @Test
  void aProxyErrorPageIsClassifiedByItsStatus() {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withStatus(502)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Bad Gateway</body></html>")));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.httpStatus()).isEqualTo(502);
  }

  // ---- idempotency: a resubmission whose transaction id is taken ----------------------------

  @Test
  void aTakenTransactionIdIsReadBackAndReported() {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.error(
                    400,
                    "INVALID_REQUEST",
                    "Transaction with this ID already exists for the order.",
                    "transactionId",
                    "INVALID")));
    wireMock.stubFor(
        transactionGet(TXN)
            .willReturn(MpgsFixtures.json(200, approved("AUTHORIZATION", TXN, KWD))));

    GatewayResult result = mpgs.authorize(request(KWD, false));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(result.amount()).contains(KWD);
    wireMock.verify(1, getRequestedFor(urlPathEqualTo(ORDER_PATH + "/transaction/" + TXN)));
  }

  @Test
  void aTakenTransactionIdThatCannotBeReadIsAnUnknownOutcome() {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.error(
                    400,
                    "INVALID_REQUEST",
                    "Duplicate transaction ID for this order.",
                    null,
                    null)));
    wireMock.stubFor(
        transactionGet(TXN)
            .willReturn(
                MpgsFixtures.error(
                    500, "SERVER_FAILED", "There was an internal system failure.", null, null)));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    assertThat(e.getMessage()).contains("taken");
  }

  @Test
  void aTakenTransactionIdThatIsNotThereAfterAllStaysRejected() {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.error(
                    400, "INVALID_REQUEST", "Transaction ID already in use.", null, null)));
    wireMock.stubFor(
        transactionGet(TXN)
            .willReturn(MpgsFixtures.error(404, "INVALID_REQUEST", "Not found", null, null)));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
  }

  @Test
  void otherValidationErrorsAreNotReadBack() {
    wireMock.stubFor(
        transactionPut(TXN)
            .willReturn(
                MpgsFixtures.error(
                    400,
                    "INVALID_REQUEST",
                    "Value 'XYZ' is invalid.",
                    "order.currency",
                    "UNSUPPORTED")));

    GatewayException e =
        catchThrowableOfType(GatewayException.class, () -> mpgs.authorize(request(KWD, false)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    wireMock.verify(0, getRequestedFor(anyUrl()));
  }

  // ---- capture, cancel, refund --------------------------------------------------------------

  @Test
  void partialAndRepeatedCapturesGoOnTheOrderUnderTheirOwnTransactionIds() {
    Money part = Money.of("5.000", "KWD");
    String first = "ot_capture_1";
    String second = "ot_capture_2";
    for (String key : List.of(first, second)) {
      wireMock.stubFor(
          transactionPut(key)
              .withRequestBody(
                  equalToJson(
                      "{\"apiOperation\": \"CAPTURE\","
                          + " \"transaction\": {\"amount\": \"5.000\", \"currency\": \"KWD\"}}"))
              .willReturn(MpgsFixtures.json(201, approved("CAPTURE", key, part))));
    }

    GatewayResult one =
        mpgs.capture(new CaptureRequest(PAYMENT, "order-1001", REF, part, false, first, 1));
    GatewayResult two =
        mpgs.capture(new CaptureRequest(PAYMENT, "order-1001", REF, part, false, second, 2));

    assertThat(one.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(one.amount()).contains(part);
    assertThat(one.gatewayReference()).contains(REF);
    assertThat(one.transactionReference()).contains(PAYMENT + "/" + first);
    assertThat(two.transactionReference()).contains(PAYMENT + "/" + second);
  }

  @Test
  void aDeclinedCaptureIsADecline() {
    Money part = Money.of("5.000", "KWD");
    wireMock.stubFor(
        transactionPut("ot_capture_1")
            .willReturn(
                MpgsFixtures.json(
                    201,
                    MpgsFixtures.transaction(
                            "FAILURE", "DECLINED", "CAPTURE", PAYMENT, "ot_capture_1", part)
                        .toString())));

    GatewayResult result =
        mpgs.capture(new CaptureRequest(PAYMENT, "order-1001", REF, part, true, "ot_capture_1", 1));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.decline().orElseThrow().rawCode()).isEqualTo("DECLINED");
  }

  @Test
  void cancelVoidsTheAuthorizationItTargets() {
    wireMock.stubFor(
        transactionPut("ot_void_1")
            .withRequestBody(
                equalToJson(
                    "{\"apiOperation\": \"VOID\", \"transaction\": {\"targetTransactionId\": \""
                        + TXN
                        + "\"}}"))
            .willReturn(MpgsFixtures.json(201, approved("VOID_AUTHORIZATION", "ot_void_1", KWD))));

    GatewayResult result =
        mpgs.cancel(new CancelRequest(PAYMENT, "order-1001", REF, KWD, "ot_void_1"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CANCELLED);
    assertThat(result.gatewayReference()).contains(REF);
    assertThat(result.transactionReference()).contains(PAYMENT + "/ot_void_1");
  }

  @Test
  void aVoidAnsweredWithoutAnAmountIsStillCancelled() {
    ObjectNode body =
        MpgsFixtures.transaction(
            "SUCCESS", "APPROVED", "VOID_AUTHORIZATION", PAYMENT, "ot_void_1", KWD);
    ((ObjectNode) body.get("transaction")).remove(List.of("amount", "currency"));
    ((ObjectNode) body.get("order")).remove(List.of("amount", "currency"));
    wireMock.stubFor(
        transactionPut("ot_void_1").willReturn(MpgsFixtures.json(201, body.toString())));

    GatewayResult result =
        mpgs.cancel(new CancelRequest(PAYMENT, "order-1001", REF, KWD, "ot_void_1"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CANCELLED);
    assertThat(result.amount()).isEmpty();
  }

  @Test
  void cancellingWhile3dsIsPendingSendsNothing() {
    GatewayResult result =
        mpgs.cancel(new CancelRequest(PAYMENT, "order-1001", PENDING_REF, KWD, "ot_void_1"));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CANCELLED);
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void partialRefundGoesOnTheOrder() {
    Money part = Money.of("1.250", "KWD");
    wireMock.stubFor(
        transactionPut("ot_refund_1")
            .withRequestBody(
                equalToJson(
                    "{\"apiOperation\": \"REFUND\","
                        + " \"transaction\": {\"amount\": \"1.250\", \"currency\": \"KWD\"}}"))
            .willReturn(MpgsFixtures.json(201, approved("REFUND", "ot_refund_1", part))));

    GatewayResult result =
        mpgs.refund(
            new RefundRequest(PAYMENT, "order-1001", REF, null, part, "damaged", "ot_refund_1", 1));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.REFUNDED);
    assertThat(result.amount()).contains(part);
    assertThat(result.transactionReference()).contains(PAYMENT + "/ot_refund_1");
  }

  @Test
  void followUpsNeedASettledPaymentReference() {
    Money part = Money.of("1.000", "KWD");
    assertThatThrownBy(
            () -> mpgs.capture(new CaptureRequest(PAYMENT, "o", PENDING_REF, part, true, "k", 1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("gatewayReference");
    assertThatThrownBy(
            () -> mpgs.refund(new RefundRequest(PAYMENT, "o", "pi_123", null, part, null, "k", 1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("gatewayReference");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  // ---- lookup -----------------------------------------------------------------------------------

  private static LookupRequest lookup(GatewayOperation op, String key, String ref) {
    return new LookupRequest(PAYMENT, "order-1001", ref, op, KWD, key);
  }

  @Test
  void lookupReadsTheTransactionNamedByThePaymentAndItsKey() {
    wireMock.stubFor(
        transactionGet(TXN).willReturn(MpgsFixtures.json(200, approved("PAYMENT", TXN, KWD))));

    Optional<GatewayResult> found = mpgs.lookup(lookup(GatewayOperation.PURCHASE, KEY, null));

    assertThat(found).isPresent();
    assertThat(found.get().type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(found.get().gatewayReference()).contains(REF);
    assertThat(found.get().amount()).contains(KWD);
  }

  @Test
  void lookupOfACaptureReportsItAgainstThePayment() {
    Money part = Money.of("5.000", "KWD");
    wireMock.stubFor(
        transactionGet("ot_capture_1")
            .willReturn(MpgsFixtures.json(200, approved("CAPTURE", "ot_capture_1", part))));

    GatewayResult found =
        mpgs.lookup(lookup(GatewayOperation.CAPTURE, "ot_capture_1", REF)).orElseThrow();

    assertThat(found.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(found.gatewayReference()).contains(REF);
    assertThat(found.transactionReference()).contains(PAYMENT + "/ot_capture_1");
  }

  @Test
  void lookupAnswersNoRecordOnlyWhenMpgsSaysNotFound() {
    wireMock.stubFor(
        transactionGet(TXN)
            .willReturn(MpgsFixtures.error(404, "INVALID_REQUEST", "Not found", null, null)));
    assertThat(mpgs.lookup(lookup(GatewayOperation.AUTHORIZE, KEY, null))).isEmpty();

    wireMock.stubFor(
        transactionGet(TXN)
            .willReturn(
                MpgsFixtures.error(
                    400,
                    "INVALID_REQUEST",
                    "Unable to find transaction for the given order",
                    "transactionId",
                    "INVALID")));
    assertThat(mpgs.lookup(lookup(GatewayOperation.AUTHORIZE, KEY, null))).isEmpty();

    wireMock.stubFor(
        transactionGet(TXN)
            .willReturn(
                MpgsFixtures.error(
                    400, "INVALID_REQUEST", "Value 'x' is invalid.", "orderId", "INVALID")));
    GatewayException invalid =
        catchThrowableOfType(
            GatewayException.class,
            () -> mpgs.lookup(lookup(GatewayOperation.AUTHORIZE, KEY, null)));
    assertThat(invalid.failureClass()).isEqualTo(FailureClass.REJECTED);

    wireMock.stubFor(
        transactionGet(TXN)
            .willReturn(
                MpgsFixtures.error(
                    500, "SERVER_FAILED", "There was an internal system failure.", null, null)));
    GatewayException failed =
        catchThrowableOfType(
            GatewayException.class,
            () -> mpgs.lookup(lookup(GatewayOperation.AUTHORIZE, KEY, null)));
    assertThat(failed.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  @Test
  void aNotFoundPageWithoutMpgsErrorEnvelopeIsNotNoRecord() {
    wireMock.stubFor(
        transactionGet(TXN)
            .willReturn(
                com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "text/html")
                    .withBody("<html><body>404 Not Found</body></html>")));

    GatewayException e =
        catchThrowableOfType(
            GatewayException.class,
            () -> mpgs.lookup(lookup(GatewayOperation.AUTHORIZE, KEY, null)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.httpStatus()).isEqualTo(404);
  }

  @Test
  void lookupOfATransactionMpgsCannotSettleThrows() {
    wireMock.stubFor(
        transactionGet(TXN)
            .willReturn(
                MpgsFixtures.json(
                    200,
                    MpgsFixtures.transaction(
                            "UNKNOWN", "UNKNOWN", "AUTHORIZATION", PAYMENT, TXN, KWD)
                        .toString())));

    GatewayException e =
        catchThrowableOfType(
            GatewayException.class,
            () -> mpgs.lookup(lookup(GatewayOperation.AUTHORIZE, KEY, null)));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
  }

  // ---- 3-D Secure -----------------------------------------------------------------------------

  private static Map<String, String> browser() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(
        MpgsGateway.BROWSER_USER_AGENT,
        "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0");
    m.put(MpgsGateway.BROWSER_ACCEPT_HEADER, "text/html,application/xhtml+xml");
    m.put(MpgsGateway.BROWSER_LANGUAGE, "ar-KW");
    m.put(MpgsGateway.BROWSER_COLOR_DEPTH, "24");
    m.put(MpgsGateway.BROWSER_SCREEN_HEIGHT, "900");
    m.put(MpgsGateway.BROWSER_SCREEN_WIDTH, "1440");
    m.put(MpgsGateway.BROWSER_TIME_ZONE, "-180");
    m.put(MpgsGateway.BROWSER_JAVA_ENABLED, "false");
    m.put(MpgsGateway.BROWSER_CHALLENGE_WINDOW_SIZE, "FULL_SCREEN");
    return m;
  }

  private static AuthorizeRequest threeDs(
      boolean capture, ThreeDSecure mode, GatewaySource source) {
    return request(
        KWD,
        capture,
        source,
        mode,
        new Customer("c-7", "fatima@example.com", "KW", "203.0.113.7"),
        browser());
  }

  private void stubSession(String sourceJson) {
    wireMock.stubFor(
        post(urlPathEqualTo(MpgsFixtures.BASE + "/session"))
            .withHeader("Authorization", equalTo(MpgsFixtures.basicAuth()))
            .withRequestBody(equalToJson("{}"))
            .willReturn(MpgsFixtures.sessionCreated()));
    wireMock.stubFor(
        put(urlPathEqualTo(MpgsFixtures.BASE + "/session/" + MpgsFixtures.SESSION))
            .withHeader("Authorization", equalTo(MpgsFixtures.basicAuth()))
            .withRequestBody(equalToJson("{" + sourceJson + "}"))
            .willReturn(MpgsFixtures.sessionUpdated("SUCCESS")));
  }

  private void stubInitiate(String status, String recommendation) {
    wireMock.stubFor(
        transactionPut(AUTH)
            .withRequestBody(
                equalToJson(
                    "{\"apiOperation\": \"INITIATE_AUTHENTICATION\","
                        + " \"authentication\": {\"channel\": \"PAYER_BROWSER\","
                        + " \"purpose\": \"PAYMENT_TRANSACTION\"},"
                        + " \"order\": {\"currency\": \"KWD\", \"reference\": \"order-1001\"},"
                        + " \"session\": {\"id\": \""
                        + MpgsFixtures.SESSION
                        + "\"}}"))
            .willReturn(
                MpgsFixtures.json(
                    201,
                    MpgsFixtures.initiated(PAYMENT, AUTH, "KWD", status, recommendation)
                        .toString())));
  }

  private void stubAuthenticatePayer(ObjectNode answer) {
    wireMock.stubFor(
        transactionPut(AUTH)
            .withRequestBody(
                equalToJson(
                    "{\"apiOperation\": \"AUTHENTICATE_PAYER\","
                        + " \"authentication\": {\"redirectResponseUrl\":"
                        + " \"https://shop.example/return?order=1001\"},"
                        + " \"customer\": {\"email\": \"fatima@example.com\"},"
                        + " \"device\": {\"browser\": \"Mozilla/5.0 (X11; Linux x86_64)"
                        + " Gecko/20100101 Firefox/128.0\", \"browserDetails\":"
                        + " {\"3DSecureChallengeWindowSize\": \"FULL_SCREEN\", \"acceptHeaders\":"
                        + " \"text/html,application/xhtml+xml\", \"colorDepth\": 24,"
                        + " \"javaEnabled\": false, \"language\": \"ar-KW\", \"screenHeight\": 900,"
                        + " \"screenWidth\": 1440, \"timeZone\": -180},"
                        + " \"ipAddress\": \"203.0.113.7\"},"
                        + " \"order\": {\"amount\": \"12.500\", \"currency\": \"KWD\"},"
                        + " \"session\": {\"id\": \""
                        + MpgsFixtures.SESSION
                        + "\"}}"))
            .willReturn(MpgsFixtures.json(201, answer.toString())));
  }

  private static String sessionPayment(String operation, String authId) {
    return "{\"apiOperation\": \""
        + operation
        + "\","
        + (authId == null ? "" : " \"authentication\": {\"transactionId\": \"" + authId + "\"},")
        + " \"customer\": {\"email\": \"fatima@example.com\"},"
        + " \"device\": {\"ipAddress\": \"203.0.113.7\"},"
        + " \"order\": {\"amount\": \"12.500\", \"currency\": \"KWD\", \"reference\":"
        + " \"order-1001\"},"
        + " \"session\": {\"id\": \""
        + MpgsFixtures.SESSION
        + "\"}, \"sourceOfFunds\": {\"type\": \"CARD\"}}";
  }

  @Test
  void aChallengeIsAPostRedirectToTheAcsReadFromMpgsHtml() {
    stubSession(cardJson());
    stubInitiate("AUTHENTICATION_AVAILABLE", "PROCEED");
    stubAuthenticatePayer(
        MpgsFixtures.authenticated(
            PAYMENT,
            AUTH,
            KWD,
            "AUTHENTICATION_PENDING",
            "PROCEED",
            MpgsFixtures.CHALLENGE_HTML,
            false));

    GatewayResult result =
        mpgs.authorize(threeDs(false, ThreeDSecure.REQUIRED, GatewaySource.card(card())));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
    assertThat(result.gatewayReference()).contains(PENDING_REF);
    assertThat(result.amount()).contains(KWD);
    assertThat(result.rawStatus()).contains("PENDING/AUTHENTICATION_PENDING");
    NextAction action = result.nextAction().orElseThrow();
    assertThat(action.type()).isEqualTo(NextAction.Type.REDIRECT);
    assertThat(action.method()).isEqualTo("POST");
    assertThat(action.url()).isEqualTo(MpgsFixtures.ACS_URL);
    assertThat(action.parameters()).containsExactly(Map.entry("creq", MpgsFixtures.CREQ));
    // Nothing was paid yet.
    wireMock.verify(
        0,
        putRequestedFor(anyUrl())
            .withRequestBody(matchingJsonPath("$.apiOperation", equalTo("AUTHORIZE"))));
  }

  @Test
  void theVersion57RedirectHtmlField3ds1FormIsReadToo() {
    stubSession(cardJson());
    stubInitiate("AUTHENTICATION_AVAILABLE", "PROCEED");
    stubAuthenticatePayer(
        MpgsFixtures.authenticated(
            PAYMENT,
            AUTH,
            KWD,
            "AUTHENTICATION_PENDING",
            "PROCEED",
            MpgsFixtures.REDIRECT_HTML_3DS1,
            true));

    NextAction action =
        mpgs.authorize(threeDs(false, ThreeDSecure.REQUIRED, GatewaySource.card(card())))
            .nextAction()
            .orElseThrow();

    assertThat(action.url()).isEqualTo(MpgsFixtures.ACS_1_URL);
    assertThat(action.parameters())
        .containsExactly(
            Map.entry("PaReq", MpgsFixtures.PAREQ),
            Map.entry("TermUrl", MpgsFixtures.TERM_URL),
            Map.entry("MD", ""));
  }

  @Test
  void aFrictionlessAuthenticationPaysAtOnceWithTheAuthentication() {
    stubSession(cardJson());
    stubInitiate("AUTHENTICATION_AVAILABLE", "PROCEED");
    stubAuthenticatePayer(
        MpgsFixtures.authenticated(
            PAYMENT, AUTH, KWD, "AUTHENTICATION_SUCCESSFUL", "PROCEED", null, false));
    wireMock.stubFor(
        transactionPut(TXN)
            .withRequestBody(equalToJson(sessionPayment("PAY", AUTH)))
            .willReturn(MpgsFixtures.json(201, approved("PAYMENT", TXN, KWD))));

    GatewayResult result =
        mpgs.authorize(threeDs(true, ThreeDSecure.REQUIRED, GatewaySource.card(card())));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(result.gatewayReference()).contains(REF);
    assertThat(result.amount()).contains(KWD);
  }

  @Test
  void aTokenIsStoredInTheSessionFor3ds() {
    stubSession("\"sourceOfFunds\": {\"type\": \"CARD\", \"token\": \"9876543210123456\"}");
    stubInitiate("AUTHENTICATION_AVAILABLE", "PROCEED");
    stubAuthenticatePayer(
        MpgsFixtures.authenticated(
            PAYMENT,
            AUTH,
            KWD,
            "AUTHENTICATION_PENDING",
            "PROCEED",
            MpgsFixtures.CHALLENGE_HTML,
            false));

    GatewayResult result =
        mpgs.authorize(
            threeDs(false, ThreeDSecure.REQUIRED, GatewaySource.gatewayToken("9876543210123456")));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
  }

  @Test
  void requiredAuthenticationThatIsNotAvailableIsAHardDecline() {
    stubSession(cardJson());
    stubInitiate("AUTHENTICATION_NOT_SUPPORTED", "PROCEED");

    GatewayResult result =
        mpgs.authorize(threeDs(false, ThreeDSecure.REQUIRED, GatewaySource.card(card())));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    Decline decline = result.decline().orElseThrow();
    assertThat(decline.rawCode()).isEqualTo("AUTHENTICATION_NOT_SUPPORTED");
    assertThat(decline.reason()).isEqualTo(DeclineReason.NOT_SUPPORTED);
    assertThat(decline.soft()).isFalse();
  }

  @Test
  void automaticAuthenticationThatIsNotAvailablePaysWithoutIt() {
    stubSession(cardJson());
    stubInitiate("AUTHENTICATION_NOT_SUPPORTED", "PROCEED");
    wireMock.stubFor(
        transactionPut(TXN)
            .withRequestBody(equalToJson(sessionPayment("AUTHORIZE", null)))
            .willReturn(MpgsFixtures.json(201, approved("AUTHORIZATION", TXN, KWD))));

    GatewayResult result =
        builder()
            .authenticateAutomatic(true)
            .build()
            .authorize(threeDs(false, ThreeDSecure.AUTOMATIC, GatewaySource.card(card())));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
  }

  @Test
  void automaticPaymentsAreAuthorizedDirectlyUnlessConfigured() {
    wireMock.stubFor(
        transactionPut(TXN)
            .withRequestBody(matchingJsonPath("$.session", absent()))
            .willReturn(MpgsFixtures.json(201, approved("AUTHORIZATION", TXN, KWD))));

    GatewayResult result =
        mpgs.authorize(threeDs(false, ThreeDSecure.AUTOMATIC, GatewaySource.card(card())));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }

  @Test
  void aGatewayThatAdvisesAgainstProceedingDeclines() {
    stubSession(cardJson());
    stubInitiate("AUTHENTICATION_AVAILABLE", "PROCEED");
    stubAuthenticatePayer(
        MpgsFixtures.authenticated(
            PAYMENT, AUTH, KWD, "AUTHENTICATION_REJECTED", "DO_NOT_PROCEED", null, false));

    GatewayResult result =
        mpgs.authorize(threeDs(false, ThreeDSecure.REQUIRED, GatewaySource.card(card())));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.decline().orElseThrow().reason())
        .isEqualTo(DeclineReason.AUTHENTICATION_FAILED);
    assertThat(result.decline().orElseThrow().soft()).isFalse();
  }

  @Test
  void threeDsNeedsAReturnUrlAndWellFormedBrowserDataBeforeAnythingIsSent() {
    AuthorizeRequest noReturn =
        new AuthorizeRequest(
            PAYMENT,
            "order-1001",
            KWD,
            GatewaySource.card(card()),
            false,
            KEY,
            1,
            ThreeDSecure.REQUIRED,
            null,
            null,
            null,
            Map.of());
    assertThat(
            catchThrowableOfType(InvalidRequestException.class, () -> mpgs.authorize(noReturn))
                .field())
        .isEqualTo("returnUrl");

    Map<String, String> bad = new LinkedHashMap<>(browser());
    bad.put(MpgsGateway.BROWSER_SCREEN_WIDTH, "wide");
    AuthorizeRequest badBrowser =
        request(KWD, false, GatewaySource.card(card()), ThreeDSecure.REQUIRED, null, bad);
    assertThat(
            catchThrowableOfType(InvalidRequestException.class, () -> mpgs.authorize(badBrowser))
                .field())
        .isEqualTo("metadata.browser_screen_width");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  @Test
  void aFailureBeforeThePaymentRequestIsUnavailableNotUnknown() {
    wireMock.stubFor(
        post(urlPathEqualTo(MpgsFixtures.BASE + "/session"))
            .willReturn(
                MpgsFixtures.error(
                    500, "SERVER_FAILED", "There was an internal system failure.", null, null)));

    GatewayException e =
        catchThrowableOfType(
            GatewayException.class,
            () ->
                mpgs.authorize(threeDs(false, ThreeDSecure.REQUIRED, GatewaySource.card(card()))));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    assertThat(e.failureClass().knownNotProcessed()).isTrue();
    assertThat(e.getMessage()).contains("nothing was charged");
  }

  @Test
  void aChallengeWithoutAUsableFormIsRejected() {
    stubSession(cardJson());
    stubInitiate("AUTHENTICATION_AVAILABLE", "PROCEED");
    stubAuthenticatePayer(
        MpgsFixtures.authenticated(
            PAYMENT,
            AUTH,
            KWD,
            "AUTHENTICATION_PENDING",
            "PROCEED",
            "<div><form action=\"http://acs.example/plain-http\"></form></div>",
            false));

    GatewayException e =
        catchThrowableOfType(
            GatewayException.class,
            () ->
                mpgs.authorize(threeDs(false, ThreeDSecure.REQUIRED, GatewaySource.card(card()))));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.getMessage()).contains("redirect form");
  }

  // ---- completing 3-D Secure ----------------------------------------------------------------

  private static final String COMPLETE_KEY = "ot_complete_1";

  private static CompleteActionRequest complete(String ref, Map<String, String> params) {
    return new CompleteActionRequest(PAYMENT, "order-1001", ref, KWD, true, params, COMPLETE_KEY);
  }

  private static Map<String, String> returned() {
    return Map.of(
        "order.id",
        PAYMENT,
        "transaction.id",
        AUTH,
        "result",
        "SUCCESS",
        "response.gatewayRecommendation",
        "PROCEED");
  }

  @Test
  void completeActionChecksTheAuthenticationThenPaysWithIt() {
    wireMock.stubFor(
        transactionGet(AUTH)
            .willReturn(
                MpgsFixtures.json(
                    200,
                    MpgsFixtures.authenticated(
                            PAYMENT, AUTH, KWD, "AUTHENTICATION_SUCCESSFUL", "PROCEED", null, false)
                        .toString())));
    String pay =
        "{\"apiOperation\": \"PAY\", \"authentication\": {\"transactionId\": \""
            + AUTH
            + "\"}, \"order\": {\"amount\": \"12.500\", \"currency\": \"KWD\", \"reference\":"
            + " \"order-1001\"}, \"session\": {\"id\": \""
            + MpgsFixtures.SESSION
            + "\"}, \"sourceOfFunds\": {\"type\": \"CARD\"}}";
    wireMock.stubFor(
        transactionPut(COMPLETE_KEY)
            .withRequestBody(equalToJson(pay))
            .willReturn(MpgsFixtures.json(201, approved("PAYMENT", COMPLETE_KEY, KWD))));

    GatewayResult result = mpgs.completeAction(complete(PENDING_REF, returned()));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
    assertThat(result.gatewayReference()).contains(PAYMENT + "/" + COMPLETE_KEY);
    assertThat(result.amount()).contains(KWD);
  }

  @Test
  void aFailedChallengeIsAHardDeclineAndNothingIsPaid() {
    wireMock.stubFor(
        transactionGet(AUTH)
            .willReturn(
                MpgsFixtures.json(
                    200,
                    MpgsFixtures.authenticated(
                            PAYMENT,
                            AUTH,
                            KWD,
                            "AUTHENTICATION_FAILED",
                            "DO_NOT_PROCEED",
                            null,
                            false)
                        .toString())));

    GatewayResult result = mpgs.completeAction(complete(PENDING_REF, returned()));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
    assertThat(result.decline().orElseThrow().rawCode()).isEqualTo("AUTHENTICATION_FAILED");
    assertThat(result.decline().orElseThrow().soft()).isFalse();
    wireMock.verify(0, putRequestedFor(anyUrl()));
  }

  @Test
  void anUnfinishedChallengeLeavesThePaymentWaiting() {
    wireMock.stubFor(
        transactionGet(AUTH)
            .willReturn(
                MpgsFixtures.json(
                    200,
                    MpgsFixtures.authenticated(
                            PAYMENT,
                            AUTH,
                            KWD,
                            "AUTHENTICATION_PENDING",
                            "PROCEED",
                            MpgsFixtures.CHALLENGE_HTML,
                            false)
                        .toString())));

    GatewayException e =
        catchThrowableOfType(
            GatewayException.class, () -> mpgs.completeAction(complete(PENDING_REF, Map.of())));

    assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
    assertThat(e.getMessage()).contains("not finished");
    wireMock.verify(0, putRequestedFor(anyUrl()));
  }

  @Test
  void aFailedReadOfTheAuthenticationIsUnavailableSinceNothingWasPaid() {
    wireMock.stubFor(
        transactionGet(AUTH)
            .willReturn(
                MpgsFixtures.error(
                    500, "SERVER_FAILED", "There was an internal system failure.", null, null)));

    GatewayException e =
        catchThrowableOfType(
            GatewayException.class, () -> mpgs.completeAction(complete(PENDING_REF, returned())));

    assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
    wireMock.verify(0, putRequestedFor(anyUrl()));
  }

  @Test
  void aReturnThatDoesNotMatchIsRefusedWithoutACall() {
    Map<String, String> other = new LinkedHashMap<>(returned());
    other.put("transaction.id", "3ds-someone-else");
    assertThat(
            catchThrowableOfType(
                    InvalidRequestException.class,
                    () -> mpgs.completeAction(complete(PENDING_REF, other)))
                .field())
        .isEqualTo("parameters.transaction.id");
    String anotherPayment = "pay_other/" + AUTH + "/" + MpgsFixtures.SESSION;
    assertThatThrownBy(() -> mpgs.completeAction(complete(anotherPayment, Map.of())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("another payment");
    assertThatThrownBy(() -> mpgs.completeAction(complete(REF, Map.of())))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not waiting");
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  // ---- builder, capabilities, environment -------------------------------------------------

  @Test
  void theBuilderNamesTheFieldItRefuses() {
    assertThatThrownBy(() -> MpgsGateway.builder().apiPassword(MpgsFixtures.API_PASSWORD).build())
        .hasMessageStartingWith("merchantId: is required");
    assertThatThrownBy(
            () ->
                MpgsGateway.builder()
                    .merchantId("merchant.TESTOTTU0001")
                    .apiPassword(MpgsFixtures.API_PASSWORD)
                    .build())
        .hasMessageStartingWith("merchantId:")
        .hasMessageContaining("merchant.");
    assertThatThrownBy(() -> MpgsGateway.builder().merchantId("TESTOTTU0001").build())
        .hasMessageStartingWith("apiPassword: is required");
    assertThatThrownBy(
            () ->
                MpgsGateway.builder()
                    .merchantId("TESTOTTU0001")
                    .apiPassword("secret with spaces")
                    .build())
        .hasMessageStartingWith("apiPassword:")
        .hasMessageNotContaining("secret with spaces");
    assertThatThrownBy(() -> builder().apiVersion(39).build())
        .hasMessageStartingWith("apiVersion:");
    assertThatThrownBy(
            () ->
                builder()
                    .baseUrl("https://test-gateway.mastercard.com/api/rest/version/100")
                    .build())
        .hasMessageStartingWith("baseUrl:");
    assertThatThrownBy(() -> builder().baseUrl("http://test-gateway.mastercard.com").build())
        .hasMessageStartingWith("baseUrl:");
    assertThatThrownBy(() -> builder().id(" ").build()).hasMessageStartingWith("id:");
    assertThatThrownBy(() -> builder().readTimeout(Duration.ZERO).build())
        .hasMessageStartingWith("readTimeout:");
    assertThatThrownBy(() -> builder().declineTable(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("declineTable");
  }

  @Test
  void defaultsAreTheSharedTestHostAndVersion100AndThePasswordIsNeverShown() {
    MpgsGateway gateway =
        MpgsGateway.builder()
            .merchantId(MpgsFixtures.MERCHANT)
            .apiPassword(MpgsFixtures.API_PASSWORD)
            .build();

    assertThat(gateway.id()).isEqualTo("mpgs");
    assertThat(gateway.toString())
        .contains("https://test-gateway.mastercard.com")
        .contains("v100")
        .doesNotContain(MpgsFixtures.API_PASSWORD);
  }

  @Test
  void theApiVersionIsPartOfEveryPath() {
    wireMock.stubFor(
        put(urlPathEqualTo(
                "/api/rest/version/61/merchant/"
                    + MpgsFixtures.MERCHANT
                    + "/order/"
                    + PAYMENT
                    + "/transaction/"
                    + TXN))
            .willReturn(MpgsFixtures.json(201, approved("AUTHORIZATION", TXN, KWD))));

    GatewayResult result = builder().apiVersion(61).build().authorize(request(KWD, false));

    assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
  }

  @Test
  void capabilitiesAreHonest() {
    GatewayCapabilities caps = mpgs.capabilities();

    assertThat(caps.currencies()).isEmpty();
    assertThat(caps.operations())
        .contains(GatewayOperation.LOOKUP, GatewayOperation.COMPLETE_ACTION);
    assertThat(caps.threeDSecure()).isTrue();
    assertThat(caps.idempotencyKeys()).isTrue();
    assertThat(caps.partialCapture()).isTrue();
    assertThat(caps.multipleCaptures()).isTrue();
    assertThat(caps.partialRefund()).isTrue();
  }

  @Test
  void aTestMerchantOnAProductionHostOrTheReverseIsFlagged() {
    assertThat(
            MpgsGateway.environmentMismatch(
                "TESTOTTU0001", HttpUrl.get("https://ap-gateway.mastercard.com")))
        .hasValueSatisfying(w -> assertThat(w).contains("test merchant"));
    assertThat(
            MpgsGateway.environmentMismatch(
                "OTTU0001", HttpUrl.get("https://test-nbkpayment.mtf.gateway.mastercard.com")))
        .hasValueSatisfying(w -> assertThat(w).contains("production merchant"));
    assertThat(
            MpgsGateway.environmentMismatch(
                "TESTOTTU0001", HttpUrl.get("https://test-nbkpayment.mtf.gateway.mastercard.com")))
        .isEmpty();
    assertThat(
            MpgsGateway.environmentMismatch(
                "OTTU0001", HttpUrl.get("https://nbkpayment.gateway.mastercard.com")))
        .isEmpty();
    assertThat(
            MpgsGateway.environmentMismatch(
                "TESTOTTU0001", HttpUrl.get("https://pay.bank.example")))
        .isEmpty();
  }
}
