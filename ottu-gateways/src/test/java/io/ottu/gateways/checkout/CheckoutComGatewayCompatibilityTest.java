package io.ottu.gateways.checkout;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.Gateway;
import io.ottu.gateways.RedactingLoggingInterceptor;
import io.ottu.testkit.GatewayCompatibilityKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@link CheckoutComGateway} passes the gateway compatibility kit, with redacted body logging on.
 */
class CheckoutComGatewayCompatibilityTest extends GatewayCompatibilityKit {
  private static final String KEY = CheckoutComFixtures.SECRET_KEY;

  @Override
  protected Gateway newGateway(String baseUrl, Duration readTimeout) {
    return CheckoutComGateway.builder()
        .secretKey(KEY)
        .baseUrl(baseUrl)
        .readTimeout(readTimeout)
        .connectTimeout(Duration.ofSeconds(2))
        .logging(RedactingLoggingInterceptor.builder().headers(true).bodies(true).build())
        .build();
  }

  @Override
  protected MappingBuilder authorizeEndpoint() {
    return post(urlPathEqualTo("/payments"))
        .withHeader("Authorization", equalTo("Bearer " + KEY))
        .withHeader("Content-Type", equalTo("application/json"))
        .withHeader("Cko-Idempotency-Key", matching("kit-[0-9]+-(authorize|purchase)"))
        .withRequestBody(matchingJsonPath("$.source.type", equalTo("card")))
        .withRequestBody(matchingJsonPath("$.source.number", equalTo(CARD_NUMBER)))
        .withRequestBody(matchingJsonPath("$.source.cvv", equalTo(CARD_CVC)))
        .withRequestBody(matchingJsonPath("$.source.expiry_month", equalTo("12")))
        .withRequestBody(matchingJsonPath("$.source.expiry_year", equalTo("2034")))
        .withRequestBody(matchingJsonPath("$.source.name", equalTo("Kit Tester")))
        .withRequestBody(matchingJsonPath("$.amount", equalTo("1000")))
        .withRequestBody(matchingJsonPath("$.currency", equalTo("USD")))
        .withRequestBody(matchingJsonPath("$.reference", matching("order-kit-[0-9]+")))
        .withRequestBody(matchingJsonPath("$.capture", matching("true|false")))
        .withRequestBody(matchingJsonPath("$['3ds'].enabled", equalTo("true")))
        .withRequestBody(matchingJsonPath("$.success_url", equalTo("https://shop.example/return")))
        .withRequestBody(
            matchingJsonPath("$.metadata.ottu_payment_id", matching("pay_kit_[0-9]+")));
  }

  @Override
  protected int successStatus() {
    return 201;
  }

  @Override
  protected ResponseDefinitionBuilder approvalResponse(AuthorizeRequest request) {
    // A purchase answered as already captured (the documented 201 status Captured); the common
    // asynchronous case (Authorized, capture pending) is covered in CheckoutComGatewayTest.
    String status = request.capture() ? "Captured" : "Authorized";
    return CheckoutComFixtures.json(
        201, CheckoutComFixtures.paymentResponse(request, status, "10000", "Approved").toString());
  }

  @Override
  protected ResponseDefinitionBuilder softDeclineResponse(AuthorizeRequest request) {
    return CheckoutComFixtures.json(
        201,
        CheckoutComFixtures.paymentResponse(
                request, "Declined", "20091", "Issuer unavailable or switch is inoperative")
            .toString());
  }

  @Override
  protected ResponseDefinitionBuilder hardDeclineResponse(AuthorizeRequest request) {
    return CheckoutComFixtures.json(
        201,
        CheckoutComFixtures.paymentResponse(request, "Declined", "30043", "Stolen card - Pick up")
            .toString());
  }

  @Override
  protected ResponseDefinitionBuilder threeDsResponse(AuthorizeRequest request) {
    return CheckoutComFixtures.json(
        202,
        CheckoutComFixtures.accepted(request.reference(), CheckoutComFixtures.REDIRECT).toString());
  }

  @Override
  protected ResponseDefinitionBuilder amountMismatchResponse(AuthorizeRequest request) {
    ObjectNode p = CheckoutComFixtures.paymentResponse(request, "Authorized", "10000", "Approved");
    p.put("amount", 100);
    return CheckoutComFixtures.json(201, p.toString());
  }

  @Override
  protected ResponseDefinitionBuilder currencyMismatchResponse(AuthorizeRequest request) {
    ObjectNode p = CheckoutComFixtures.paymentResponse(request, "Authorized", "10000", "Approved");
    p.put("currency", "EUR");
    return CheckoutComFixtures.json(201, p.toString());
  }

  @Override
  protected ResponseDefinitionBuilder errorResponse(int status) {
    // 401 and gateway errors come without a body (the reference documents none); 429 carries the
    // ValidationError shape with the request id.
    return status == 429
        ? CheckoutComFixtures.json(
            429, "{\"request_id\":\"" + CheckoutComFixtures.REQUEST_ID + "\"}")
        : CheckoutComFixtures.empty(status);
  }

  @Override
  protected String idempotencyHeaderName() {
    return "Cko-Idempotency-Key";
  }

  @Override
  protected List<String> secrets() {
    return List.of(KEY);
  }

  @Override
  protected List<Path> logFiles() {
    return List.of(Path.of("target/test.log"));
  }

  @Override
  protected MappingBuilder lookupEndpoint(String gatewayReference) {
    return get(urlPathEqualTo("/payments/" + gatewayReference))
        .withHeader("Authorization", equalTo("Bearer " + KEY));
  }

  @Override
  protected ResponseDefinitionBuilder lookupResponse(
      AuthorizeRequest request, String gatewayReference) {
    return CheckoutComFixtures.json(
        200,
        CheckoutComFixtures.details(
                gatewayReference,
                request.amount(),
                "Authorized",
                request.paymentId(),
                request.idempotencyKey())
            .toString());
  }

  @Override
  protected ResponseDefinitionBuilder lookupNotFoundResponse(String gatewayReference) {
    return CheckoutComFixtures.empty(404);
  }
}
