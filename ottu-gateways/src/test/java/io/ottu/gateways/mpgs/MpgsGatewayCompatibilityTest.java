package io.ottu.gateways.mpgs;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ottu.Money;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.Gateway;
import io.ottu.gateways.RedactingLoggingInterceptor;
import io.ottu.testkit.GatewayCompatibilityKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link MpgsGateway} passes the gateway compatibility kit, with redacted body logging on.
 *
 * <p>MPGS carries the idempotency value in the URL: the transaction id is the last path segment.
 * MPGS answers transaction requests with HTTP 201.
 *
 * <p>The kit's 3-D Secure test stubs the authorize endpoint with one answer; MPGS's 3-D Secure is a
 * flow of documented requests (create and fill a payment session, {@code INITIATE_AUTHENTICATION},
 * then {@code AUTHENTICATE_PAYER}, whose answer carries the challenge). So {@link
 * #threeDsResponse(AuthorizeRequest)} stubs the first three steps exactly as MPGS answers them,
 * returns the challenge as the answer to {@code AUTHENTICATE_PAYER}, and makes the adapter of that
 * test authenticate {@code AUTOMATIC} payments ({@code authenticateAutomatic(true)}); the kit's
 * assertions run unchanged. Every other test uses the default, which authorizes directly in one
 * request.
 */
class MpgsGatewayCompatibilityTest extends GatewayCompatibilityKit {
  private boolean threeDs;

  @BeforeEach
  void oneRequestAuthorizeByDefault() {
    threeDs = false;
  }

  @Override
  protected Gateway newGateway(String baseUrl, Duration readTimeout) {
    return MpgsGateway.builder()
        .merchantId(MpgsFixtures.MERCHANT)
        .apiPassword(MpgsFixtures.API_PASSWORD)
        .baseUrl(baseUrl)
        .readTimeout(readTimeout)
        .connectTimeout(Duration.ofSeconds(2))
        .authenticateAutomatic(threeDs)
        .logging(RedactingLoggingInterceptor.builder().headers(true).bodies(true).build())
        .build();
  }

  @Override
  protected int successStatus() {
    return 201;
  }

  @Override
  protected MappingBuilder authorizeEndpoint() {
    if (threeDs) {
      return put(urlPathMatching(
              MpgsFixtures.BASE + "/order/pay_kit_[0-9]+/transaction/3ds-[0-9a-f]{36}"))
          .withHeader("Authorization", equalTo(MpgsFixtures.basicAuth()))
          .withHeader("Content-Type", containing("application/json"))
          .withRequestBody(matchingJsonPath("$.apiOperation", equalTo("AUTHENTICATE_PAYER")))
          .withRequestBody(
              matchingJsonPath(
                  "$.authentication.redirectResponseUrl", equalTo("https://shop.example/return")))
          .withRequestBody(matchingJsonPath("$.order.amount", equalTo("10.00")))
          .withRequestBody(matchingJsonPath("$.order.currency", equalTo("USD")))
          .withRequestBody(matchingJsonPath("$.session.id", equalTo(MpgsFixtures.SESSION)));
    }
    return put(urlPathMatching(
            MpgsFixtures.BASE
                + "/order/pay_kit_[0-9]+/transaction/kit-[0-9]+-(authorize|purchase)"))
        .withHeader("Authorization", equalTo(MpgsFixtures.basicAuth()))
        .withHeader("Content-Type", containing("application/json"))
        .withRequestBody(matchingJsonPath("$.apiOperation", matching("AUTHORIZE|PAY")))
        .withRequestBody(matchingJsonPath("$.order.amount", equalTo("10.00")))
        .withRequestBody(matchingJsonPath("$.order.currency", equalTo("USD")))
        .withRequestBody(matchingJsonPath("$.order.reference", matching("order-kit-[0-9]+")))
        .withRequestBody(matchingJsonPath("$.sourceOfFunds.type", equalTo("CARD")))
        .withRequestBody(
            matchingJsonPath("$.sourceOfFunds.provided.card.number", equalTo(CARD_NUMBER)))
        .withRequestBody(
            matchingJsonPath("$.sourceOfFunds.provided.card.securityCode", equalTo(CARD_CVC)))
        .withRequestBody(
            matchingJsonPath("$.sourceOfFunds.provided.card.expiry.month", equalTo("12")))
        .withRequestBody(
            matchingJsonPath("$.sourceOfFunds.provided.card.expiry.year", equalTo("34")))
        .withRequestBody(
            matchingJsonPath("$.sourceOfFunds.provided.card.nameOnCard", equalTo("Kit Tester")));
  }

  @Override
  protected ResponseDefinitionBuilder approvalResponse(AuthorizeRequest request) {
    return answer(request, "SUCCESS", "APPROVED", 201);
  }

  @Override
  protected ResponseDefinitionBuilder softDeclineResponse(AuthorizeRequest request) {
    return answer(request, "FAILURE", "DECLINED", 201);
  }

  @Override
  protected ResponseDefinitionBuilder hardDeclineResponse(AuthorizeRequest request) {
    return answer(request, "FAILURE", "INSUFFICIENT_FUNDS", 201);
  }

  @Override
  protected ResponseDefinitionBuilder threeDsResponse(AuthorizeRequest request) {
    threeDs = true;
    wireMock()
        .stubFor(
            post(urlPathEqualTo(MpgsFixtures.BASE + "/session"))
                .withHeader("Authorization", equalTo(MpgsFixtures.basicAuth()))
                .willReturn(MpgsFixtures.sessionCreated()));
    wireMock()
        .stubFor(
            put(urlPathEqualTo(MpgsFixtures.BASE + "/session/" + MpgsFixtures.SESSION))
                .withHeader("Authorization", equalTo(MpgsFixtures.basicAuth()))
                .withRequestBody(
                    matchingJsonPath("$.sourceOfFunds.provided.card.number", equalTo(CARD_NUMBER)))
                .willReturn(MpgsFixtures.sessionUpdated("SUCCESS")));
    wireMock()
        .stubFor(
            put(urlPathMatching(
                    MpgsFixtures.BASE + "/order/pay_kit_[0-9]+/transaction/3ds-[0-9a-f]{36}"))
                .withRequestBody(
                    matchingJsonPath("$.apiOperation", equalTo("INITIATE_AUTHENTICATION")))
                .willReturn(
                    MpgsFixtures.json(
                        201,
                        MpgsFixtures.initiated(
                                request.paymentId(),
                                "3ds",
                                "USD",
                                "AUTHENTICATION_AVAILABLE",
                                "PROCEED")
                            .toString())));
    return MpgsFixtures.json(
        201,
        MpgsFixtures.authenticated(
                request.paymentId(),
                "3ds",
                request.amount(),
                "AUTHENTICATION_PENDING",
                "PROCEED",
                MpgsFixtures.CHALLENGE_HTML,
                false)
            .toString());
  }

  @Override
  protected ResponseDefinitionBuilder amountMismatchResponse(AuthorizeRequest request) {
    ObjectNode body = body(request, "SUCCESS", "APPROVED");
    ((ObjectNode) body.get("transaction")).put("amount", 9.99);
    ((ObjectNode) body.get("order")).put("amount", 9.99);
    return MpgsFixtures.json(201, body.toString());
  }

  @Override
  protected ResponseDefinitionBuilder currencyMismatchResponse(AuthorizeRequest request) {
    ObjectNode body = body(request, "SUCCESS", "APPROVED");
    ((ObjectNode) body.get("transaction")).put("currency", "EUR");
    ((ObjectNode) body.get("order")).put("currency", "EUR");
    return MpgsFixtures.json(201, body.toString());
  }

  @Override
  protected ResponseDefinitionBuilder errorResponse(int status) {
    return switch (status) {
      case 401 -> MpgsFixtures.error(401, "INVALID_REQUEST", "Invalid credentials.", null, null);
      case 500 ->
          MpgsFixtures.error(
              500, "SERVER_FAILED", "There was an internal system failure.", null, null);
      default ->
          MpgsFixtures.error(
              status,
              "SERVER_BUSY",
              "The server did not have enough resources to process the request at the moment.",
              null,
              null);
    };
  }

  @Override
  protected String idempotencyHeaderName() {
    return null;
  }

  @Override
  protected String requestIdempotencyValue(LoggedRequest request) {
    String path = request.getUrl();
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    return path.substring(path.lastIndexOf('/') + 1);
  }

  @Override
  protected String expectedIdempotencyValue(AuthorizeRequest request) {
    return MpgsIds.transactionId(request.idempotencyKey());
  }

  @Override
  protected List<String> secrets() {
    return List.of(MpgsFixtures.API_PASSWORD);
  }

  @Override
  protected List<Path> logFiles() {
    return List.of(Path.of("target/test.log"));
  }

  @Override
  protected MappingBuilder lookupEndpoint(String gatewayReference) {
    String path =
        gatewayReference.equals(MISSING_REFERENCE)
            ? MpgsFixtures.BASE + "/order/pay_kit_[0-9]+/transaction/kit-[0-9]+-authorize"
            : MpgsFixtures.BASE + "/order/" + gatewayReference.replace("/", "/transaction/");
    return get(urlPathMatching(path))
        .withHeader("Authorization", equalTo(MpgsFixtures.basicAuth()));
  }

  @Override
  protected ResponseDefinitionBuilder lookupResponse(
      AuthorizeRequest request, String gatewayReference) {
    return answer(request, "SUCCESS", "APPROVED", 200);
  }

  @Override
  protected ResponseDefinitionBuilder lookupNotFoundResponse(String gatewayReference) {
    // The public sources do not show MPGS's exact "no such order" answer; HTTP 404 with the error
    // envelope is what the adapter documents as "no record".
    return MpgsFixtures.error(404, "INVALID_REQUEST", "Order not found", "orderId", "INVALID");
  }

  private static ResponseDefinitionBuilder answer(
      AuthorizeRequest request, String result, String code, int status) {
    return MpgsFixtures.json(status, body(request, result, code).toString());
  }

  private static ObjectNode body(AuthorizeRequest request, String result, String code) {
    Money amount = request.amount();
    return MpgsFixtures.transaction(
        result,
        code,
        request.capture() ? "PAYMENT" : "AUTHORIZATION",
        request.paymentId(),
        MpgsIds.transactionId(request.idempotencyKey()),
        amount);
  }
}
