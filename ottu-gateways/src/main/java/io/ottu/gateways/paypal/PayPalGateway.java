package io.ottu.gateways.paypal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ottu.CardBrand;
import io.ottu.CardData;
import io.ottu.Decline;
import io.ottu.InvalidRequestException;
import io.ottu.Money;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.DeclineTable;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import io.ottu.gateways.GatewayBuilder;
import io.ottu.gateways.RedactingLoggingInterceptor;
import io.ottu.gateways.internal.AmountCodec;
import io.ottu.gateways.internal.GatewayHttpClients;
import io.ottu.gateways.internal.GatewaySettings;
import io.ottu.gateways.internal.GatewayTransport;
import io.ottu.gateways.internal.HttpReply;
import io.ottu.gateways.internal.Json;
import io.ottu.gateways.internal.ResolvedUrls;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * PayPal, through the Orders v2 and Payments v2 REST APIs with an OAuth 2.0 client-credentials
 * token: {@code POST /v2/checkout/orders} with the card (or a vaulted payment source, or a PayPal
 * wallet checkout) and {@code intent} {@code AUTHORIZE} or {@code CAPTURE}, then {@code POST
 * /v2/payments/authorizations/{id}/capture}, {@code .../void}, {@code POST
 * /v2/payments/captures/{id}/refund}, and {@code GET /v2/checkout/orders/{id}} to look up and to
 * finish 3-D Secure or the shopper's approval.
 *
 * <pre>{@code
 * Gateway paypal = PayPalGateway.builder()
 *     .clientId(System.getenv("PAYPAL_CLIENT_ID"))
 *     .clientSecret(System.getenv("PAYPAL_CLIENT_SECRET"))
 *     .baseUrl(PayPalGateway.LIVE_BASE_URL)          // the sandbox by default
 *     .build();
 * }</pre>
 *
 * <h2>Authentication</h2>
 *
 * {@code POST /v1/oauth2/token} with HTTP Basic {@code client_id:secret} and {@code
 * grant_type=client_credentials} yields a Bearer token, which is cached and replaced {@link
 * Builder#tokenRefreshMargin(Duration) a margin} before its {@code expires_in}, one refresh at a
 * time however many threads need it. A 401 on a call made with a cached token drops that token and
 * repeats the call once with a new one (PayPal authenticates before it processes anything, and the
 * repeat carries the same {@code PayPal-Request-Id}); a 401 with a token fetched for the call is a
 * credentials problem at once. If no token can be had, the payment request was never sent: {@code
 * NOT_SENT} when PayPal could not be reached, {@code UNAVAILABLE} when its token service failed,
 * {@code REJECTED} with {@code credentialsProblem()} for a wrong client id or secret. The secret
 * and the tokens are never logged.
 *
 * <h2>Wire protocol</h2>
 *
 * JSON bodies; {@code Prefer: return=representation} on every POST, so every answer carries the
 * full object and its amounts; {@code PayPal-Request-Id} set to the engine's idempotency key on
 * every POST that takes it (create order, authorize and capture order, capture authorization,
 * refund), so a retry after an unknown outcome returns PayPal's stored answer instead of charging
 * again (orders keep keys 6 hours, payments 45 days). The void endpoint takes no {@code
 * PayPal-Request-Id} in PayPal's specification and none is sent: a void is idempotent by nature,
 * and a repeated one is answered {@code PREVIOUSLY_VOIDED}, which this adapter reports as
 * cancelled. The order's single purchase unit carries {@code reference_id} and {@code custom_id}
 * set to the payment id and {@code invoice_id} set to the host's reference: PayPal refuses a second
 * completed payment with the same invoice id ({@code DUPLICATE_INVOICE_ID}), which guards against
 * paying one order twice. Host metadata has no PayPal field and is not sent.
 *
 * <h2>Payment sources</h2>
 *
 * <ul>
 *   <li>A card: {@code payment_source.card} with {@code number}, {@code expiry} ({@code YYYY-MM}),
 *       {@code security_code} and {@code name} (PayPal's advanced card processing; the account must
 *       be enabled for it). {@link ThreeDSecure#REQUIRED} sends {@code
 *       attributes.verification.method=SCA_ALWAYS}, {@link ThreeDSecure#AUTOMATIC} {@code
 *       SCA_WHEN_REQUIRED}, {@link ThreeDSecure#SKIP} nothing (PayPal then applies {@code
 *       SCA_WHEN_REQUIRED}: it cannot be told to skip a mandated authentication). The return URL is
 *       sent as {@code experience_context.return_url} and {@code cancel_url}.
 *   <li>A gateway token {@value #WALLET_CHECKOUT}: a PayPal wallet checkout. The order is created
 *       with {@code payment_source.paypal.experience_context} (return and cancel URL, {@code
 *       PAY_NOW}); the shopper approves at the {@code payer-action} link; {@code completeAction}
 *       then authorizes or captures the order.
 *   <li>A gateway token {@code card:VAULT_ID}: a card saved in PayPal's vault ({@code
 *       payment_source.card.vault_id}).
 *   <li>Any other gateway token: a PayPal wallet saved in PayPal's vault ({@code
 *       payment_source.paypal.vault_id}); a {@code paypal:} prefix is allowed.
 * </ul>
 *
 * <h2>References</h2>
 *
 * The engine hands back only the {@code gatewayReference} (and, for refunds, the last capture's
 * transaction reference), while PayPal needs an order id to look up, an authorization id to capture
 * or void, and a capture id to refund. So the reference names all it needs: {@code ORDER_ID} while
 * the shopper acts, {@code ORDER_ID/authorizations/AUTHORIZATION_ID} once authorized, {@code
 * ORDER_ID/captures/CAPTURE_ID} once purchased. Results carry the authorization, capture or refund
 * id as their transaction reference. Treat the reference as opaque.
 *
 * <h2>Amounts</h2>
 *
 * {@code {currency_code, value}} with {@code value} a decimal string in major units: two decimals,
 * and none for HUF, JPY and TWD, where PayPal refuses decimals ({@code "1500"}). Only the 24
 * currencies of PayPal's REST currency list are accepted ({@link #SUPPORTED_CURRENCIES}; there is
 * no KWD or BHD, so routing never offers PayPal such a payment); an amount in another currency, or
 * with a fraction PayPal cannot take (HUF 10.50), fails with {@link InvalidRequestException} on
 * {@code amount} before anything is sent. Every result reports the amount and currency PayPal
 * answered with.
 *
 * <h2>Statuses and failures</h2>
 *
 * A completed order is read through its payment: authorization {@code CREATED} authorized, {@code
 * PENDING} pending, {@code DENIED} declined; capture {@code COMPLETED} captured, {@code PENDING}
 * pending, {@code DECLINED} or {@code FAILED} declined. {@code PAYER_ACTION_REQUIRED} (3-D Secure)
 * and {@code CREATED} (wallet) are a redirect to the {@code payer-action} or {@code approve} link.
 * Declines come with the processor's {@code processor_response.response_code} or as 422 issues
 * ({@code INSTRUMENT_DECLINED}, {@code TRANSACTION_REFUSED}, ...) and are mapped through the {@link
 * DeclineTable} ({@link #defaultDeclineTable()} unless the builder got another). Other errors are
 * classified as {@code PayPalResponses} and DESIGN §2 describe: 409 {@code
 * PREVIOUS_REQUEST_IN_PROGRESS} an unknown outcome with a retry delay, 403 a permission problem,
 * 429 and 503 unavailable, 500 an unknown outcome; every exception carries PayPal's debug id.
 *
 * <h2>Lookup</h2>
 *
 * PayPal can be asked about a payment only by its ids: {@code GET /v2/checkout/orders/{id}} for an
 * authorization or purchase, {@code GET /v2/payments/authorizations/{id}} for a capture or void,
 * and the order's refund list (refunds carry the idempotency key as {@code custom_id}) for a
 * refund. There is no lookup by merchant reference: Transaction Search ({@code
 * /v1/reporting/transactions}) filters by transaction id, date, amount and status, but not by
 * {@code invoice_id} or {@code custom_id}. So a lookup without the order id (the create call's
 * answer was lost) throws {@code REJECTED} ({@code lookup_needs_order_id}) rather than guess; the
 * payment then stays unknown, and the engine's retry of the create call with the same {@code
 * PayPal-Request-Id} is what recovers PayPal's answer. A lookup answers "no record" only when
 * PayPal positively says so: the order id is unknown (404 {@code RESOURCE_NOT_FOUND}; a bare 404
 * from a wrong base URL proves nothing), or the authorization shows that the capture or void in
 * question never ran, or the order shows no refund at all.
 *
 * <p>Thread-safe and immutable; one instance serves every payment. Nothing is retried inside except
 * the single repeat after a stale token's 401: the engine owns retries. Card data, the secret and
 * tokens are never logged (see {@link RedactingLoggingInterceptor} to log traffic, redacted).
 *
 * <p>Sources: PayPal's OpenAPI specifications ({@code paypal/paypal-rest-api-specifications}:
 * {@code openapi/checkout_orders_v2.json}, {@code openapi/payments_payment_v2.json}), the processor
 * response codes of {@code paypal/PayPal-Java-Server-SDK}, and developer.paypal.com
 * (authentication, idempotency, currency codes, 3-D Secure with the Orders API).
 */
public final class PayPalGateway implements Gateway {
  /** PayPal's sandbox, the default. */
  public static final String SANDBOX_BASE_URL = "https://api-m.sandbox.paypal.com";

  /** PayPal's live API. */
  public static final String LIVE_BASE_URL = "https://api-m.paypal.com";

  /** The gateway token that starts a PayPal wallet checkout (the shopper approves at PayPal). */
  public static final String WALLET_CHECKOUT = "paypal";

  /** The prefix of a gateway token naming a card in PayPal's vault: {@code card:VAULT_ID}. */
  public static final String VAULTED_CARD_PREFIX = "card:";

  /** The currencies of PayPal's REST API (developer.paypal.com/reference/currency-codes). */
  public static final Set<String> SUPPORTED_CURRENCIES =
      Set.of(
          "AUD", "BRL", "CAD", "CNY", "CZK", "DKK", "EUR", "HKD", "HUF", "ILS", "JPY", "MYR", "MXN",
          "TWD", "NZD", "NOK", "PHP", "PLN", "GBP", "SGD", "SEK", "CHF", "THB", "USD");

  /** PayPal's rules for amounts: two decimals, none for HUF, JPY and TWD. */
  static final AmountCodec AMOUNTS =
      AmountCodec.builder("PayPal").exponent(0, "HUF", "JPY", "TWD").build();

  static final String USER_AGENT = "ottu-java";

  /** {@code PayPal-Request-Id} length in the Orders specification. */
  static final int MAX_REQUEST_ID = 108;

  private static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern VAULT_ID = Pattern.compile("[0-9a-zA-Z_-]{1,255}");
  private static final Pattern CUSTOM_ID = Pattern.compile("[A-Za-z0-9-_.,]{1,127}");
  private static final int MAX_TEXT = 127;

  /**
   * 422 issues of an order's authorize or capture call that mean the order is not where the adapter
   * thought: the order itself is then read and reported.
   */
  private static final Set<String> REREAD_ISSUES =
      Set.of(
          "PAYER_ACTION_REQUIRED",
          "ORDER_NOT_APPROVED",
          "ORDER_ALREADY_CAPTURED",
          "ORDER_ALREADY_AUTHORIZED",
          "ORDER_COMPLETION_IN_PROGRESS");

  private final String id;
  private final GatewayCapabilities capabilities;
  private final HttpUrl baseUrl;
  private final ResolvedUrls urls;
  private final GatewayTransport transport;
  private final PayPalAccessTokens tokens;
  private final PayPalResponses responses;

  private PayPalGateway(Builder b, GatewaySettings s) {
    this.id = s.id();
    this.capabilities = s.capabilities();
    this.baseUrl = s.baseUrl();
    this.urls = new ResolvedUrls(this.baseUrl);
    this.transport = s.transport();
    this.tokens =
        new PayPalAccessTokens(
            s.id(),
            transport,
            GatewayHttpClients.resolve(baseUrl, "/v1/oauth2/token").build(),
            Credentials.basic(b.clientId, b.clientSecret, StandardCharsets.UTF_8),
            s.clock(),
            b.tokenRefreshMargin);
    this.responses = new PayPalResponses(s.id(), s.declineTable(), AMOUNTS);
  }

  /**
   * A builder; {@link Builder#clientId(String)} and {@link Builder#clientSecret(String)} are
   * required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The curated decline table from PayPal's processor response codes and decline issues; a starting
   * point for {@link DeclineTable#withOverride}.
   */
  public static DeclineTable defaultDeclineTable() {
    return PayPalDeclines.DEFAULT;
  }

  /**
   * What PayPal can do by default: the currencies of {@link #SUPPORTED_CURRENCIES}, the card brands
   * PayPal's card fields accept, every operation (lookup needs PayPal's order id, see the class
   * description), 3-D Secure, idempotency keys ({@code PayPal-Request-Id}), partial and multiple
   * captures per authorization ({@code final_capture}), partial refunds.
   */
  public static GatewayCapabilities defaultCapabilities() {
    return GatewayCapabilities.builder()
        .currencies(SUPPORTED_CURRENCIES.stream().sorted().toArray(String[]::new))
        .brands(
            CardBrand.VISA,
            CardBrand.MASTERCARD,
            CardBrand.AMERICAN_EXPRESS,
            CardBrand.DISCOVER,
            CardBrand.JCB,
            CardBrand.DINERS_CLUB,
            CardBrand.MAESTRO,
            CardBrand.UNIONPAY)
        .threeDSecure(true)
        .idempotencyKeys(true)
        .partialCapture(true)
        .multipleCaptures(true)
        .partialRefund(true)
        .build();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public GatewayCapabilities capabilities() {
    return capabilities;
  }

  /**
   * The adapter bounds each operation itself, all its HTTP exchanges included: {@code callTimeout}
   * of its builder, 30 s by default.
   */
  @Override
  public Optional<Duration> callTimeout() {
    return Optional.of(transport.callTimeout());
  }

  // ---- authorize and purchase ------------------------------------------------------------------

  /**
   * Creates an order with intent {@code AUTHORIZE} (or {@code CAPTURE} for a purchase) and the
   * payment source, which PayPal processes at once; an order PayPal answers {@code APPROVED} is
   * authorized or captured in a second call, with a {@code PayPal-Request-Id} derived from the
   * request's key.
   *
   * @throws InvalidRequestException before sending, for an amount PayPal cannot take, an
   *     idempotency key PayPal cannot carry, an over-long reference, a malformed vault id, or a
   *     wallet checkout without a return URL
   * @throws GatewayException classified as the class description says
   */
  @Override
  public GatewayResult authorize(AuthorizeRequest request) {
    return transport.withinCallTimeout(() -> authorizeWithin(request));
  }

  private GatewayResult authorizeWithin(AuthorizeRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    ObjectNode amount = amount(request.amount());
    checkLength("reference", request.reference());
    checkLength("paymentId", request.paymentId());
    ObjectNode body = Json.MAPPER.createObjectNode();
    String intent = request.capture() ? "CAPTURE" : "AUTHORIZE";
    body.put("intent", intent);
    ObjectNode unit = body.putArray("purchase_units").addObject();
    unit.put("reference_id", request.paymentId());
    unit.put("custom_id", request.paymentId());
    unit.put("invoice_id", request.reference());
    if (request.description() != null && !request.description().isBlank()) {
      unit.put("description", truncate(request.description(), MAX_TEXT));
    }
    unit.set("amount", amount);
    body.set("payment_source", paymentSource(request));

    HttpReply reply = send(Call.post(url("/v2/checkout/orders"), body, key));
    if (reply.isSuccessful()) {
      JsonNode order = reply.json();
      if ("APPROVED".equals(Json.text(order, "status")) && Json.text(order, "id") != null) {
        return finish(Json.text(order, "id"), intent, derivedKey(key, "complete"));
      }
      return responses.order(reply, order);
    }
    PayPalResponses.PayPalError error = responses.error(reply);
    if (responses.isDecline(reply, error)
        || (reply.status() == 422 && "PAYER_ACTION_REQUIRED".equals(error.issue()))) {
      // No order id comes with a 422; PAYER_ACTION_REQUIRED steps up to 3-D Secure by the table.
      return responses.decline(error, null);
    }
    throw responses.failure(reply, error);
  }

  private ObjectNode paymentSource(AuthorizeRequest request) {
    ObjectNode source = Json.MAPPER.createObjectNode();
    Optional<CardData> card = request.source().card();
    if (card.isPresent()) {
      CardData c = card.get();
      ObjectNode json = source.putObject("card");
      c.holderName().filter(n -> !n.isBlank()).ifPresent(n -> json.put("name", n));
      json.put("number", c.number());
      json.put("expiry", String.format("%04d-%02d", c.expiryYear(), c.expiryMonth()));
      c.cvc().ifPresent(cvc -> json.put("security_code", cvc));
      cardOptions(json, request);
      return source;
    }
    String token = request.source().gatewayToken().orElseThrow().strip();
    if (token.equals(WALLET_CHECKOUT)) {
      String returnUrl = request.returnUrl();
      if (returnUrl == null || returnUrl.isBlank()) {
        throw new InvalidRequestException(
            "returnUrl", "a PayPal wallet checkout needs a URL to bring the shopper back to");
      }
      ObjectNode context = source.putObject("paypal").putObject("experience_context");
      context.put("user_action", "PAY_NOW");
      context.put("return_url", returnUrl);
      context.put("cancel_url", returnUrl);
      return source;
    }
    if (token.startsWith(VAULTED_CARD_PREFIX)) {
      ObjectNode json = source.putObject("card");
      json.put("vault_id", vaultId(token.substring(VAULTED_CARD_PREFIX.length())));
      cardOptions(json, request);
      return source;
    }
    String vaultId = token.startsWith("paypal:") ? token.substring("paypal:".length()) : token;
    source.putObject("paypal").put("vault_id", vaultId(vaultId));
    return source;
  }

  private static void cardOptions(ObjectNode card, AuthorizeRequest request) {
    if (request.threeDSecure() != ThreeDSecure.SKIP) {
      card.putObject("attributes")
          .putObject("verification")
          .put(
              "method",
              request.threeDSecure() == ThreeDSecure.REQUIRED ? "SCA_ALWAYS" : "SCA_WHEN_REQUIRED");
    }
    if (request.returnUrl() != null && !request.returnUrl().isBlank()) {
      ObjectNode context = card.putObject("experience_context");
      context.put("return_url", request.returnUrl());
      context.put("cancel_url", request.returnUrl());
    }
  }

  /**
   * Authorizes or captures an approved order ({@code POST /v2/checkout/orders/{id}/authorize} or
   * {@code /capture}) and reads the completed order.
   */
  private GatewayResult finish(String orderId, String intent, String requestId) {
    HttpUrl url =
        url("/v2/checkout/orders")
            .newBuilder()
            .addPathSegment(orderId)
            .addPathSegment("CAPTURE".equals(intent) ? "capture" : "authorize")
            .build();
    HttpReply reply = send(Call.post(url, Json.MAPPER.createObjectNode(), requestId));
    if (reply.isSuccessful()) {
      return responses.order(reply, reply.json());
    }
    PayPalResponses.PayPalError error = responses.error(reply);
    String ref = PayPalReference.order(orderId).toString();
    if (responses.isDecline(reply, error)) {
      return responses.decline(error, ref);
    }
    if (reply.status() == 422 && error.issue() != null && REREAD_ISSUES.contains(error.issue())) {
      // The order is not where we thought (the shopper must act again, or an earlier call already
      // completed it): PayPal's order itself is the answer.
      return readOrder(orderId).orElseThrow(() -> responses.failure(reply, error));
    }
    throw responses.failure(reply, error);
  }

  // ---- capture, cancel, refund -----------------------------------------------------------------

  /**
   * Captures (part of) the authorization: {@code POST /v2/payments/authorizations/{id}/capture}
   * with {@code amount} and {@code final_capture}.
   *
   * @throws InvalidRequestException if the reference names no authorization (a purchase, or an
   *     order still waiting for the shopper), or the amount cannot be sent
   */
  @Override
  public GatewayResult capture(CaptureRequest request) {
    return transport.withinCallTimeout(() -> captureWithin(request));
  }

  private GatewayResult captureWithin(CaptureRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    PayPalReference ref = PayPalReference.parse("gatewayReference", request.gatewayReference());
    String authorizationId = ref.authorizationId("gatewayReference");
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("amount", amount(request.amount()));
    body.put("final_capture", request.finalCapture());
    HttpReply reply = send(Call.post(authorizationUrl(authorizationId, "capture"), body, key));
    if (reply.isSuccessful()) {
      return responses.capture(reply, reply.json(), request.gatewayReference());
    }
    PayPalResponses.PayPalError error = responses.error(reply);
    if (responses.isDecline(reply, error)) {
      return responses.decline(error, request.gatewayReference());
    }
    throw responses.failure(reply, error);
  }

  /**
   * Voids the authorization ({@code POST /v2/payments/authorizations/{id}/void}); a second void is
   * answered {@code PREVIOUSLY_VOIDED} and reported as cancelled. An order still waiting for the
   * shopper has nothing to void: PayPal never completes it without this adapter's authorize or
   * capture call, so it is reported cancelled after reading it (an order found completed meanwhile
   * has its authorization voided; a captured one cannot be cancelled).
   */
  @Override
  public GatewayResult cancel(CancelRequest request) {
    return transport.withinCallTimeout(() -> cancelWithin(request));
  }

  private GatewayResult cancelWithin(CancelRequest request) {
    PayPalReference ref = PayPalReference.parse("gatewayReference", request.gatewayReference());
    if (ref.kind() == PayPalReference.Kind.ORDER) {
      return cancelOrder(ref);
    }
    return voidAuthorization(ref.authorizationId("gatewayReference"), ref.toString());
  }

  private GatewayResult voidAuthorization(String authorizationId, String ref) {
    HttpReply reply = send(Call.postWithoutBody(authorizationUrl(authorizationId, "void")));
    if (reply.status() == 204) {
      return GatewayResult.cancelled(ref).withTransactionReference(authorizationId);
    }
    if (reply.isSuccessful()) {
      return responses.voided(reply, reply.json(), ref);
    }
    PayPalResponses.PayPalError error = responses.error(reply);
    if (reply.status() == 422 && "PREVIOUSLY_VOIDED".equals(error.issue())) {
      return GatewayResult.cancelled(ref)
          .withRawStatus("PREVIOUSLY_VOIDED")
          .withTransactionReference(authorizationId);
    }
    throw responses.failure(reply, error);
  }

  private GatewayResult cancelOrder(PayPalReference ref) {
    HttpReply reply = send(Call.get(orderUrl(ref.orderId())));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    GatewayResult state = responses.order(reply, reply.json());
    PayPalReference now =
        state.gatewayReference().map(r -> PayPalReference.parse("gatewayReference", r)).orElse(ref);
    boolean charged =
        state.type() == GatewayResult.Type.AUTHORIZED
            || state.type() == GatewayResult.Type.CAPTURED
            || state.type() == GatewayResult.Type.PENDING;
    if (charged && now.kind() == PayPalReference.Kind.AUTHORIZATION) {
      return voidAuthorization(now.paymentId(), now.toString());
    }
    if (charged && now.kind() == PayPalReference.Kind.CAPTURE) {
      throw GatewayException.rejected(
          id,
          "the PayPal order " + ref.orderId() + " was captured meanwhile; refund it instead",
          0,
          "ORDER_ALREADY_CAPTURED");
    }
    // Waiting for the shopper, voided or declined: nothing can be charged without our call.
    return GatewayResult.cancelled(ref.toString()).withRawStatus(state.rawStatus().orElse(null));
  }

  /**
   * Refunds (part of) a capture: {@code POST /v2/payments/captures/{id}/refund} with {@code
   * amount}, {@code custom_id} set to the idempotency key (so a lookup can find the refund) and the
   * reason as {@code note_to_payer}.
   *
   * @throws InvalidRequestException if neither the capture reference nor the payment's reference
   *     names a capture, or the amount cannot be sent
   */
  @Override
  public GatewayResult refund(RefundRequest request) {
    return transport.withinCallTimeout(() -> refundWithin(request));
  }

  private GatewayResult refundWithin(RefundRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    String captureId = captureId(request);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("amount", amount(request.amount()));
    if (CUSTOM_ID.matcher(key).matches()) {
      body.put("custom_id", key);
    }
    if (request.reason() != null && !request.reason().isBlank()) {
      body.put("note_to_payer", truncate(request.reason(), 255));
    }
    HttpUrl url =
        url("/v2/payments/captures")
            .newBuilder()
            .addPathSegment(captureId)
            .addPathSegment("refund")
            .build();
    HttpReply reply = send(Call.post(url, body, key));
    if (reply.isSuccessful()) {
      return responses.refund(reply, reply.json(), request.gatewayReference());
    }
    throw responses.failure(reply);
  }

  private static String captureId(RefundRequest request) {
    String given = request.captureReference();
    if (given != null && !given.isBlank()) {
      if (!given.contains("/")) {
        return given.strip();
      }
      PayPalReference ref = PayPalReference.parse("captureReference", given);
      if (ref.kind() == PayPalReference.Kind.CAPTURE) {
        return ref.paymentId();
      }
    }
    PayPalReference ref = PayPalReference.parse("gatewayReference", request.gatewayReference());
    if (ref.kind() == PayPalReference.Kind.CAPTURE) {
      return ref.paymentId();
    }
    throw new InvalidRequestException(
        "captureReference", "PayPal refunds a capture: the capture's id is needed");
  }

  // ---- lookup ----------------------------------------------------------------------------------

  /**
   * Asks PayPal about an operation, by the ids in the reference (see the class description).
   *
   * @return PayPal's answer, or empty when PayPal positively has no record: the order id is unknown
   *     (404 {@code RESOURCE_NOT_FOUND}), or the authorization shows the capture or void never ran
   * @throws GatewayException {@code REJECTED} ({@code lookup_needs_order_id}) without the order id;
   *     {@code UNKNOWN_OUTCOME} when PayPal's records cannot tell which capture or refund was ours;
   *     classified failures when PayPal could not be asked
   */
  @Override
  public Optional<GatewayResult> lookup(LookupRequest request) {
    return transport.withinCallTimeout(() -> lookupWithin(request));
  }

  private Optional<GatewayResult> lookupWithin(LookupRequest request) {
    if (request.gatewayReference() == null || request.gatewayReference().isBlank()) {
      throw GatewayException.rejected(
          id,
          "PayPal cannot look a payment up by merchant reference (Transaction Search cannot filter"
              + " by invoice_id or custom_id) and no PayPal order id is known for payment "
              + request.paymentId()
              + "; retrying the operation with the same PayPal-Request-Id replays PayPal's answer",
          0,
          "lookup_needs_order_id");
    }
    PayPalReference ref = PayPalReference.parse("gatewayReference", request.gatewayReference());
    return switch (request.operation()) {
      case CAPTURE -> lookupCapture(request, ref);
      case CANCEL -> lookupCancel(ref);
      case REFUND -> lookupRefund(request, ref);
      default -> readOrder(ref.orderId());
    };
  }

  private Optional<GatewayResult> readOrder(String orderId) {
    HttpReply reply = send(Call.get(orderUrl(orderId)));
    if (responses.isNotFound(reply)) {
      return Optional.empty();
    }
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    return Optional.of(responses.order(reply, reply.json()));
  }

  private Optional<JsonNode> readAuthorization(String authorizationId, HttpReply[] replyOut) {
    HttpReply reply = send(Call.get(authorizationUrl(authorizationId, null)));
    replyOut[0] = reply;
    if (responses.isNotFound(reply)) {
      return Optional.empty();
    }
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    return Optional.of(reply.json());
  }

  private Optional<GatewayResult> lookupCancel(PayPalReference ref) {
    if (ref.kind() == PayPalReference.Kind.ORDER) {
      // Nothing to void on an order without a payment: see cancel(); its state is the order's.
      return readOrder(ref.orderId());
    }
    HttpReply[] reply = new HttpReply[1];
    Optional<JsonNode> authorization =
        readAuthorization(ref.authorizationId("gatewayReference"), reply);
    if (authorization.isEmpty()) {
      return Optional.empty();
    }
    String status = Json.text(authorization.get(), "status");
    if ("VOIDED".equals(status)) {
      return Optional.of(responses.voided(reply[0], authorization.get(), ref.toString()));
    }
    if ("CREATED".equals(status) || "PENDING".equals(status)) {
      return Optional.empty(); // still open: the void never ran
    }
    throw reply[0].unknownOutcome(
        "the authorization is " + status + "; whether the void in question ran cannot be told");
  }

  private Optional<GatewayResult> lookupCapture(LookupRequest request, PayPalReference ref) {
    if (ref.kind() == PayPalReference.Kind.CAPTURE) {
      // A purchase: its capture is the order's.
      return readOrder(ref.orderId());
    }
    HttpReply[] reply = new HttpReply[1];
    Optional<JsonNode> authorization =
        readAuthorization(ref.authorizationId("gatewayReference"), reply);
    if (authorization.isEmpty()) {
      return Optional.empty();
    }
    String status = Json.text(authorization.get(), "status");
    if ("CREATED".equals(status) || "PENDING".equals(status)) {
      return Optional.empty(); // nothing was ever captured on it
    }
    Money authorized =
        responses.amount(reply[0], Json.object(authorization.get(), "amount"), "amount");
    if (("CAPTURED".equals(status) || "PARTIALLY_CAPTURED".equals(status))
        && authorized.equals(request.amount())) {
      // A capture of the full authorized amount can only be the first and only one: find it.
      HttpReply orderReply = send(Call.get(orderUrl(ref.orderId())));
      if (!orderReply.isSuccessful()) {
        throw responses.failure(orderReply);
      }
      JsonNode captures =
          orderReply.json().path("purchase_units").path(0).path("payments").path("captures");
      if (captures.isArray() && captures.size() == 1) {
        GatewayResult found =
            responses.capture(orderReply, captures.get(0), request.gatewayReference());
        if (found.amount().map(request.amount()::equals).orElse(false)) {
          return Optional.of(found);
        }
      }
    }
    throw reply[0].unknownOutcome(
        "the authorization is "
            + status
            + "; PayPal's records do not tell which capture was this one (retrying the capture"
            + " with the same PayPal-Request-Id replays PayPal's answer)");
  }

  private Optional<GatewayResult> lookupRefund(LookupRequest request, PayPalReference ref) {
    HttpReply reply = send(Call.get(orderUrl(ref.orderId())));
    if (responses.isNotFound(reply)) {
      return Optional.empty();
    }
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    JsonNode payments = reply.json().path("purchase_units").path(0).path("payments");
    for (JsonNode refund : payments.path("refunds")) {
      if (request.idempotencyKey().equals(Json.text(refund, "custom_id"))) {
        return Optional.of(responses.refund(reply, refund, request.gatewayReference()));
      }
    }
    boolean anyRefund = payments.path("refunds").size() > 0;
    for (JsonNode capture : payments.path("captures")) {
      String status = Json.text(capture, "status");
      anyRefund |= "REFUNDED".equals(status) || "PARTIALLY_REFUNDED".equals(status);
    }
    if (!anyRefund) {
      return Optional.empty(); // PayPal shows no refund at all on the order
    }
    throw reply.unknownOutcome(
        "the order has refunds but none carries this refund's key as custom_id");
  }

  // ---- complete action -------------------------------------------------------------------------

  /**
   * Finishes a payment after 3-D Secure or the shopper's wallet approval: reads the order, and if
   * PayPal has it {@code APPROVED}, authorizes or captures it (by the order's intent) with the
   * request's key as {@code PayPal-Request-Id}. A shopper who failed 3-D Secure ({@code
   * authentication_status} N or R) is a hard decline without that call; an order still waiting for
   * the shopper is reported as still requiring the action; a completed one as it is.
   *
   * @throws InvalidRequestException if no order id is known, or the return names another order, or
   *     the order belongs to another payment
   */
  @Override
  public GatewayResult completeAction(CompleteActionRequest request) {
    return transport.withinCallTimeout(() -> completeActionWithin(request));
  }

  private GatewayResult completeActionWithin(CompleteActionRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    String returned = request.parameters().get("token");
    String known =
        request.gatewayReference() == null
            ? null
            : PayPalReference.parse("gatewayReference", request.gatewayReference()).orderId();
    if (returned != null && known != null && !returned.equals(known)) {
      throw new InvalidRequestException(
          "parameters.token", "does not match this payment's PayPal order");
    }
    String orderId = known != null ? known : returned;
    if (orderId == null || orderId.isBlank()) {
      throw new InvalidRequestException(
          "gatewayReference", "the PayPal order id is needed to finish the payment");
    }
    HttpReply reply = send(Call.get(orderUrl(orderId)));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    JsonNode order = reply.json();
    String owner = Json.text(order.path("purchase_units").path(0), "custom_id");
    if (owner != null && !owner.equals(request.paymentId())) {
      throw new InvalidRequestException(
          "parameters.token", "the PayPal order belongs to another payment");
    }
    if (!"APPROVED".equals(Json.text(order, "status"))) {
      return responses.order(reply, order);
    }
    String ref = PayPalReference.order(orderId).toString();
    Optional<Decline> failed = responses.failedAuthentication(order);
    if (failed.isPresent()) {
      return GatewayResult.declined(ref, failed.get()).withRawStatus("APPROVED");
    }
    String intent = Json.text(order, "intent");
    return finish(
        orderId, intent != null ? intent : request.capture() ? "CAPTURE" : "AUTHORIZE", key);
  }

  // ---- transport -------------------------------------------------------------------------------

  /**
   * One call with a Bearer token. A 401 drops the token; if it came from the cache (so it may have
   * been revoked or expired early at PayPal), the call is repeated once, identically (the same
   * {@code PayPal-Request-Id}), with a new token. PayPal authenticates before processing, so the
   * first call did nothing.
   */
  private HttpReply send(Call call) {
    PayPalAccessTokens.Lease lease = tokens.lease();
    HttpReply reply = transport.execute(call.toRequest(lease.token().value()));
    if (reply.status() != 401) {
      return reply;
    }
    tokens.invalidate(lease.token());
    if (lease.fresh()) {
      return reply;
    }
    return transport.execute(call.toRequest(tokens.lease().token().value()));
  }

  /**
   * An HTTP call, built anew for each token.
   *
   * @param method GET or POST
   * @param url the URL
   * @param body the JSON body bytes, an empty array for a POST without body, null for GET
   * @param requestId the {@code PayPal-Request-Id}, or null
   */
  private record Call(String method, HttpUrl url, byte[] body, String requestId) {
    static Call get(HttpUrl url) {
      return new Call("GET", url, null, null);
    }

    static Call post(HttpUrl url, JsonNode body, String requestId) {
      try {
        return new Call("POST", url, Json.MAPPER.writeValueAsBytes(body), requestId);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException("cannot write a JSON tree", e);
      }
    }

    static Call postWithoutBody(HttpUrl url) {
      return new Call("POST", url, new byte[0], null);
    }

    Request toRequest(String accessToken) {
      Request.Builder b =
          new Request.Builder()
              .url(url)
              .header("Authorization", "Bearer " + accessToken)
              .header("Accept", "application/json")
              .header("User-Agent", USER_AGENT);
      if (body == null) {
        return b.get().build();
      }
      b.header("Prefer", "return=representation");
      if (requestId != null) {
        b.header("PayPal-Request-Id", requestId);
      }
      return b.post(RequestBody.create(body, body.length == 0 ? null : JSON)).build();
    }

    @Override
    public String toString() {
      // The body may hold card data: never part of a message.
      return "Call[" + method + " " + url.encodedPath() + "]";
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static ObjectNode amount(Money money) {
    if (!SUPPORTED_CURRENCIES.contains(money.currencyCode())) {
      throw new InvalidRequestException(
          "amount",
          money
              + " cannot be sent to PayPal: PayPal does not support "
              + money.currencyCode()
              + " (it takes "
              + String.join(", ", SUPPORTED_CURRENCIES.stream().sorted().toList())
              + ")");
    }
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("currency_code", money.currencyCode());
    json.put("value", AMOUNTS.toDecimalString(money));
    return json;
  }

  private HttpUrl url(String path) {
    return urls.get(path);
  }

  private HttpUrl orderUrl(String orderId) {
    return url("/v2/checkout/orders").newBuilder().addPathSegment(orderId).build();
  }

  private HttpUrl authorizationUrl(String authorizationId, String action) {
    HttpUrl.Builder b =
        url("/v2/payments/authorizations").newBuilder().addPathSegment(authorizationId);
    if (action != null) {
      b.addPathSegment(action);
    }
    return b.build();
  }

  private static String checkIdempotencyKey(String key) {
    if (key.isEmpty() || key.length() > MAX_REQUEST_ID) {
      throw new InvalidRequestException(
          "idempotencyKey", "PayPal-Request-Id takes 1 to " + MAX_REQUEST_ID + " characters");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new InvalidRequestException(
            "idempotencyKey", "must be printable ASCII without spaces to travel in a header");
      }
    }
    return key;
  }

  /**
   * A {@code PayPal-Request-Id} for a second call made on behalf of the same request: stable for
   * the request's key, different from it, and within PayPal's length.
   */
  static String derivedKey(String key, String suffix) {
    String plain = key + "-" + suffix;
    if (plain.length() <= MAX_REQUEST_ID) {
      return plain;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "ot_" + HexFormat.of().formatHex(digest).substring(0, 40) + "-" + suffix;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  private static String vaultId(String value) {
    if (!VAULT_ID.matcher(value).matches()) {
      throw new InvalidRequestException(
          "source", "a PayPal vault id is 1 to 255 letters, digits, '_' or '-'");
    }
    return value;
  }

  private static void checkLength(String field, String value) {
    if (value.isEmpty() || value.length() > MAX_TEXT) {
      throw new InvalidRequestException(
          field, "PayPal takes 1 to " + MAX_TEXT + " characters here, got " + value.length());
    }
  }

  private static String truncate(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }

  @Override
  public String toString() {
    return "PayPalGateway[" + id + " " + baseUrl + "]";
  }

  /**
   * Builds a {@link PayPalGateway}. Not thread-safe; reusable: {@link #build()} validates and
   * copies.
   *
   * <p>Defaults of the {@link GatewayBuilder} settings: id {@code paypal}, base URL {@value
   * PayPalGateway#SANDBOX_BASE_URL} ({@value PayPalGateway#LIVE_BASE_URL} for live payments; the
   * credentials must belong to the same environment), connect timeout 10 s, read timeout 60 s,
   * {@link #defaultDeclineTable()}, {@link #defaultCapabilities()}; the clock also times token
   * expiry.
   */
  public static final class Builder extends GatewayBuilder<Builder> {
    private String clientId;
    private String clientSecret;
    private Duration tokenRefreshMargin = Duration.ofSeconds(60);

    private Builder() {
      super(
          "paypal",
          SANDBOX_BASE_URL,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          PayPalDeclines.DEFAULT,
          defaultCapabilities());
    }

    /** The REST app's client id. Required. */
    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    /** The REST app's secret. Required. Never logged or shown by {@code toString()}. */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = clientSecret;
      return this;
    }

    /**
     * How long before its {@code expires_in} an access token is replaced; 60 s by default, at most
     * one hour (and never more than half the token's lifetime).
     */
    public Builder tokenRefreshMargin(Duration tokenRefreshMargin) {
      this.tokenRefreshMargin = tokenRefreshMargin;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the field: {@code clientId} or {@code clientSecret}
     *     missing or malformed (the secret is never echoed), {@code baseUrl}, {@code id}, a
     *     timeout, {@code tokenRefreshMargin}
     * @throws NullPointerException naming {@code declineTable}, {@code capabilities} or {@code
     *     clock} if set to null
     */
    public PayPalGateway build() {
      checkCredential("clientId", clientId, true);
      checkCredential("clientSecret", clientSecret, false);
      checkId();
      if (tokenRefreshMargin == null
          || tokenRefreshMargin.isNegative()
          || tokenRefreshMargin.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "tokenRefreshMargin: must be 0 to 1 hour, was " + tokenRefreshMargin);
      }
      return new PayPalGateway(this, settings("PayPal-Debug-Id"));
    }

    private static void checkCredential(String field, String value, boolean echo) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(field + ": is required");
      }
      boolean printable = value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
      if (!printable
          || value.length() < 8
          || value.length() > 256
          || (echo && value.contains(":"))) {
        throw new IllegalArgumentException(
            field
                + ": must be the REST app's "
                + (echo ? "client id" : "secret")
                + " from the PayPal developer dashboard: 8 to 256 printable characters without"
                + " spaces"
                + (echo ? " or ':'" : ""));
      }
    }
  }
}
