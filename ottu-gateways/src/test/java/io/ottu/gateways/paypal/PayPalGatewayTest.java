package io.ottu.gateways.paypal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.noContent;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.ottu.gateways.paypal.PayPalFixtures.ACCESS_TOKEN;
import static io.ottu.gateways.paypal.PayPalFixtures.AUTHORIZATION_ID;
import static io.ottu.gateways.paypal.PayPalFixtures.CAPTURE_ID;
import static io.ottu.gateways.paypal.PayPalFixtures.DEBUG_ID;
import static io.ottu.gateways.paypal.PayPalFixtures.ORDER_ID;
import static io.ottu.gateways.paypal.PayPalFixtures.PAYMENT_ID;
import static io.ottu.gateways.paypal.PayPalFixtures.REFERENCE;
import static io.ottu.gateways.paypal.PayPalFixtures.REFUND_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ottu.CardData;
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
import io.ottu.testing.MutableClock;
import io.ottu.testing.TestCards;
import io.ottu.testkit.KitWireMock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link PayPalGateway} against WireMock stubs shaped like PayPal's documented objects and errors,
 * matching what the adapter sends: the OAuth token call, headers ({@code Authorization}, {@code
 * PayPal-Request-Id}, {@code Prefer}), JSON body fields and amounts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayPalGatewayTest {
  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String KEY = "pay_01HZX3:authorize:paypal:1";
  private static final String AUTH_REF = ORDER_ID + "/authorizations/" + AUTHORIZATION_ID;
  private static final String SALE_REF = ORDER_ID + "/captures/" + CAPTURE_ID;
  private static final String RETURN_URL = "https://shop.example/return?order=1001";
  private static final String PAYER_ACTION_URL =
      "https://www.sandbox.paypal.com/webapps/helios?action=verify&flow=3ds&cart_id=" + ORDER_ID;

  // Started before the class and stopped after it; reset by each class's own @BeforeEach.
  @RegisterExtension
  static final WireMockExtension wireMock =
      WireMockExtension.newInstance().options(KitWireMock.options()).resetOnEachTest(false).build();

  private MutableClock clock;
  private PayPalGateway paypal;

  @BeforeEach
  void reset() {
    wireMock.resetAll();
    wireMock.stubFor(
        PayPalFixtures.tokenEndpoint().willReturn(PayPalFixtures.token(ACCESS_TOKEN, 32400)));
    clock = new MutableClock(NOW);
    paypal = builder().build();
  }

  private PayPalGateway.Builder builder() {
    return PayPalGateway.builder()
        .clientId(PayPalFixtures.CLIENT_ID)
        .clientSecret(PayPalFixtures.CLIENT_SECRET)
        .baseUrl(baseUrl())
        .clock(clock)
        .logging(RedactingLoggingInterceptor.builder().headers(true).bodies(true).build());
  }

  private String baseUrl() {
    return "http://127.0.0.1:" + wireMock.getPort();
  }

  private static AuthorizeRequest request(Money amount, boolean capture) {
    return request(amount, capture, GatewaySource.card(TestCards.visa()), ThreeDSecure.AUTOMATIC);
  }

  private static AuthorizeRequest request(
      Money amount, boolean capture, GatewaySource source, ThreeDSecure threeDs) {
    return request(amount, capture, source, threeDs, RETURN_URL, KEY);
  }

  private static AuthorizeRequest request(
      Money amount,
      boolean capture,
      GatewaySource source,
      ThreeDSecure threeDs,
      String returnUrl,
      String key) {
    return new AuthorizeRequest(
        PAYMENT_ID,
        REFERENCE,
        amount,
        source,
        capture,
        key,
        1,
        threeDs,
        returnUrl,
        null,
        "Order 1001",
        Map.of("channel", "web"));
  }

  private static MappingBuilder createOrder() {
    return createOrder(KEY);
  }

  private static MappingBuilder createOrder(String key) {
    return post(urlPathEqualTo("/v2/checkout/orders"))
        .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
        .withHeader("Content-Type", equalTo("application/json"))
        .withHeader("Prefer", equalTo("return=representation"))
        .withHeader("PayPal-Request-Id", equalTo(key));
  }

  private int count(RequestPatternBuilder pattern) {
    return wireMock.findAll(pattern).size();
  }

  private int tokenCalls() {
    return count(postRequestedFor(urlPathEqualTo("/v1/oauth2/token")));
  }

  private int orderCalls() {
    return count(postRequestedFor(urlPathEqualTo("/v2/checkout/orders")));
  }

  private void assertNothingSent() {
    assertThat(wireMock.findAll(anyRequestedFor(anyUrl()))).as("requests sent").isEmpty();
  }

  private static ObjectNode authorizationOnly(String status, Money amount) {
    return PayPalFixtures.authorization(AUTHORIZATION_ID, status, PayPalFixtures.money(amount));
  }

  // ---- authorize and purchase ------------------------------------------------------------------

  @Nested
  class Authorize {
    @Test
    void authorizeCreatesAnAuthorizeOrderWithTheCardAndReadsItsAuthorization() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
      wireMock.stubFor(
          createOrder()
              .withRequestBody(
                  equalToJson(
                      """
                      {"intent": "AUTHORIZE",
                       "purchase_units": [{
                         "reference_id": "pay_01HZX3",
                         "custom_id": "pay_01HZX3",
                         "invoice_id": "order-1001",
                         "description": "Order 1001",
                         "amount": {"currency_code": "USD", "value": "12.50"}}],
                       "payment_source": {"card": {
                         "number": "4242424242424242",
                         "expiry": "2034-12",
                         "security_code": "123",
                         "attributes": {"verification": {"method": "SCA_WHEN_REQUIRED"}},
                         "experience_context": {
                           "return_url": "https://shop.example/return?order=1001",
                           "cancel_url": "https://shop.example/return?order=1001"}}}}
                      """))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.authorizedOrder(request, "CREATED").toString())));

      GatewayResult result = paypal.authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
      assertThat(result.gatewayReference()).contains(AUTH_REF);
      assertThat(result.transactionReference()).contains(AUTHORIZATION_ID);
      assertThat(result.amount()).contains(Money.of("12.50", "USD"));
      assertThat(result.rawStatus()).contains("CREATED");
      wireMock.verify(
          1,
          postRequestedFor(urlPathEqualTo("/v1/oauth2/token"))
              .withHeader("Authorization", equalTo(PayPalFixtures.BASIC))
              .withRequestBody(equalTo("grant_type=client_credentials")));
      wireMock.verify(
          postRequestedFor(urlPathEqualTo("/v2/checkout/orders"))
              .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void purchaseCreatesACaptureOrderAndReadsItsCapture() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), true);
      wireMock.stubFor(
          createOrder()
              .withRequestBody(matchingJsonPath("$.intent", equalTo("CAPTURE")))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.capturedOrder(request, "COMPLETED").toString())));

      GatewayResult result = paypal.authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
      assertThat(result.gatewayReference()).contains(SALE_REF);
      assertThat(result.transactionReference()).contains(CAPTURE_ID);
      assertThat(result.amount()).contains(Money.of("12.50", "USD"));
    }

    @Test
    void pendingAuthorizationAndCaptureArePending() {
      AuthorizeRequest auth = request(Money.of("12.50", "USD"), false);
      wireMock.stubFor(
          createOrder()
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.authorizedOrder(auth, "PENDING").toString())));
      GatewayResult pendingAuth = paypal.authorize(auth);
      assertThat(pendingAuth.type()).isEqualTo(GatewayResult.Type.PENDING);
      assertThat(pendingAuth.amount()).contains(Money.of("12.50", "USD"));

      AuthorizeRequest sale = request(Money.of("12.50", "USD"), true);
      wireMock.stubFor(
          createOrder()
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.capturedOrder(sale, "PENDING").toString())));
      GatewayResult pendingSale = paypal.authorize(sale);
      assertThat(pendingSale.type()).isEqualTo(GatewayResult.Type.PENDING);
      assertThat(pendingSale.gatewayReference()).contains(SALE_REF);
    }

    @Test
    void anApprovedOrderIsAuthorizedInASecondCallWithADerivedRequestId() {
      AuthorizeRequest request = request(Money.of("20.00", "EUR"), false);
      wireMock.stubFor(
          createOrder()
              .willReturn(
                  PayPalFixtures.json(
                      201,
                      PayPalFixtures.order(ORDER_ID, "APPROVED", "AUTHORIZE", request)
                          .toString())));
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID + "/authorize"))
              .withHeader("PayPal-Request-Id", equalTo(KEY + "-complete"))
              .withHeader("Prefer", equalTo("return=representation"))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.authorizedOrder(request, "CREATED").toString())));

      GatewayResult result = paypal.authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
      assertThat(result.gatewayReference()).contains(AUTH_REF);
      assertThat(PayPalGateway.derivedKey("k".repeat(108), "complete"))
          .hasSize(52)
          .isEqualTo(PayPalGateway.derivedKey("k".repeat(108), "complete"))
          .endsWith("-complete");
    }

    @Test
    void aVaultedCardAndAVaultedWalletGoByVaultId() {
      AuthorizeRequest card =
          request(
              Money.of("5.00", "USD"),
              true,
              GatewaySource.gatewayToken("card:7bf88aca3aa67c7b"),
              ThreeDSecure.REQUIRED);
      wireMock.stubFor(
          createOrder()
              .withRequestBody(
                  matchingJsonPath("$.payment_source.card.vault_id", equalTo("7bf88aca3aa67c7b")))
              .withRequestBody(
                  matchingJsonPath(
                      "$.payment_source.card.attributes.verification.method",
                      equalTo("SCA_ALWAYS")))
              .withRequestBody(notContaining("\"number\""))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.capturedOrder(card, "COMPLETED").toString())));
      assertThat(paypal.authorize(card).type()).isEqualTo(GatewayResult.Type.CAPTURED);

      AuthorizeRequest wallet =
          request(
              Money.of("5.00", "USD"),
              true,
              GatewaySource.gatewayToken("paypal:8kk8451t"),
              ThreeDSecure.AUTOMATIC);
      wireMock.resetAll();
      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint().willReturn(PayPalFixtures.token(ACCESS_TOKEN, 32400)));
      wireMock.stubFor(
          createOrder()
              .withRequestBody(
                  matchingJsonPath("$.payment_source.paypal.vault_id", equalTo("8kk8451t")))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.capturedOrder(wallet, "COMPLETED").toString())));
      assertThat(paypal.authorize(wallet).type()).isEqualTo(GatewayResult.Type.CAPTURED);
    }

    @Test
    void aMalformedVaultIdIsRejectedBeforeSending() {
      AuthorizeRequest request =
          request(
              Money.of("5.00", "USD"),
              false,
              GatewaySource.gatewayToken("card:not a vault id"),
              ThreeDSecure.AUTOMATIC);
      InvalidRequestException e =
          catchThrowableOfType(InvalidRequestException.class, () -> paypal.authorize(request));
      assertThat(e.field()).isEqualTo("source");
      assertNothingSent();
    }

    @Test
    void aWalletCheckoutAsksTheShopperToApproveAtPayPal() {
      AuthorizeRequest request =
          request(
              Money.of("30.00", "GBP"),
              true,
              GatewaySource.gatewayToken(PayPalGateway.WALLET_CHECKOUT),
              ThreeDSecure.AUTOMATIC);
      ObjectNode order =
          PayPalFixtures.order(ORDER_ID, "PAYER_ACTION_REQUIRED", "CAPTURE", request);
      order.remove("payment_source");
      order.putObject("payment_source").putObject("paypal");
      order
          .withArray("links")
          .addObject()
          .put("href", "https://www.sandbox.paypal.com/checkoutnow?token=" + ORDER_ID)
          .put("rel", "payer-action")
          .put("method", "GET");
      wireMock.stubFor(
          createOrder()
              .withRequestBody(
                  equalToJson(
                      """
                      {"payment_source": {"paypal": {"experience_context": {
                        "user_action": "PAY_NOW",
                        "return_url": "https://shop.example/return?order=1001",
                        "cancel_url": "https://shop.example/return?order=1001"}}}}
                      """,
                      true,
                      true))
              .willReturn(PayPalFixtures.json(200, order.toString())));

      GatewayResult result = paypal.authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
      assertThat(result.gatewayReference()).contains(ORDER_ID);
      assertThat(result.nextAction().orElseThrow().url())
          .isEqualTo("https://www.sandbox.paypal.com/checkoutnow?token=" + ORDER_ID);
      assertThat(result.amount()).contains(Money.of("30.00", "GBP"));
    }

    @Test
    void aWalletCheckoutWithoutAReturnUrlIsRejectedBeforeSending() {
      AuthorizeRequest request =
          request(
              Money.of("30.00", "GBP"),
              true,
              GatewaySource.gatewayToken(PayPalGateway.WALLET_CHECKOUT),
              ThreeDSecure.AUTOMATIC,
              null,
              KEY);
      assertThat(
              catchThrowableOfType(InvalidRequestException.class, () -> paypal.authorize(request))
                  .field())
          .isEqualTo("returnUrl");
      assertNothingSent();
    }

    @Test
    void anOverlongReferenceOrIdempotencyKeyIsRejectedBeforeSending() {
      AuthorizeRequest longKey =
          request(
              Money.of("1.00", "USD"),
              false,
              GatewaySource.card(TestCards.visa()),
              ThreeDSecure.AUTOMATIC,
              RETURN_URL,
              "k".repeat(109));
      assertThat(
              catchThrowableOfType(InvalidRequestException.class, () -> paypal.authorize(longKey))
                  .field())
          .isEqualTo("idempotencyKey");
      AuthorizeRequest longReference =
          new AuthorizeRequest(
              PAYMENT_ID,
              "r".repeat(128),
              Money.of("1.00", "USD"),
              GatewaySource.card(TestCards.visa()),
              false,
              KEY,
              1,
              ThreeDSecure.AUTOMATIC,
              null,
              null,
              null,
              Map.of());
      assertThat(
              catchThrowableOfType(
                      InvalidRequestException.class, () -> paypal.authorize(longReference))
                  .field())
          .isEqualTo("reference");
      assertNothingSent();
    }

    @Test
    void aCompletedOrderWithoutPaymentsOrAnUnknownStatusIsAnUnknownOutcome() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
      wireMock.stubFor(
          createOrder()
              .willReturn(
                  PayPalFixtures.json(
                      201,
                      PayPalFixtures.order(ORDER_ID, "COMPLETED", "AUTHORIZE", request)
                          .toString())));
      GatewayException noPayments =
          catchThrowableOfType(GatewayException.class, () -> paypal.authorize(request));
      assertThat(noPayments.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(noPayments.requestId()).contains(DEBUG_ID);

      wireMock.stubFor(
          createOrder()
              .willReturn(
                  PayPalFixtures.json(
                      201,
                      PayPalFixtures.order(ORDER_ID, "TELEPORTED", "AUTHORIZE", request)
                          .toString())));
      assertThat(
              catchThrowableOfType(GatewayException.class, () -> paypal.authorize(request))
                  .failureClass())
          .isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    }
  }

  // ---- 3-D Secure and completeAction -----------------------------------------------------------

  @Nested
  class ThreeDSecureAndCompleteAction {
    private CompleteActionRequest complete(boolean capture, Map<String, String> parameters) {
      return new CompleteActionRequest(
          PAYMENT_ID,
          REFERENCE,
          ORDER_ID,
          Money.of("12.50", "USD"),
          capture,
          parameters,
          "pay_01HZX3:complete:paypal:1");
    }

    @Test
    void requiredThreeDsAsksForScaAlwaysAndRedirectsToThePayerActionLink() {
      AuthorizeRequest request =
          request(
              Money.of("12.50", "USD"),
              false,
              GatewaySource.card(TestCards.visa()),
              ThreeDSecure.REQUIRED);
      wireMock.stubFor(
          createOrder()
              .withRequestBody(
                  matchingJsonPath(
                      "$.payment_source.card.attributes.verification.method",
                      equalTo("SCA_ALWAYS")))
              .willReturn(
                  PayPalFixtures.json(
                      200, PayPalFixtures.payerActionRequired(request).toString())));

      GatewayResult result = paypal.authorize(request);

      assertThat(result.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
      assertThat(result.gatewayReference()).contains(ORDER_ID);
      assertThat(result.nextAction().orElseThrow())
          .isEqualTo(NextAction.redirect(PAYER_ACTION_URL));
      assertThat(result.rawStatus()).contains("PAYER_ACTION_REQUIRED");
    }

    @Test
    void skippedThreeDsSendsNoVerificationMethod() {
      AuthorizeRequest request =
          request(
              Money.of("12.50", "USD"),
              false,
              GatewaySource.card(TestCards.visa()),
              ThreeDSecure.SKIP);
      wireMock.stubFor(
          createOrder()
              .withRequestBody(notContaining("verification"))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.authorizedOrder(request, "CREATED").toString())));
      assertThat(paypal.authorize(request).type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    }

    @Test
    void completeActionAuthorizesTheApprovedOrderWithTheRequestsKey() {
      AuthorizeRequest original = request(Money.of("12.50", "USD"), false);
      ObjectNode approved =
          PayPalFixtures.withAuthentication(
              PayPalFixtures.order(ORDER_ID, "APPROVED", "AUTHORIZE", original),
              "POSSIBLE",
              "Y",
              "Y");
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
              .willReturn(PayPalFixtures.json(200, approved.toString())));
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID + "/authorize"))
              .withHeader("PayPal-Request-Id", equalTo("pay_01HZX3:complete:paypal:1"))
              .withHeader("Prefer", equalTo("return=representation"))
              .withHeader("Content-Type", equalTo("application/json"))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.authorizedOrder(original, "CREATED").toString())));

      GatewayResult result = paypal.completeAction(complete(false, Map.of("token", ORDER_ID)));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
      assertThat(result.gatewayReference()).contains(AUTH_REF);
      assertThat(result.amount()).contains(Money.of("12.50", "USD"));
    }

    @Test
    void completeActionCapturesAnApprovedCaptureOrder() {
      AuthorizeRequest original = request(Money.of("12.50", "USD"), true);
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .willReturn(
                  PayPalFixtures.json(
                      200,
                      PayPalFixtures.order(ORDER_ID, "APPROVED", "CAPTURE", original).toString())));
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID + "/capture"))
              .withHeader("PayPal-Request-Id", equalTo("pay_01HZX3:complete:paypal:1"))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.capturedOrder(original, "COMPLETED").toString())));

      GatewayResult result = paypal.completeAction(complete(true, Map.of()));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
      assertThat(result.gatewayReference()).contains(SALE_REF);
    }

    @Test
    void aFailedChallengeIsAHardDeclineWithoutAuthorizing() {
      AuthorizeRequest original = request(Money.of("12.50", "USD"), false);
      ObjectNode approved =
          PayPalFixtures.withAuthentication(
              PayPalFixtures.order(ORDER_ID, "APPROVED", "AUTHORIZE", original), "NO", "Y", "N");
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .willReturn(PayPalFixtures.json(200, approved.toString())));

      GatewayResult result = paypal.completeAction(complete(false, Map.of()));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
      assertThat(result.decline().orElseThrow().reason())
          .isEqualTo(DeclineReason.AUTHENTICATION_FAILED);
      assertThat(result.decline().orElseThrow().soft()).isFalse();
      assertThat(
              count(
                  postRequestedFor(
                      urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID + "/authorize"))))
          .isZero();
    }

    @Test
    void anOrderStillWaitingForTheShopperStillRequiresTheAction() {
      AuthorizeRequest original = request(Money.of("12.50", "USD"), false);
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .willReturn(
                  PayPalFixtures.json(
                      200, PayPalFixtures.payerActionRequired(original).toString())));

      GatewayResult result = paypal.completeAction(complete(false, Map.of()));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.ACTION_REQUIRED);
      assertThat(result.nextAction().orElseThrow().url()).isEqualTo(PAYER_ACTION_URL);
      assertThat(
              count(
                  postRequestedFor(
                      urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID + "/authorize"))))
          .isZero();
    }

    @Test
    void aCardDeclinedWhenTheOrderIsAuthorizedIsADecline() {
      AuthorizeRequest original = request(Money.of("12.50", "USD"), false);
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .willReturn(
                  PayPalFixtures.json(
                      200,
                      PayPalFixtures.order(ORDER_ID, "APPROVED", "AUTHORIZE", original)
                          .toString())));
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID + "/authorize"))
              .willReturn(
                  PayPalFixtures.unprocessable(
                      "INSTRUMENT_DECLINED",
                      "The instrument presented  was either declined by the processor or bank, or"
                          + " it can't be used for this payment.")));

      GatewayResult result = paypal.completeAction(complete(false, Map.of()));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
      assertThat(result.gatewayReference()).contains(ORDER_ID);
      assertThat(result.decline().orElseThrow().rawCode()).isEqualTo("INSTRUMENT_DECLINED");
      assertThat(result.decline().orElseThrow().soft()).isTrue();
    }

    @Test
    void anOrderAlreadyAuthorizedIsReadInsteadOfFailing() {
      AuthorizeRequest original = request(Money.of("12.50", "USD"), false);
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .inScenario("race")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(
                  PayPalFixtures.json(
                      200,
                      PayPalFixtures.order(ORDER_ID, "APPROVED", "AUTHORIZE", original).toString()))
              .willSetStateTo("authorized"));
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .inScenario("race")
              .whenScenarioStateIs("authorized")
              .willReturn(
                  PayPalFixtures.json(
                      200, PayPalFixtures.authorizedOrder(original, "CREATED").toString())));
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID + "/authorize"))
              .willReturn(
                  PayPalFixtures.unprocessable(
                      "ORDER_ALREADY_AUTHORIZED",
                      "Order already authorized.If 'intent=AUTHORIZE' only one authorization per"
                          + " order is allowed.")));

      GatewayResult result = paypal.completeAction(complete(false, Map.of()));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
      assertThat(result.gatewayReference()).contains(AUTH_REF);
    }

    @Test
    void aReturnNamingAnotherOrderIsRefusedWithoutACall() {
      InvalidRequestException e =
          catchThrowableOfType(
              InvalidRequestException.class,
              () -> paypal.completeAction(complete(false, Map.of("token", "9XX99999XX9999999"))));
      assertThat(e.field()).isEqualTo("parameters.token");
      assertNothingSent();
    }

    @Test
    void anOrderOfAnotherPaymentIsRefused() {
      ObjectNode other =
          PayPalFixtures.order(
              ORDER_ID,
              "APPROVED",
              "AUTHORIZE",
              "pay_OTHER",
              "order-9",
              PayPalFixtures.money(Money.of("12.50", "USD")));
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .willReturn(PayPalFixtures.json(200, other.toString())));
      assertThatThrownBy(() -> paypal.completeAction(complete(false, Map.of())))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("another payment");
      assertThat(
              count(
                  postRequestedFor(
                      urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID + "/authorize"))))
          .isZero();
    }
  }

  // ---- capture, cancel, refund -----------------------------------------------------------------

  @Nested
  class FollowUps {
    private static final String CAPTURE_KEY = "pay_01HZX3:capture:paypal:1";

    @Test
    void partialCaptureSendsAmountAndFinalCaptureFalse() {
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID + "/capture"))
              .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
              .withHeader("PayPal-Request-Id", equalTo(CAPTURE_KEY))
              .withHeader("Prefer", equalTo("return=representation"))
              .withRequestBody(
                  equalToJson(
                      "{\"amount\": {\"currency_code\": \"USD\", \"value\": \"5.00\"},"
                          + " \"final_capture\": false}"))
              .willReturn(
                  PayPalFixtures.json(
                      201,
                      PayPalFixtures.capture(
                              CAPTURE_ID,
                              "COMPLETED",
                              PayPalFixtures.money(Money.of("5.00", "USD")),
                              false)
                          .toString())));

      GatewayResult result =
          paypal.capture(
              new CaptureRequest(
                  PAYMENT_ID, REFERENCE, AUTH_REF, Money.of("5.00", "USD"), false, CAPTURE_KEY, 1));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.CAPTURED);
      assertThat(result.gatewayReference()).contains(AUTH_REF);
      assertThat(result.transactionReference()).contains(CAPTURE_ID);
      assertThat(result.amount()).contains(Money.of("5.00", "USD"));
    }

    @Test
    void aPendingOrDeclinedCaptureIsReportedAsSuch() {
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID + "/capture"))
              .inScenario("captures")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(
                  PayPalFixtures.json(
                      201,
                      PayPalFixtures.capture(
                              CAPTURE_ID,
                              "PENDING",
                              PayPalFixtures.money(Money.of("5.00", "USD")),
                              true)
                          .toString()))
              .willSetStateTo("declined"));
      ObjectNode declined =
          PayPalFixtures.withProcessorResponse(
              PayPalFixtures.capture(
                  CAPTURE_ID, "DECLINED", PayPalFixtures.money(Money.of("5.00", "USD")), true),
              "5120");
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID + "/capture"))
              .inScenario("captures")
              .whenScenarioStateIs("declined")
              .willReturn(PayPalFixtures.json(201, declined.toString())));
      CaptureRequest request =
          new CaptureRequest(
              PAYMENT_ID, REFERENCE, AUTH_REF, Money.of("5.00", "USD"), true, CAPTURE_KEY, 1);

      assertThat(paypal.capture(request).type()).isEqualTo(GatewayResult.Type.PENDING);
      GatewayResult second = paypal.capture(request);
      assertThat(second.type()).isEqualTo(GatewayResult.Type.DECLINED);
      assertThat(second.decline().orElseThrow().rawCode()).isEqualTo("5120");
      assertThat(second.decline().orElseThrow().reason())
          .isEqualTo(DeclineReason.INSUFFICIENT_FUNDS);
    }

    @Test
    void capturingAPurchaseIsRejectedBeforeSending() {
      InvalidRequestException e =
          catchThrowableOfType(
              InvalidRequestException.class,
              () ->
                  paypal.capture(
                      new CaptureRequest(
                          PAYMENT_ID,
                          REFERENCE,
                          SALE_REF,
                          Money.of("5.00", "USD"),
                          true,
                          CAPTURE_KEY,
                          1)));
      assertThat(e.field()).isEqualTo("gatewayReference");
      assertNothingSent();
    }

    @Test
    void aCaptureAlreadyInProgressIsAnUnknownOutcomeWithARetryDelay() {
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID + "/capture"))
              .willReturn(
                  PayPalFixtures.error(
                      409,
                      "RESOURCE_CONFLICT",
                      "The server has detected a conflict while processing this request.",
                      "PREVIOUS_REQUEST_IN_PROGRESS",
                      "A previous request on this resource is currently in progress. Please wait"
                          + " for sometime and try again.")));
      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () ->
                  paypal.capture(
                      new CaptureRequest(
                          PAYMENT_ID,
                          REFERENCE,
                          AUTH_REF,
                          Money.of("5.00", "USD"),
                          true,
                          CAPTURE_KEY,
                          1)));
      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(e.gatewayCode()).contains("PREVIOUS_REQUEST_IN_PROGRESS");
      assertThat(e.retryAfter()).contains(PayPalResponses.IN_PROGRESS_RETRY_AFTER);
      assertThat(e.requestId()).contains(DEBUG_ID);
    }

    @Test
    void cancelVoidsTheAuthorizationWithoutARequestId() {
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID + "/void"))
              .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
              .withHeader("Prefer", equalTo("return=representation"))
              .withHeader("PayPal-Request-Id", absent())
              .willReturn(
                  PayPalFixtures.json(
                      200, authorizationOnly("VOIDED", Money.of("12.50", "USD")).toString())));

      GatewayResult result =
          paypal.cancel(
              new CancelRequest(
                  PAYMENT_ID, REFERENCE, AUTH_REF, Money.of("12.50", "USD"), "k-void"));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.CANCELLED);
      assertThat(result.gatewayReference()).contains(AUTH_REF);
      assertThat(result.rawStatus()).contains("VOIDED");
      LoggedRequest sent =
          wireMock
              .findAll(
                  postRequestedFor(
                      urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID + "/void")))
              .get(0);
      assertThat(sent.getBody()).isEmpty();
    }

    @Test
    void aMinimalVoidAndARepeatedVoidAreCancellations() {
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID + "/void"))
              .inScenario("void")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(noContent())
              .willSetStateTo("voided"));
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID + "/void"))
              .inScenario("void")
              .whenScenarioStateIs("voided")
              .willReturn(
                  PayPalFixtures.unprocessable(
                      "PREVIOUSLY_VOIDED",
                      "Authorization has been previously voided and hence cannot be voided"
                          + " again.")));
      CancelRequest request =
          new CancelRequest(PAYMENT_ID, REFERENCE, AUTH_REF, Money.of("12.50", "USD"), "k-void");

      assertThat(paypal.cancel(request).type()).isEqualTo(GatewayResult.Type.CANCELLED);
      GatewayResult again = paypal.cancel(request);
      assertThat(again.type()).isEqualTo(GatewayResult.Type.CANCELLED);
      assertThat(again.rawStatus()).contains("PREVIOUSLY_VOIDED");
    }

    @Test
    void voidingACapturedAuthorizationIsRejected() {
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID + "/void"))
              .willReturn(
                  PayPalFixtures.unprocessable(
                      "PREVIOUSLY_CAPTURED",
                      "Authorization has been previously captured and hence cannot be voided.")));
      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () ->
                  paypal.cancel(
                      new CancelRequest(
                          PAYMENT_ID, REFERENCE, AUTH_REF, Money.of("12.50", "USD"), "k-void")));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.gatewayCode()).contains("PREVIOUSLY_CAPTURED");
      assertThat(e.httpStatus()).isEqualTo(422);
    }

    @Test
    void cancellingAnOrderStillWaitingForTheShopperVoidsNothing() {
      AuthorizeRequest original = request(Money.of("12.50", "USD"), false);
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .willReturn(
                  PayPalFixtures.json(
                      200, PayPalFixtures.payerActionRequired(original).toString())));

      GatewayResult result =
          paypal.cancel(
              new CancelRequest(
                  PAYMENT_ID, REFERENCE, ORDER_ID, Money.of("12.50", "USD"), "k-void"));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.CANCELLED);
      assertThat(result.gatewayReference()).contains(ORDER_ID);
      assertThat(
              count(
                  postRequestedFor(
                      urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID + "/void"))))
          .isZero();
      assertThat(count(getRequestedFor(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))))
          .isEqualTo(1);
    }

    @Test
    void partialRefundRefundsTheCaptureTaggedWithTheKey() {
      String refundKey = "ot_0f3b9c2d4e5f60718293a4b5c6d7e8f901234567";
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/payments/captures/" + CAPTURE_ID + "/refund"))
              .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
              .withHeader("PayPal-Request-Id", equalTo(refundKey))
              .withHeader("Prefer", equalTo("return=representation"))
              .withRequestBody(
                  equalToJson(
                      "{\"amount\": {\"currency_code\": \"USD\", \"value\": \"2.50\"},"
                          + " \"custom_id\": \""
                          + refundKey
                          + "\", \"note_to_payer\": \"Damaged item\"}"))
              .willReturn(
                  PayPalFixtures.json(
                      201,
                      PayPalFixtures.refund(
                              REFUND_ID,
                              "COMPLETED",
                              PayPalFixtures.money(Money.of("2.50", "USD")),
                              refundKey)
                          .toString())));

      GatewayResult result =
          paypal.refund(
              new RefundRequest(
                  PAYMENT_ID,
                  REFERENCE,
                  AUTH_REF,
                  CAPTURE_ID,
                  Money.of("2.50", "USD"),
                  "Damaged item",
                  refundKey,
                  1));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.REFUNDED);
      assertThat(result.gatewayReference()).contains(AUTH_REF);
      assertThat(result.transactionReference()).contains(REFUND_ID);
      assertThat(result.amount()).contains(Money.of("2.50", "USD"));
    }

    @Test
    void aPurchaseIsRefundedThroughTheCaptureInItsReferenceAndRefundStatusesMap() {
      for (String status : List.of("PENDING", "FAILED", "CANCELLED")) {
        wireMock.stubFor(
            post(urlPathEqualTo("/v2/payments/captures/" + CAPTURE_ID + "/refund"))
                .willReturn(
                    PayPalFixtures.json(
                        201,
                        PayPalFixtures.refund(
                                REFUND_ID,
                                status,
                                PayPalFixtures.money(Money.of("2.50", "USD")),
                                null)
                            .toString())));
        GatewayResult result =
            paypal.refund(
                new RefundRequest(
                    PAYMENT_ID,
                    REFERENCE,
                    SALE_REF,
                    SALE_REF,
                    Money.of("2.50", "USD"),
                    null,
                    "refund-key-" + status,
                    1));
        assertThat(result.type())
            .as(status)
            .isEqualTo(
                status.equals("PENDING")
                    ? GatewayResult.Type.PENDING
                    : GatewayResult.Type.DECLINED);
        if (!status.equals("PENDING")) {
          assertThat(result.decline().orElseThrow().rawCode()).isEqualTo("REFUND_" + status);
        }
      }
    }

    @Test
    void aRefundWithoutACaptureIsRejectedBeforeSending() {
      InvalidRequestException e =
          catchThrowableOfType(
              InvalidRequestException.class,
              () ->
                  paypal.refund(
                      new RefundRequest(
                          PAYMENT_ID,
                          REFERENCE,
                          AUTH_REF,
                          null,
                          Money.of("2.50", "USD"),
                          null,
                          "k",
                          1)));
      assertThat(e.field()).isEqualTo("captureReference");
      assertNothingSent();
    }

    @Test
    void aRefundPayPalRefusesIsRejectedWithItsIssue() {
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/payments/captures/" + CAPTURE_ID + "/refund"))
              .willReturn(
                  PayPalFixtures.unprocessable(
                      "REFUND_AMOUNT_EXCEEDED",
                      "The refund amount must be less than or equal to the capture amount that has"
                          + " not yet been refunded.")));
      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () ->
                  paypal.refund(
                      new RefundRequest(
                          PAYMENT_ID,
                          REFERENCE,
                          SALE_REF,
                          null,
                          Money.of("99.00", "USD"),
                          null,
                          "k",
                          1)));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.gatewayCode()).contains("REFUND_AMOUNT_EXCEEDED");
    }
  }

  // ---- lookup ----------------------------------------------------------------------------------

  @Nested
  class Lookup {
    private LookupRequest lookup(String ref, GatewayOperation op, Money amount, String key) {
      return new LookupRequest(PAYMENT_ID, REFERENCE, ref, op, amount, key);
    }

    @Test
    void withoutAnOrderIdPayPalCannotBeAsked() {
      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () ->
                  paypal.lookup(
                      lookup(null, GatewayOperation.AUTHORIZE, Money.of("12.50", "USD"), KEY)));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.gatewayCode()).contains("lookup_needs_order_id");
      assertThat(e.getMessage()).contains("PayPal-Request-Id");
      assertNothingSent();
    }

    @Test
    void aPurchaseIsFoundThroughItsOrder() {
      AuthorizeRequest original = request(Money.of("12.50", "USD"), true);
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .willReturn(
                  PayPalFixtures.json(
                      200,
                      PayPalFixtures.capturedOrder(original, "PARTIALLY_REFUNDED").toString())));
      Optional<GatewayResult> found =
          paypal.lookup(lookup(SALE_REF, GatewayOperation.PURCHASE, Money.of("12.50", "USD"), KEY));
      assertThat(found)
          .hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(GatewayResult.Type.CAPTURED));
      assertThat(found.orElseThrow().rawStatus()).contains("PARTIALLY_REFUNDED");
    }

    @Test
    void aCaptureThatNeverRanIsNotFound() {
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID))
              .willReturn(
                  PayPalFixtures.json(
                      200, authorizationOnly("CREATED", Money.of("12.50", "USD")).toString())));
      assertThat(
              paypal.lookup(
                  lookup(AUTH_REF, GatewayOperation.CAPTURE, Money.of("12.50", "USD"), "k-cap")))
          .isEmpty();
    }

    @Test
    void aFullCaptureIsFoundOnTheOrder() {
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID))
              .willReturn(
                  PayPalFixtures.json(
                      200, authorizationOnly("CAPTURED", Money.of("12.50", "USD")).toString())));
      AuthorizeRequest original = request(Money.of("12.50", "USD"), false);
      ObjectNode order = PayPalFixtures.authorizedOrder(original, "CAPTURED");
      PayPalFixtures.payments(order)
          .putArray("captures")
          .add(
              PayPalFixtures.capture(
                  CAPTURE_ID, "COMPLETED", PayPalFixtures.money(Money.of("12.50", "USD")), true));
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .willReturn(PayPalFixtures.json(200, order.toString())));

      Optional<GatewayResult> found =
          paypal.lookup(
              lookup(AUTH_REF, GatewayOperation.CAPTURE, Money.of("12.50", "USD"), "k-cap"));

      assertThat(found).isPresent();
      assertThat(found.orElseThrow().type()).isEqualTo(GatewayResult.Type.CAPTURED);
      assertThat(found.orElseThrow().transactionReference()).contains(CAPTURE_ID);
      assertThat(found.orElseThrow().gatewayReference()).contains(AUTH_REF);
    }

    @Test
    void whichOfSeveralPartialCapturesWasOursCannotBeTold() {
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID))
              .willReturn(
                  PayPalFixtures.json(
                      200,
                      authorizationOnly("PARTIALLY_CAPTURED", Money.of("12.50", "USD"))
                          .toString())));
      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () ->
                  paypal.lookup(
                      lookup(
                          AUTH_REF, GatewayOperation.CAPTURE, Money.of("5.00", "USD"), "k-cap")));
      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    }

    @Test
    void aVoidIsFoundOnTheAuthorizationOrPositivelyAbsent() {
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID))
              .inScenario("void")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(
                  PayPalFixtures.json(
                      200, authorizationOnly("VOIDED", Money.of("12.50", "USD")).toString()))
              .willSetStateTo("open"));
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/payments/authorizations/" + AUTHORIZATION_ID))
              .inScenario("void")
              .whenScenarioStateIs("open")
              .willReturn(
                  PayPalFixtures.json(
                      200, authorizationOnly("CREATED", Money.of("12.50", "USD")).toString())));
      LookupRequest request =
          lookup(AUTH_REF, GatewayOperation.CANCEL, Money.of("12.50", "USD"), "k");

      assertThat(paypal.lookup(request))
          .hasValueSatisfying(r -> assertThat(r.type()).isEqualTo(GatewayResult.Type.CANCELLED));
      assertThat(paypal.lookup(request)).isEmpty();
    }

    @Test
    void aRefundIsFoundByItsKeyInTheOrdersRefunds() {
      AuthorizeRequest original = request(Money.of("12.50", "USD"), true);
      ObjectNode order = PayPalFixtures.capturedOrder(original, "PARTIALLY_REFUNDED");
      PayPalFixtures.payments(order)
          .putArray("refunds")
          .add(
              PayPalFixtures.refund(
                  "7TT00000000000000",
                  "COMPLETED",
                  PayPalFixtures.money(Money.of("1.00", "USD")),
                  "other-key"))
          .add(
              PayPalFixtures.refund(
                  REFUND_ID,
                  "COMPLETED",
                  PayPalFixtures.money(Money.of("2.50", "USD")),
                  "refund-key"));
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .willReturn(PayPalFixtures.json(200, order.toString())));

      Optional<GatewayResult> found =
          paypal.lookup(
              lookup(SALE_REF, GatewayOperation.REFUND, Money.of("2.50", "USD"), "refund-key"));
      assertThat(found).isPresent();
      assertThat(found.orElseThrow().type()).isEqualTo(GatewayResult.Type.REFUNDED);
      assertThat(found.orElseThrow().transactionReference()).contains(REFUND_ID);
      assertThat(found.orElseThrow().amount()).contains(Money.of("2.50", "USD"));

      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () ->
                  paypal.lookup(
                      lookup(
                          SALE_REF, GatewayOperation.REFUND, Money.of("2.50", "USD"), "missing")));
      assertThat(e.failureClass()).isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    }

    @Test
    void anOrderWithoutAnyRefundHasNoRecordOfOne() {
      AuthorizeRequest original = request(Money.of("12.50", "USD"), true);
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .willReturn(
                  PayPalFixtures.json(
                      200, PayPalFixtures.capturedOrder(original, "COMPLETED").toString())));
      assertThat(
              paypal.lookup(
                  lookup(SALE_REF, GatewayOperation.REFUND, Money.of("2.50", "USD"), "refund-key")))
          .isEmpty();
    }

    @Test
    void onlyPayPalsOwnNotFoundMeansNoRecord() {
      wireMock.stubFor(
          get(urlPathEqualTo("/v2/checkout/orders/" + ORDER_ID))
              .willReturn(aResponse().withStatus(404).withBody("<html>Not Found</html>")));
      GatewayException e =
          catchThrowableOfType(
              GatewayException.class,
              () ->
                  paypal.lookup(
                      lookup(ORDER_ID, GatewayOperation.AUTHORIZE, Money.of("12.50", "USD"), KEY)));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.httpStatus()).isEqualTo(404);
    }

    @Test
    void aMalformedReferenceIsRejectedBeforeSending() {
      assertThatThrownBy(
              () ->
                  paypal.lookup(
                      lookup(
                          ORDER_ID + "/refunds/X",
                          GatewayOperation.AUTHORIZE,
                          Money.of("1.00", "USD"),
                          "k")))
          .isInstanceOf(InvalidRequestException.class);
      assertNothingSent();
    }
  }

  // ---- declines --------------------------------------------------------------------------------

  @Nested
  class Declines {
    private GatewayResult authorizeAnswered(ResponseDefinitionBuilder answer) {
      wireMock.stubFor(createOrder().willReturn(answer));
      return paypal.authorize(request(Money.of("12.50", "USD"), true));
    }

    @Test
    void aDeclinedCaptureUsesTheProcessorResponseCode() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), true);
      ObjectNode order = PayPalFixtures.capturedOrder(request, "DECLINED");
      PayPalFixtures.withProcessorResponse(
          (ObjectNode) PayPalFixtures.payments(order).get("captures").get(0), "5400");

      GatewayResult result = authorizeAnswered(PayPalFixtures.json(201, order.toString()));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
      assertThat(result.gatewayReference()).contains(SALE_REF);
      assertThat(result.decline().orElseThrow().rawCode()).isEqualTo("5400");
      assertThat(result.decline().orElseThrow().reason()).isEqualTo(DeclineReason.EXPIRED_CARD);
      assertThat(result.decline().orElseThrow().soft()).isFalse();
    }

    @Test
    void scaRequiredStepsUpToThreeDSecure() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), true);
      ObjectNode order = PayPalFixtures.capturedOrder(request, "DECLINED");
      PayPalFixtures.withProcessorResponse(
          (ObjectNode) PayPalFixtures.payments(order).get("captures").get(0), "5650");

      GatewayResult result = authorizeAnswered(PayPalFixtures.json(201, order.toString()));

      assertThat(result.decline().orElseThrow().reason())
          .isEqualTo(DeclineReason.AUTHENTICATION_REQUIRED);
      assertThat(result.decline().orElseThrow().action()).isEqualTo(DeclineAction.STEP_UP_3DS);
    }

    @Test
    void aDeclineWithoutProcessorCodeUsesItsStatus() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), true);
      GatewayResult failed =
          authorizeAnswered(
              PayPalFixtures.json(201, PayPalFixtures.capturedOrder(request, "FAILED").toString()));
      assertThat(failed.decline().orElseThrow().rawCode()).isEqualTo("FAILED");
      assertThat(failed.decline().orElseThrow().reason()).isEqualTo(DeclineReason.PROCESSING_ERROR);
      assertThat(failed.decline().orElseThrow().soft()).isTrue();
    }

    @Test
    void instrumentDeclinedIsSoftAndTransactionRefusedIsHard() {
      GatewayResult soft =
          authorizeAnswered(
              PayPalFixtures.unprocessable(
                  "INSTRUMENT_DECLINED",
                  "The instrument presented  was either declined by the processor or bank, or it"
                      + " can't be used for this payment."));
      assertThat(soft.type()).isEqualTo(GatewayResult.Type.DECLINED);
      assertThat(soft.gatewayReference()).isEmpty();
      assertThat(soft.decline().orElseThrow().soft()).isTrue();
      assertThat(soft.decline().orElseThrow().reason()).isEqualTo(DeclineReason.DO_NOT_HONOR);

      GatewayResult hard =
          authorizeAnswered(
              PayPalFixtures.unprocessable("TRANSACTION_REFUSED", "The request was refused."));
      assertThat(hard.decline().orElseThrow().soft()).isFalse();
      assertThat(hard.decline().orElseThrow().reason()).isEqualTo(DeclineReason.BLOCKED_BY_GATEWAY);
      assertThat(hard.decline().orElseThrow().message()).isEqualTo("The request was refused.");
    }

    @Test
    void payerActionRequiredOnCreateStepsUp() {
      GatewayResult result =
          authorizeAnswered(
              PayPalFixtures.unprocessable(
                  "PAYER_ACTION_REQUIRED",
                  "Transaction cannot complete successfully, instruct the buyer to return to"
                      + " PayPal."));
      assertThat(result.type()).isEqualTo(GatewayResult.Type.DECLINED);
      assertThat(result.decline().orElseThrow().action()).isEqualTo(DeclineAction.STEP_UP_3DS);
    }

    @Test
    void unknownCodesAreHardAndHostsCanOverrideRows() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
      ObjectNode order = PayPalFixtures.authorizedOrder(request, "DENIED");
      PayPalFixtures.withProcessorResponse(
          (ObjectNode) PayPalFixtures.payments(order).get("authorizations").get(0), "ZZ99");
      wireMock.stubFor(createOrder().willReturn(PayPalFixtures.json(201, order.toString())));
      GatewayResult unknown = paypal.authorize(request);
      assertThat(unknown.decline().orElseThrow().reason()).isEqualTo(DeclineReason.OTHER);
      assertThat(unknown.decline().orElseThrow().soft()).isFalse();

      PayPalGateway overridden =
          builder()
              .declineTable(
                  PayPalGateway.defaultDeclineTable()
                      .withOverride("ZZ99", DeclineRule.soft(DeclineReason.ISSUER_UNAVAILABLE)))
              .build();
      GatewayResult mapped = overridden.authorize(request);
      assertThat(mapped.decline().orElseThrow().reason())
          .isEqualTo(DeclineReason.ISSUER_UNAVAILABLE);
      assertThat(mapped.decline().orElseThrow().soft()).isTrue();
    }

    @Test
    void theDefaultTableCoversPayPalsDocumentedCodes() {
      var table = PayPalGateway.defaultDeclineTable();
      assertThat(table.rule("0500")).isEqualTo(DeclineRule.soft(DeclineReason.DO_NOT_HONOR));
      assertThat(table.rule("5120")).isEqualTo(DeclineRule.hard(DeclineReason.INSUFFICIENT_FUNDS));
      assertThat(table.rule("9500")).isEqualTo(DeclineRule.hard(DeclineReason.SUSPECTED_FRAUD));
      assertThat(table.rule("9520")).isEqualTo(DeclineRule.hard(DeclineReason.LOST_OR_STOLEN));
      assertThat(table.rule("00N7")).isEqualTo(DeclineRule.hard(DeclineReason.INCORRECT_CVC));
      assertThat(table.rule("5110")).isEqualTo(DeclineRule.hard(DeclineReason.INCORRECT_CVC));
      assertThat(table.rule("1330")).isEqualTo(DeclineRule.hard(DeclineReason.INVALID_CARD));
      assertThat(table.rule("5920")).isEqualTo(DeclineRule.soft(DeclineReason.ISSUER_UNAVAILABLE));
      assertThat(table.rule("5650"))
          .isEqualTo(DeclineRule.stepUp3ds(DeclineReason.AUTHENTICATION_REQUIRED));
      assertThat(table.rules()).hasSizeGreaterThan(130);
      for (var rule : table.rules().values()) {
        assertThat(rule.soft() || rule.action() == DeclineAction.STOP).isTrue();
      }
    }
  }

  // ---- errors ----------------------------------------------------------------------------------

  @Nested
  class Errors {
    private GatewayException authorizeFailing(ResponseDefinitionBuilder answer) {
      wireMock.stubFor(createOrder().willReturn(answer));
      return catchThrowableOfType(
          GatewayException.class, () -> paypal.authorize(request(Money.of("12.50", "USD"), false)));
    }

    @Test
    void anInvalidRequestIsRejectedWithTheIssueAndDebugId() {
      GatewayException e =
          authorizeFailing(
              PayPalFixtures.error(
                  400,
                  "INVALID_REQUEST",
                  "Request is not well-formed, syntactically incorrect, or violates schema.",
                  "INVALID_PARAMETER_VALUE",
                  "The value of a field is invalid."));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.credentialsProblem()).isFalse();
      assertThat(e.gatewayCode()).contains("INVALID_PARAMETER_VALUE");
      assertThat(e.requestId()).contains(DEBUG_ID);
      assertThat(e.getMessage()).contains("The value of a field is invalid.");
    }

    @Test
    void aDuplicateInvoiceIdIsRejected() {
      GatewayException e =
          authorizeFailing(
              PayPalFixtures.unprocessable(
                  "DUPLICATE_INVOICE_ID",
                  "Duplicate Invoice ID detected. To avoid a potential duplicate transaction your"
                      + " account setting requires that Invoice Id be unique for each"
                      + " transaction."));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.gatewayCode()).contains("DUPLICATE_INVOICE_ID");
    }

    @Test
    void aMissingPermissionIsAnOperatorsProblem() {
      GatewayException e =
          authorizeFailing(
              PayPalFixtures.error(
                  403,
                  "NOT_AUTHORIZED",
                  "Authorization failed due to insufficient permissions.",
                  "PERMISSION_DENIED",
                  "You do not have permission to access or perform operations on this"
                      + " resource."));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.credentialsProblem()).isTrue();
      assertThat(e.gatewayCode()).contains("PERMISSION_DENIED");
    }

    @Test
    void serverErrorsAreUnknownOutcomesAnd503And429AreUnavailable() {
      assertThat(
              authorizeFailing(
                      PayPalFixtures.error(
                          500,
                          "INTERNAL_SERVER_ERROR",
                          "An internal server error occurred.",
                          null,
                          null))
                  .failureClass())
          .isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(
              authorizeFailing(aResponse().withStatus(502).withBody("<html>Bad Gateway</html>"))
                  .failureClass())
          .isEqualTo(FailureClass.UNKNOWN_OUTCOME);
      assertThat(
              authorizeFailing(
                      PayPalFixtures.error(
                          503, "SERVICE_UNAVAILABLE", "Service Unavailable.", null, null))
                  .failureClass())
          .isEqualTo(FailureClass.UNAVAILABLE);
      GatewayException limited =
          authorizeFailing(
              PayPalFixtures.error(
                      429,
                      "RATE_LIMIT_REACHED",
                      "Too many requests. Blocked due to rate limiting.",
                      null,
                      null)
                  .withHeader("Retry-After", "30"));
      assertThat(limited.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
      assertThat(limited.retryAfter()).contains(Duration.ofSeconds(30));
    }

    @Test
    void theBodysDebugIdIsUsedWhenTheHeaderIsMissing() {
      GatewayException e =
          authorizeFailing(
              aResponse()
                  .withStatus(500)
                  .withHeader("Content-Type", "application/json")
                  .withBody(
                      "{\"name\":\"INTERNAL_SERVER_ERROR\",\"message\":\"An internal server error"
                          + " occurred.\",\"debug_id\":\"90957fca61718\"}"));
      assertThat(e.requestId()).contains("90957fca61718");
    }
  }

  // ---- amounts ---------------------------------------------------------------------------------

  @Nested
  class Amounts {
    private void authorizes(Money amount, String value) {
      AuthorizeRequest request = request(amount, false);
      wireMock.stubFor(
          createOrder()
              .withRequestBody(
                  matchingJsonPath(
                      "$.purchase_units[0].amount.currency_code", equalTo(amount.currencyCode())))
              .withRequestBody(matchingJsonPath("$.purchase_units[0].amount.value", equalTo(value)))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.authorizedOrder(request, "CREATED").toString())));
      GatewayResult result = paypal.authorize(request);
      assertThat(result.amount()).contains(amount);
    }

    @Test
    void twoDecimalCurrenciesTravelWithTwoDecimals() {
      authorizes(Money.of("12.34", "EUR"), "12.34");
      authorizes(Money.of("0.99", "GBP"), "0.99");
    }

    @Test
    void hufJpyAndTwdTravelWithoutDecimals() {
      authorizes(Money.of("1500", "JPY"), "1500");
      authorizes(Money.of("1500.00", "HUF"), "1500");
      authorizes(Money.of("300.00", "TWD"), "300");
    }

    @Test
    void aFractionOfAForintIsRejectedBeforeSending() {
      InvalidRequestException e =
          catchThrowableOfType(
              InvalidRequestException.class,
              () -> paypal.authorize(request(Money.of("1500.50", "HUF"), false)));
      assertThat(e.field()).isEqualTo("amount");
      assertThat(e.getMessage()).contains("PayPal").contains("0 decimals");
      assertNothingSent();
    }

    @Test
    void kwdAndBhdAreNotPayPalCurrenciesAndAreRejectedBeforeSending() {
      for (Money amount : List.of(Money.of("12.500", "KWD"), Money.of("3.250", "BHD"))) {
        InvalidRequestException e =
            catchThrowableOfType(
                InvalidRequestException.class, () -> paypal.authorize(request(amount, false)));
        assertThat(e.field()).isEqualTo("amount");
        assertThat(e.getMessage()).contains("does not support " + amount.currencyCode());
      }
      assertThat(
              catchThrowableOfType(
                      InvalidRequestException.class,
                      () ->
                          paypal.capture(
                              new CaptureRequest(
                                  PAYMENT_ID,
                                  REFERENCE,
                                  AUTH_REF,
                                  Money.of("1.000", "KWD"),
                                  true,
                                  "k",
                                  1)))
                  .field())
          .isEqualTo("amount");
      assertNothingSent();
      assertThat(PayPalGateway.defaultCapabilities().supportsCurrency("KWD")).isFalse();
      assertThat(PayPalGateway.defaultCapabilities().supportsCurrency("BHD")).isFalse();
      assertThat(PayPalGateway.defaultCapabilities().supportsCurrency("USD")).isTrue();
      assertThat(PayPalGateway.defaultCapabilities().currencies()).hasSize(24);
    }

    @Test
    void anUnreadableAmountInAnApprovalIsAnUnknownOutcome() {
      AuthorizeRequest request = request(Money.of("12.50", "USD"), false);
      ObjectNode order = PayPalFixtures.authorizedOrder(request, "CREATED");
      ((ObjectNode) PayPalFixtures.payments(order).get("authorizations").get(0))
          .set("amount", PayPalFixtures.money("XXX1", "12.50"));
      wireMock.stubFor(createOrder().willReturn(PayPalFixtures.json(201, order.toString())));
      assertThat(
              catchThrowableOfType(GatewayException.class, () -> paypal.authorize(request))
                  .failureClass())
          .isEqualTo(FailureClass.UNKNOWN_OUTCOME);
    }
  }

  // ---- OAuth 2.0 token -------------------------------------------------------------------------

  @Nested
  class OAuth {
    private static final String SECOND_TOKEN = "A21AAK4yQ1x8nNV2Rn0VxH5cQvG3bT7uJ2sWq9LmE0pZk";

    private AuthorizeRequest keyed(String key) {
      return request(
          Money.of("12.50", "USD"),
          false,
          GatewaySource.card(TestCards.visa()),
          ThreeDSecure.AUTOMATIC,
          RETURN_URL,
          key);
    }

    private void approveEveryOrder() {
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders"))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.authorizedOrder(keyed(KEY), "CREATED").toString())));
    }

    @Test
    void theTokenIsCachedAcrossCalls() {
      approveEveryOrder();
      paypal.authorize(keyed("k-1"));
      paypal.authorize(keyed("k-2"));
      paypal.authorize(keyed("k-3"));
      assertThat(tokenCalls()).isEqualTo(1);
      assertThat(orderCalls()).isEqualTo(3);
    }

    @Test
    void theTokenIsReplacedAMarginBeforeItExpires() {
      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint().willReturn(PayPalFixtures.token(ACCESS_TOKEN, 3600)));
      approveEveryOrder();
      paypal.authorize(keyed("k-1"));
      clock.advance(Duration.ofSeconds(3600 - 60 - 1));
      paypal.authorize(keyed("k-2"));
      assertThat(tokenCalls()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(2));
      paypal.authorize(keyed("k-3"));
      assertThat(tokenCalls()).isEqualTo(2);
    }

    @Test
    void aShortLivedTokenIsUsedForHalfItsLife() {
      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint().willReturn(PayPalFixtures.token(ACCESS_TOKEN, 40)));
      approveEveryOrder();
      paypal.authorize(keyed("k-1"));
      clock.advance(Duration.ofSeconds(19));
      paypal.authorize(keyed("k-2"));
      assertThat(tokenCalls()).isEqualTo(1);
      clock.advance(Duration.ofSeconds(1));
      paypal.authorize(keyed("k-3"));
      assertThat(tokenCalls()).isEqualTo(2);
    }

    @Test
    void concurrentCallsShareOneTokenRefresh() throws Exception {
      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint()
              .willReturn(PayPalFixtures.token(ACCESS_TOKEN, 32400).withFixedDelay(400)));
      approveEveryOrder();
      int threads = 12;
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<GatewayResult>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          String key = "k-concurrent-" + i;
          results.add(
              pool.submit(
                  () -> {
                    ready.countDown();
                    go.await();
                    return paypal.authorize(keyed(key));
                  }));
        }
        assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        for (Future<GatewayResult> f : results) {
          assertThat(f.get(30, TimeUnit.SECONDS).type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(tokenCalls()).as("token fetches").isEqualTo(1);
      assertThat(orderCalls()).isEqualTo(threads);
      assertThat(
              count(
                  postRequestedFor(urlPathEqualTo("/v2/checkout/orders"))
                      .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))))
          .isEqualTo(threads);
    }

    @Test
    void a401OnACachedTokenRefreshesOnceAndRepeatsTheCallWithTheSameRequestId() {
      wireMock.resetAll();
      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint()
              .inScenario("tokens")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(PayPalFixtures.token(ACCESS_TOKEN, 32400))
              .willSetStateTo("revoked"));
      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint()
              .inScenario("tokens")
              .whenScenarioStateIs("revoked")
              .willReturn(PayPalFixtures.token(SECOND_TOKEN, 32400)));
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders"))
              .withHeader("PayPal-Request-Id", equalTo("k-1"))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.authorizedOrder(keyed("k-1"), "CREATED").toString())));
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders"))
              .withHeader("PayPal-Request-Id", equalTo("k-2"))
              .withHeader("Authorization", equalTo("Bearer " + ACCESS_TOKEN))
              .willReturn(
                  PayPalFixtures.error(
                      401,
                      "AUTHENTICATION_FAILURE",
                      "Authentication failed due to invalid authentication credentials or a missing"
                          + " Authorization header.",
                      null,
                      null)));
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders"))
              .withHeader("PayPal-Request-Id", equalTo("k-2"))
              .withHeader("Authorization", equalTo("Bearer " + SECOND_TOKEN))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.authorizedOrder(keyed("k-2"), "CREATED").toString())));

      paypal.authorize(keyed("k-1"));
      GatewayResult result = paypal.authorize(keyed("k-2"));

      assertThat(result.type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
      assertThat(tokenCalls()).isEqualTo(2);
      List<LoggedRequest> sent =
          wireMock.findAll(
              postRequestedFor(urlPathEqualTo("/v2/checkout/orders"))
                  .withHeader("PayPal-Request-Id", equalTo("k-2")));
      assertThat(sent).hasSize(2);
      assertThat(sent)
          .extracting(r -> r.getHeader("Authorization"))
          .containsExactlyInAnyOrder("Bearer " + ACCESS_TOKEN, "Bearer " + SECOND_TOKEN);
      assertThat(sent.get(0).getBodyAsString()).isEqualTo(sent.get(1).getBodyAsString());
    }

    @Test
    void a401AfterTheRefreshIsACredentialsProblemWithoutMoreCalls() {
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders"))
              .withHeader("PayPal-Request-Id", equalTo("k-1"))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.authorizedOrder(keyed("k-1"), "CREATED").toString())));
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders"))
              .withHeader("PayPal-Request-Id", equalTo("k-2"))
              .willReturn(
                  PayPalFixtures.error(
                      401,
                      "AUTHENTICATION_FAILURE",
                      "Authentication failed due to invalid authentication credentials or a missing"
                          + " Authorization header.",
                      null,
                      null)));
      paypal.authorize(keyed("k-1"));

      GatewayException e =
          catchThrowableOfType(GatewayException.class, () -> paypal.authorize(keyed("k-2")));

      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.credentialsProblem()).isTrue();
      assertThat(tokenCalls()).isEqualTo(2);
      assertThat(
              count(
                  postRequestedFor(urlPathEqualTo("/v2/checkout/orders"))
                      .withHeader("PayPal-Request-Id", equalTo("k-2"))))
          .isEqualTo(2);
    }

    @Test
    void a401WithATokenFetchedForTheCallIsACredentialsProblemAtOnce() {
      wireMock.stubFor(
          post(urlPathEqualTo("/v2/checkout/orders"))
              .willReturn(
                  PayPalFixtures.error(
                      401,
                      "AUTHENTICATION_FAILURE",
                      "Authentication failed due to invalid authentication credentials or a missing"
                          + " Authorization header.",
                      null,
                      null)));
      GatewayException e =
          catchThrowableOfType(GatewayException.class, () -> paypal.authorize(keyed("k-1")));
      assertThat(e.credentialsProblem()).isTrue();
      assertThat(tokenCalls()).isEqualTo(1);
      assertThat(orderCalls()).isEqualTo(1);
    }

    @Test
    void rejectedClientCredentialsAreACredentialsProblemAndNothingIsSent() {
      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint()
              .willReturn(
                  PayPalFixtures.json(
                      401,
                      "{\"error\":\"invalid_client\",\"error_description\":\"Client Authentication"
                          + " failed\"}")));
      GatewayException e =
          catchThrowableOfType(GatewayException.class, () -> paypal.authorize(keyed("k-1")));
      assertThat(e.failureClass()).isEqualTo(FailureClass.REJECTED);
      assertThat(e.credentialsProblem()).isTrue();
      assertThat(e.gatewayCode()).contains("invalid_client");
      assertThat(e.requestId()).contains(DEBUG_ID);
      assertThat(e.getMessage()).doesNotContain(PayPalFixtures.CLIENT_SECRET);
      assertThat(orderCalls()).isZero();
    }

    @Test
    void aFailingTokenServiceMakesThePaymentUnavailableNeverUnknown() {
      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint()
              .willReturn(
                  PayPalFixtures.error(
                      500,
                      "INTERNAL_SERVER_ERROR",
                      "An internal server error occurred.",
                      null,
                      null)));
      assertThat(
              catchThrowableOfType(GatewayException.class, () -> paypal.authorize(keyed("k-1")))
                  .failureClass())
          .isEqualTo(FailureClass.UNAVAILABLE);

      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint()
              .willReturn(
                  PayPalFixtures.error(
                          429,
                          "RATE_LIMIT_REACHED",
                          "Too many requests. Blocked due to rate limiting.",
                          null,
                          null)
                      .withHeader("Retry-After", "5")));
      GatewayException limited =
          catchThrowableOfType(GatewayException.class, () -> paypal.authorize(keyed("k-1")));
      assertThat(limited.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
      assertThat(limited.retryAfter()).contains(Duration.ofSeconds(5));

      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint()
              .willReturn(
                  PayPalFixtures.json(200, "{\"token_type\":\"Bearer\",\"expires_in\":32400}")));
      assertThat(
              catchThrowableOfType(GatewayException.class, () -> paypal.authorize(keyed("k-1")))
                  .failureClass())
          .isEqualTo(FailureClass.UNAVAILABLE);
      assertThat(orderCalls()).isZero();
    }

    @Test
    void aTokenCallThatTimesOutIsUnavailableBecauseThePaymentWasNotSent() {
      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint()
              .willReturn(PayPalFixtures.token(ACCESS_TOKEN, 32400).withFixedDelay(2000)));
      PayPalGateway impatient = builder().readTimeout(Duration.ofMillis(300)).build();
      GatewayException e =
          catchThrowableOfType(GatewayException.class, () -> impatient.authorize(keyed("k-1")));
      assertThat(e.failureClass()).isEqualTo(FailureClass.UNAVAILABLE);
      assertThat(e.getMessage()).contains("the payment request was not sent");
      assertThat(orderCalls()).isZero();
    }

    @Test
    void aTokenServiceThatCannotBeReachedIsNotSent() throws Exception {
      int closed;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closed = socket.getLocalPort();
      }
      PayPalGateway unreachable = builder().baseUrl("http://127.0.0.1:" + closed).build();
      GatewayException e =
          catchThrowableOfType(GatewayException.class, () -> unreachable.authorize(keyed("k-1")));
      assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_SENT);
    }

    @Test
    void aFailedFetchIsNotRememberedTheNextCallFetchesAgain() {
      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint()
              .inScenario("flaky")
              .whenScenarioStateIs(Scenario.STARTED)
              .willReturn(
                  PayPalFixtures.error(
                      503, "SERVICE_UNAVAILABLE", "Service Unavailable.", null, null))
              .willSetStateTo("up"));
      wireMock.stubFor(
          PayPalFixtures.tokenEndpoint()
              .inScenario("flaky")
              .whenScenarioStateIs("up")
              .willReturn(PayPalFixtures.token(ACCESS_TOKEN, 32400)));
      approveEveryOrder();
      assertThat(
              catchThrowableOfType(GatewayException.class, () -> paypal.authorize(keyed("k-1")))
                  .failureClass())
          .isEqualTo(FailureClass.UNAVAILABLE);
      assertThat(paypal.authorize(keyed("k-1")).type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
      assertThat(tokenCalls()).isEqualTo(2);
    }
  }

  // ---- builder ---------------------------------------------------------------------------------

  @Nested
  class BuilderValidation {
    @Test
    void missingOrMalformedCredentialsNameTheFieldAndNeverEchoTheSecret() {
      assertThatThrownBy(
              () -> PayPalGateway.builder().clientSecret(PayPalFixtures.CLIENT_SECRET).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("clientId: is required");
      assertThatThrownBy(() -> PayPalGateway.builder().clientId(PayPalFixtures.CLIENT_ID).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("clientSecret: is required");
      assertThatThrownBy(
              () ->
                  PayPalGateway.builder()
                      .clientId("id:with:colons")
                      .clientSecret(PayPalFixtures.CLIENT_SECRET)
                      .build())
          .hasMessageStartingWith("clientId:");
      String badSecret = "secret with spaces 0123456789";
      assertThatThrownBy(
              () ->
                  PayPalGateway.builder()
                      .clientId(PayPalFixtures.CLIENT_ID)
                      .clientSecret(badSecret)
                      .build())
          .hasMessageStartingWith("clientSecret:")
          .message()
          .doesNotContain(badSecret);
    }

    @Test
    void otherSettingsAreValidatedByName() {
      assertThatThrownBy(() -> builder().baseUrl("http://paypal.example").build())
          .hasMessageStartingWith("baseUrl:");
      assertThatThrownBy(() -> builder().readTimeout(Duration.ZERO).build())
          .hasMessageStartingWith("readTimeout:");
      assertThatThrownBy(() -> builder().tokenRefreshMargin(Duration.ofSeconds(-1)).build())
          .hasMessageStartingWith("tokenRefreshMargin:");
      assertThatThrownBy(() -> builder().id(" ").build()).hasMessageStartingWith("id:");
    }

    @Test
    void theSandboxIsTheDefaultAndNothingSecretIsShown() {
      PayPalGateway gateway =
          PayPalGateway.builder()
              .clientId(PayPalFixtures.CLIENT_ID)
              .clientSecret(PayPalFixtures.CLIENT_SECRET)
              .build();
      assertThat(gateway.toString())
          .contains(PayPalGateway.SANDBOX_BASE_URL)
          .doesNotContain(PayPalFixtures.CLIENT_SECRET);
      assertThat(gateway.id()).isEqualTo("paypal");
      assertThat(gateway.capabilities().multipleCaptures()).isTrue();
      assertThat(gateway.capabilities().idempotencyKeys()).isTrue();
      assertThat(gateway.capabilities().threeDSecure()).isTrue();
    }

    @Test
    void aCardHoldersNameIsSentOnlyWhenGiven() {
      CardData card =
          CardData.builder()
              .number("4111111111111111")
              .expiry(2, 2031)
              .cvc("123")
              .holderName("Jo Doe")
              .build();
      AuthorizeRequest request =
          request(Money.of("9.99", "USD"), false, GatewaySource.card(card), ThreeDSecure.AUTOMATIC);
      wireMock.stubFor(
          createOrder()
              .withRequestBody(matchingJsonPath("$.payment_source.card.name", equalTo("Jo Doe")))
              .withRequestBody(matchingJsonPath("$.payment_source.card.expiry", equalTo("2031-02")))
              .willReturn(
                  PayPalFixtures.json(
                      201, PayPalFixtures.authorizedOrder(request, "CREATED").toString())));
      assertThat(paypal.authorize(request).type()).isEqualTo(GatewayResult.Type.AUTHORIZED);
    }
  }
}
