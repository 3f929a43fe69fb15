package io.ottu.gateways.mpgs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ottu.CardBrand;
import io.ottu.CardData;
import io.ottu.Customer;
import io.ottu.InvalidRequestException;
import io.ottu.Money;
import io.ottu.NextAction;
import io.ottu.PaymentSource;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.DeclineTable;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.GatewaySource;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import io.ottu.gateways.GatewayBuilder;
import io.ottu.gateways.RedactingLoggingInterceptor;
import io.ottu.gateways.internal.AmountCodec;
import io.ottu.gateways.internal.GatewayHttpClients;
import io.ottu.gateways.internal.GatewaySettings;
import io.ottu.gateways.internal.GatewayTransport;
import io.ottu.gateways.internal.HttpFailures;
import io.ottu.gateways.internal.HttpReply;
import io.ottu.gateways.internal.Json;
import io.ottu.gateways.mpgs.MpgsIds.Reference;
import io.ottu.gateways.mpgs.MpgsResponses.Expect;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mastercard Gateway (MPGS, run by many Gulf banks on their own hosts) through its REST API:
 * {@code PUT /api/rest/version/{apiVersion}/merchant/{merchantId}/order/{orderId}/transaction/
 * {transactionId}} with an {@code apiOperation}, and {@code GET} on the same path to look up.
 *
 * <pre>{@code
 * Gateway mpgs = MpgsGateway.builder()
 *     .merchantId("TEST9012345678")
 *     .apiPassword(System.getenv("MPGS_API_PASSWORD"))
 *     .baseUrl("https://test-nbkpayment.mtf.gateway.mastercard.com")   // the bank's host
 *     .build();
 * }</pre>
 *
 * <h2>Wire protocol</h2>
 *
 * HTTP Basic authentication with user {@code merchant.{merchantId}} and the API password; JSON
 * bodies. {@code AUTHORIZE} or {@code PAY} (a purchase) carries {@code order.amount}, {@code
 * order.currency}, {@code order.reference} (the host's reference, at most 40 characters, else
 * refused before sending) and {@code sourceOfFunds}: {@code {type: CARD, provided: {card: {number,
 * expiry: {month: "05", year: "30"}, securityCode, nameOnCard}}}} for a card, {@code {type: CARD,
 * token}} for an MPGS token. {@code CAPTURE} and {@code REFUND} go on the same order under a new
 * transaction id with {@code transaction.amount} and {@code transaction.currency} and no source of
 * funds; {@code VOID} carries {@code transaction.targetTransactionId}, the authorization's id,
 * which the gateway reference ({@code orderId/transactionId}) records. The API version defaults to
 * {@value #DEFAULT_API_VERSION}, the version of Mastercard's current API reference and Postman
 * collection (developer.mastercard.com links {@code api-reference/v100}; its connectivity check is
 * {@code /api/rest/version/100/information}); older public samples pin 50 to 77.
 *
 * <h2>Idempotency</h2>
 *
 * MPGS has no idempotency header: the merchant names the order and the transaction. The order id is
 * our payment id, the transaction id the engine's idempotency key for the operation (hashed to 40
 * characters when longer, see {@code MpgsIds}), so a retry after an unknown outcome names the same
 * transaction. When MPGS answers a resubmission that the transaction id is taken, the adapter reads
 * that transaction ({@code GET}) and reports it; the public sources do not show the exact wording
 * of that error, so any {@code INVALID_REQUEST} about the transaction id that says "already",
 * "duplicate", "not unique" or "in use" triggers the read (a harmless read if it was something
 * else).
 *
 * <h2>Amounts</h2>
 *
 * Decimal strings in major units with the currency's ISO 4217 decimals: {@code "10.00"} USD, {@code
 * "1000"} JPY, {@code "12.500"} KWD and BHD. Mastercard's public samples show only two-decimal
 * currencies, so three decimals for KWD and BHD follow ISO 4217 alone: verify on your bank's
 * sandbox. Since MPGS takes exactly the ISO decimals, every amount a {@link Money} can hold is
 * representable; the adapter's amount codec would refuse anything else with {@link
 * InvalidRequestException} on {@code amount} before sending. Responses report amounts as JSON
 * numbers or strings; both are read exactly, and an unreadable one is an unknown outcome.
 *
 * <h2>Results and failures</h2>
 *
 * As {@code MpgsResponses} describes: {@code SUCCESS} with an approved {@code gatewayCode} is
 * authorized or captured, {@code FAILURE} a decline through the {@link DeclineTable} ({@link
 * #defaultDeclineTable()} unless the builder got another), {@code PENDING} pending, {@code UNKNOWN}
 * an unknown outcome (MPGS itself does not know; the engine never fails over), and {@code ERROR} by
 * {@code error.cause}: {@code INVALID_REQUEST} rejected (naming {@code error.field}), {@code
 * REQUEST_REJECTED} and HTTP 401/403 a credentials problem, {@code SERVER_BUSY} unavailable, {@code
 * SERVER_FAILED} an unknown outcome (MPGS's remedy, resubmitting the identical request later, is
 * the engine's same-key retry). Wire failures are classified by the shared transport.
 *
 * <h2>Lookup</h2>
 *
 * {@code GET .../order/{orderId}/transaction/{transactionId}} with both ids derived from the
 * lookup's payment id and idempotency key, mapped like the operation's own answer. MPGS's error
 * envelope with HTTP 404, or with HTTP 400 and an {@code INVALID_REQUEST} saying the order or
 * transaction is not found, is "no record"; every other answer, a 404 page without the envelope
 * included (a wrong host or path), is a failure, never "no record". (The exact not-found answer is
 * not in the public sources checked: verify on the sandbox.)
 *
 * <h2>3-D Secure</h2>
 *
 * With {@link ThreeDSecure#REQUIRED} (and {@link ThreeDSecure#AUTOMATIC} when {@link
 * Builder#authenticateAutomatic(boolean)} is set) the adapter runs EMV 3-D Secure through MPGS's
 * payer authentication API, as the Mastercard-MEA integration guide and Mastercard's test merchant
 * server do: it creates a payment session ({@code POST .../session}) and stores the card or token
 * in it ({@code PUT .../session/{id}}), because the payment after the challenge must carry the same
 * card and the engine wipes the CVC after this call; then {@code INITIATE_AUTHENTICATION} and
 * {@code AUTHENTICATE_PAYER} on one authentication transaction of the order. A challenge ({@code
 * result PENDING}, {@code transaction.authenticationStatus AUTHENTICATION_PENDING}) comes back as
 * {@link NextAction.Type#REDIRECT} with {@code POST}, the ACS URL and the hidden fields read from
 * MPGS's redirect HTML (see {@code RedirectForm}): the host posts them from the shopper's browser,
 * and MPGS returns the shopper to the request's return URL. {@link #completeAction} then reads the
 * authentication transaction (the browser's parameters are not trusted), and when MPGS recommends
 * {@code PROCEED} submits the {@code AUTHORIZE} or {@code PAY} with {@code
 * authentication.transactionId} and the session. A frictionless authentication pays at once. If
 * authentication is not available for the card, {@code REQUIRED} declines ({@code
 * AUTHENTICATION_NOT_SUPPORTED} and similar rows) while {@code AUTOMATIC} pays without it. Nothing
 * before the final payment can charge, so a wire failure there is reported as {@code UNAVAILABLE},
 * not an unknown outcome.
 *
 * <p>Browser data for EMV 3-D Secure is taken from the request's metadata (keys {@link
 * #BROWSER_USER_AGENT} and the other {@code BROWSER_*} constants) and {@link Customer#ipAddress()};
 * the adapter never invents it. MPGS may refuse the authentication ({@code INVALID_REQUEST} naming
 * the field) when it is missing. Not implemented: the optional 3DS Method (the device-fingerprint
 * iframe MPGS may return from {@code INITIATE_AUTHENTICATION}) needs the shopper's browser between
 * the two calls, which a server-side call cannot provide, so issuers see it as not run; MPGS's
 * payment sessions expire (the lifetime is not stated in the sources checked), so keep the engine's
 * action timeout short. A challenge cancelled before completion is cancelled locally: no
 * authorization exists at MPGS to void. MPGS has no {@code gatewayCode} that clearly means "the
 * issuer wants authentication", so the default decline table has no step-up rows; a host that
 * learns its acquirer's code can add one with {@link io.ottu.gateway.DeclineRule#stepUp3ds}.
 *
 * <p>Test merchants (ids starting {@code TEST}) work only on test hosts and production merchants
 * only on production ones; {@link Builder#build()} logs one warning when the pair looks mismatched.
 * Webhook verification ({@code X-Notification-Secret}) is not part of this adapter.
 *
 * <p>Thread-safe and immutable; one instance serves every payment. Nothing is retried inside: the
 * engine owns retries. Card data and the API password are never logged (see {@link
 * RedactingLoggingInterceptor} to log traffic, redacted).
 */
public final class MpgsGateway implements Gateway {
  /**
   * Mastercard's shared test host; banks run their own (for example {@code
   * test-nbkpayment.mtf.gateway.mastercard.com}).
   */
  public static final String DEFAULT_BASE_URL = "https://test-gateway.mastercard.com";

  /** The REST API version used unless the builder says otherwise. */
  public static final int DEFAULT_API_VERSION = 100;

  /**
   * The oldest API version the adapter supports: its payer authentication requests and responses
   * are those of version 57 (the Mastercard-MEA samples) and later.
   */
  public static final int MIN_API_VERSION = 57;

  /** Metadata key: the shopper's browser {@code User-Agent} (MPGS {@code device.browser}). */
  public static final String BROWSER_USER_AGENT = "browser_user_agent";

  /**
   * Metadata key: the browser's {@code Accept} header ({@code
   * device.browserDetails.acceptHeaders}).
   */
  public static final String BROWSER_ACCEPT_HEADER = "browser_accept_header";

  /** Metadata key: the browser's language, such as {@code ar-KW}. */
  public static final String BROWSER_LANGUAGE = "browser_language";

  /** Metadata key: the screen's colour depth in bits, an integer. */
  public static final String BROWSER_COLOR_DEPTH = "browser_color_depth";

  /** Metadata key: the screen height in pixels, an integer. */
  public static final String BROWSER_SCREEN_HEIGHT = "browser_screen_height";

  /** Metadata key: the screen width in pixels, an integer. */
  public static final String BROWSER_SCREEN_WIDTH = "browser_screen_width";

  /** Metadata key: the browser's time-zone offset in minutes, an integer. */
  public static final String BROWSER_TIME_ZONE = "browser_time_zone";

  /** Metadata key: whether Java is enabled in the browser, {@code true} or {@code false}. */
  public static final String BROWSER_JAVA_ENABLED = "browser_java_enabled";

  /**
   * Metadata key: the challenge window size, as MPGS names it (for example {@code FULL_SCREEN}).
   */
  public static final String BROWSER_CHALLENGE_WINDOW_SIZE = "browser_challenge_window_size";

  /** MPGS's rules for amounts: ISO 4217 decimals. */
  static final AmountCodec AMOUNTS = AmountCodec.builder("Mastercard Gateway").build();

  private static final Logger log = LoggerFactory.getLogger(MpgsGateway.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Pattern MERCHANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
  private static final int MAX_REFERENCE = 40;

  private final String id;
  private final GatewayCapabilities capabilities;
  private final HttpUrl baseUrl;
  private final String merchantId;
  private final int apiVersion;
  private final String authorization;
  private final GatewayTransport transport;
  private final MpgsResponses responses;
  private final Clock clock;
  private final boolean authenticateAutomatic;

  private MpgsGateway(Builder b, GatewaySettings s) {
    this.id = s.id();
    this.capabilities = s.capabilities();
    this.baseUrl = s.baseUrl();
    this.merchantId = b.merchantId;
    this.apiVersion = b.apiVersion;
    this.authorization = Credentials.basic("merchant." + b.merchantId, b.apiPassword);
    this.clock = s.clock();
    this.authenticateAutomatic = b.authenticateAutomatic;
    this.transport = s.transport();
    this.responses = new MpgsResponses(s.id(), s.declineTable(), AMOUNTS);
  }

  /**
   * A builder; {@link Builder#merchantId(String)} and {@link Builder#apiPassword(String)} are
   * required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The curated decline table from MPGS's {@code gatewayCode}s and authentication outcomes; a
   * starting point for {@link DeclineTable#withOverride}.
   */
  public static DeclineTable defaultDeclineTable() {
    return MpgsDeclines.DEFAULT;
  }

  /**
   * What MPGS can do by default: every currency (a merchant's currencies are configured by its
   * bank; amounts follow ISO 4217), the brands MPGS acquires, cards and MPGS tokens, every
   * operation including lookup, 3-D Secure, idempotency through merchant-chosen transaction ids,
   * partial and multiple captures, partial refunds. Narrow it to what the bank enabled.
   */
  public static GatewayCapabilities defaultCapabilities() {
    return GatewayCapabilities.builder()
        .brands(
            CardBrand.VISA,
            CardBrand.MASTERCARD,
            CardBrand.MAESTRO,
            CardBrand.AMERICAN_EXPRESS,
            CardBrand.DINERS_CLUB,
            CardBrand.DISCOVER,
            CardBrand.JCB,
            CardBrand.UNIONPAY)
        .sourceTypes(
            PaymentSource.Type.CARD,
            PaymentSource.Type.VAULT_TOKEN,
            PaymentSource.Type.GATEWAY_TOKEN)
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

  /**
   * Sends {@code AUTHORIZE} (or {@code PAY} for a purchase), after payer authentication when 3-D
   * Secure applies (see the class description).
   *
   * @throws InvalidRequestException before sending, for an amount MPGS cannot take ({@code
   *     amount}), a reference over 40 characters ({@code reference}), or, for 3-D Secure, a missing
   *     return URL ({@code returnUrl}) or malformed browser metadata
   * @throws GatewayException classified as the class description says
   */
  @Override
  public GatewayResult authorize(AuthorizeRequest request) {
    return transport.withinCallTimeout(() -> authorizeWithin(request));
  }

  private GatewayResult authorizeWithin(AuthorizeRequest request) {
    String amount = AMOUNTS.toDecimalString(request.amount());
    checkReference(request.reference());
    String orderId = MpgsIds.orderId(request.paymentId());
    String transactionId = MpgsIds.transactionId(request.idempotencyKey());
    if (request.threeDSecure() == ThreeDSecure.REQUIRED
        || (request.threeDSecure() == ThreeDSecure.AUTOMATIC && authenticateAutomatic)) {
      return authenticateThenPay(request, orderId, transactionId, amount);
    }
    ObjectNode body =
        paymentBody(
            request.capture(),
            amount,
            request.amount().currencyCode(),
            request.reference(),
            request.customer());
    addSource(body, request.source());
    return submit(
        orderId,
        transactionId,
        body,
        Expect.PAYMENT,
        request.capture(),
        Reference.payment(orderId, transactionId).encode(),
        null);
  }

  /**
   * Sends {@code CAPTURE} for {@code request.amount()} on the authorization's order.
   *
   * @throws InvalidRequestException for a reference that is not a settled authorization of this
   *     adapter, or an amount MPGS cannot take
   */
  @Override
  public GatewayResult capture(CaptureRequest request) {
    return transport.withinCallTimeout(() -> captureWithin(request));
  }

  private GatewayResult captureWithin(CaptureRequest request) {
    Reference ref = paymentReference(request.gatewayReference(), "capture");
    return followUp(
        ref,
        request.gatewayReference(),
        request.idempotencyKey(),
        "CAPTURE",
        request.amount(),
        Expect.CAPTURE);
  }

  /**
   * Sends {@code VOID} with the authorization as {@code transaction.targetTransactionId}. While 3-D
   * Secure is still pending no authorization exists at MPGS, so nothing is sent and the result is
   * cancelled.
   */
  @Override
  public GatewayResult cancel(CancelRequest request) {
    return transport.withinCallTimeout(() -> cancelWithin(request));
  }

  private GatewayResult cancelWithin(CancelRequest request) {
    Reference ref = Reference.parse(request.gatewayReference(), "gatewayReference");
    if (ref.isPendingAuthentication()) {
      return GatewayResult.cancelled(request.gatewayReference())
          .withRawStatus("CANCELLED_WHILE_AUTHENTICATION_PENDING");
    }
    String transactionId = MpgsIds.transactionId(request.idempotencyKey());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("apiOperation", "VOID");
    body.putObject("transaction").put("targetTransactionId", ref.transactionId());
    return submit(
        ref.orderId(),
        transactionId,
        body,
        Expect.VOID,
        false,
        request.gatewayReference(),
        Reference.payment(ref.orderId(), transactionId).encode());
  }

  /**
   * Sends {@code REFUND} for {@code request.amount()} on the payment's order.
   *
   * @throws InvalidRequestException for a reference that is not a payment of this adapter, or an
   *     amount MPGS cannot take
   */
  @Override
  public GatewayResult refund(RefundRequest request) {
    return transport.withinCallTimeout(() -> refundWithin(request));
  }

  private GatewayResult refundWithin(RefundRequest request) {
    Reference ref = paymentReference(request.gatewayReference(), "refund");
    return followUp(
        ref,
        request.gatewayReference(),
        request.idempotencyKey(),
        "REFUND",
        request.amount(),
        Expect.REFUND);
  }

  /**
   * Reads the transaction the operation in question created: order from the payment id, transaction
   * from its idempotency key.
   *
   * @return the transaction's answer, or empty when MPGS has no such order or transaction
   */
  @Override
  public Optional<GatewayResult> lookup(LookupRequest request) {
    return transport.withinCallTimeout(() -> lookupWithin(request));
  }

  private Optional<GatewayResult> lookupWithin(LookupRequest request) {
    String orderId = MpgsIds.orderId(request.paymentId());
    String transactionId = MpgsIds.transactionId(request.idempotencyKey());
    Expect expect =
        switch (request.operation()) {
          case CAPTURE -> Expect.CAPTURE;
          case REFUND -> Expect.REFUND;
          case CANCEL -> Expect.VOID;
          default -> Expect.PAYMENT;
        };
    HttpReply reply = transport.execute(get(transactionUrl(orderId, transactionId)));
    if (MpgsResponses.notFound(reply)) {
      return Optional.empty();
    }
    JsonNode body = MpgsResponses.answer(reply);
    if (body == null) {
      throw responses.failure(reply);
    }
    String own = Reference.payment(orderId, transactionId).encode();
    boolean payment = expect == Expect.PAYMENT;
    String paymentRef =
        payment || request.gatewayReference() == null ? own : request.gatewayReference();
    return Optional.of(
        responses.transaction(
            reply,
            body,
            expect,
            request.operation() == GatewayOperation.PURCHASE,
            paymentRef,
            payment ? null : own));
  }

  /**
   * Finishes a payment after the shopper's 3-D Secure challenge: reads the authentication
   * transaction and, when MPGS recommends {@code PROCEED}, sends the {@code AUTHORIZE} or {@code
   * PAY} with {@code authentication.transactionId}.
   *
   * @throws InvalidRequestException if the reference is not a pending 3-D Secure of this payment,
   *     or the return names another order or transaction ({@code parameters.order.id}, {@code
   *     parameters.transaction.id})
   * @throws GatewayException {@code REJECTED} while the shopper has not finished the challenge (the
   *     payment stays waiting); otherwise classified as for authorize
   */
  @Override
  public GatewayResult completeAction(CompleteActionRequest request) {
    return transport.withinCallTimeout(() -> completeActionWithin(request));
  }

  private GatewayResult completeActionWithin(CompleteActionRequest request) {
    Reference ref = Reference.parse(request.gatewayReference(), "gatewayReference");
    if (!ref.isPendingAuthentication()) {
      throw new InvalidRequestException(
          "gatewayReference", "the payment is not waiting for 3-D Secure at MPGS");
    }
    if (!ref.orderId().equals(MpgsIds.orderId(request.paymentId()))) {
      throw new InvalidRequestException("gatewayReference", "belongs to another payment");
    }
    requireSame(request.parameters(), "order.id", ref.orderId());
    requireSame(request.parameters(), "transaction.id", ref.transactionId());
    String amount = AMOUNTS.toDecimalString(request.amount());
    JsonNode auth =
        beforePayment(
            () ->
                answerOf(
                    transport.execute(get(transactionUrl(ref.orderId(), ref.transactionId())))));
    String status = authenticationStatus(auth);
    String recommendation = Json.text(Json.object(auth, "response"), "gatewayRecommendation");
    String result = MpgsResponses.result(auth);
    if ("AUTHENTICATION_PENDING".equals(status)
        || (recommendation == null && "PENDING".equals(result))) {
      throw GatewayException.rejected(
          id,
          "GET authentication "
              + ref.transactionId()
              + ": the shopper has not finished 3-D Secure ("
              + (status == null ? result : status)
              + "); complete the action again after the return",
          0,
          status);
    }
    boolean proceed =
        recommendation != null
            ? recommendation.equals("PROCEED")
            : "AUTHENTICATION_SUCCESSFUL".equals(status)
                || "AUTHENTICATION_ATTEMPTED".equals(status);
    if (!proceed) {
      return authenticationDecline(auth, status, recommendation);
    }
    String transactionId = MpgsIds.transactionId(request.idempotencyKey());
    ObjectNode body =
        paymentBody(
            request.capture(), amount, request.amount().currencyCode(), request.reference(), null);
    authenticatedBySession(body, ref.transactionId(), ref.sessionId());
    return submit(
        ref.orderId(),
        transactionId,
        body,
        Expect.PAYMENT,
        request.capture(),
        Reference.payment(ref.orderId(), transactionId).encode(),
        null);
  }

  // ---- 3-D Secure ---------------------------------------------------------------------------

  private GatewayResult authenticateThenPay(
      AuthorizeRequest request, String orderId, String payTransactionId, String amount) {
    String returnUrl = request.returnUrl();
    if (returnUrl == null || returnUrl.isBlank()) {
      throw new InvalidRequestException(
          "returnUrl",
          "is required for 3-D Secure through MPGS: MPGS returns the shopper there after the"
              + " challenge");
    }
    HttpUrl parsedReturn = HttpUrl.parse(returnUrl.strip());
    if (parsedReturn == null) {
      throw new InvalidRequestException("returnUrl", "is not an absolute http(s) URL");
    }
    ObjectNode device = device(request);
    String currency = request.amount().currencyCode();
    String session = beforePayment(this::createSession);
    beforePayment(() -> updateSession(session, request.source()));
    String authId = MpgsIds.authenticationTransactionId(request.idempotencyKey(), clock.instant());
    HttpUrl authUrl = transactionUrl(orderId, authId);

    ObjectNode initiate = Json.MAPPER.createObjectNode();
    initiate.put("apiOperation", "INITIATE_AUTHENTICATION");
    initiate
        .putObject("authentication")
        .put("channel", "PAYER_BROWSER")
        .put("purpose", "PAYMENT_TRANSACTION");
    ObjectNode initOrder = initiate.putObject("order").put("currency", currency);
    if (request.reference() != null) {
      initOrder.put("reference", request.reference());
    }
    initiate.putObject("session").put("id", session);
    JsonNode initiated = beforePayment(() -> answerOf(transport.execute(put(authUrl, initiate))));
    String status = authenticationStatus(initiated);
    String recommendation = recommendation(initiated);
    if (!proceeds(initiated, recommendation)) {
      return authenticationDecline(initiated, status, recommendation);
    }
    if (!"AUTHENTICATION_AVAILABLE".equals(status)) {
      if (request.threeDSecure() == ThreeDSecure.REQUIRED) {
        return authenticationDecline(
            initiated, status == null ? "AUTHENTICATION_NOT_SUPPORTED" : status, recommendation);
      }
      // AUTOMATIC: the card cannot be authenticated and MPGS says the payment may go on.
      return payWithSession(request, orderId, payTransactionId, amount, session, null);
    }

    ObjectNode payer = Json.MAPPER.createObjectNode();
    payer.put("apiOperation", "AUTHENTICATE_PAYER");
    payer.putObject("authentication").put("redirectResponseUrl", parsedReturn.toString());
    addCustomerEmail(payer, request.customer());
    if (device != null) {
      payer.set("device", device);
    }
    payer.putObject("order").put("amount", amount).put("currency", currency);
    payer.putObject("session").put("id", session);
    HttpReply[] replyHolder = new HttpReply[1];
    JsonNode authenticated =
        beforePayment(
            () -> {
              replyHolder[0] = transport.execute(put(authUrl, payer));
              return answerOf(replyHolder[0]);
            });
    status = authenticationStatus(authenticated);
    recommendation = recommendation(authenticated);
    JsonNode authentication = Json.object(authenticated, "authentication");
    boolean challenge =
        "AUTHENTICATION_PENDING".equals(status)
            || "PENDING".equals(MpgsResponses.result(authenticated))
            || "REQUIRED".equals(Json.text(authentication, "payerInteraction"));
    if (recommendation != null && !recommendation.equals("PROCEED")) {
      return authenticationDecline(authenticated, status, recommendation);
    }
    if (challenge) {
      return challenge(replyHolder[0], authenticated, orderId, authId, session, status);
    }
    boolean authenticatedOk =
        "AUTHENTICATION_SUCCESSFUL".equals(status) || "AUTHENTICATION_ATTEMPTED".equals(status);
    if (!proceeds(authenticated, recommendation)
        || (!authenticatedOk && request.threeDSecure() == ThreeDSecure.REQUIRED)) {
      return authenticationDecline(authenticated, status, recommendation);
    }
    return payWithSession(request, orderId, payTransactionId, amount, session, authId);
  }

  private GatewayResult challenge(
      HttpReply reply,
      JsonNode authenticated,
      String orderId,
      String authId,
      String session,
      String status) {
    JsonNode authentication = Json.object(authenticated, "authentication");
    String html = Json.text(Json.object(authentication, "redirect"), "html");
    if (html == null) {
      html = Json.text(authentication, "redirectHtml");
    }
    RedirectForm.Form form =
        RedirectForm.parse(html)
            .orElseThrow(
                () ->
                    HttpFailures.of(
                        FailureClass.REJECTED,
                        reply,
                        "3-D Secure challenge without a usable redirect form (an https form"
                            + " action in authentication.redirect.html or redirectHtml);"
                            + " nothing was charged",
                        status,
                        null));
    NextAction next;
    if (form.method().equals("POST")) {
      next = NextAction.redirectPost(form.action(), form.fields());
    } else {
      HttpUrl.Builder url = HttpUrl.get(form.action()).newBuilder();
      form.fields().forEach(url::addQueryParameter);
      next = NextAction.redirect(url.build().toString());
    }
    GatewayResult result =
        GatewayResult.actionRequired(
                Reference.pendingAuthentication(orderId, authId, session).encode(), next)
            .withRawStatus(
                MpgsResponses.result(authenticated) + (status == null ? "" : "/" + status));
    Money amount = beforePayment(() -> responses.orderAmount(reply, authenticated));
    return amount == null ? result : result.withAmount(amount);
  }

  private GatewayResult payWithSession(
      AuthorizeRequest request,
      String orderId,
      String payTransactionId,
      String amount,
      String session,
      String authId) {
    ObjectNode body =
        paymentBody(
            request.capture(),
            amount,
            request.amount().currencyCode(),
            request.reference(),
            request.customer());
    authenticatedBySession(body, authId, session);
    return submit(
        orderId,
        payTransactionId,
        body,
        Expect.PAYMENT,
        request.capture(),
        Reference.payment(orderId, payTransactionId).encode(),
        null);
  }

  private static void authenticatedBySession(ObjectNode body, String authId, String session) {
    if (authId != null) {
      body.putObject("authentication").put("transactionId", authId);
    }
    body.putObject("session").put("id", session);
    body.putObject("sourceOfFunds").put("type", "CARD");
  }

  private GatewayResult authenticationDecline(JsonNode body, String status, String recommendation) {
    String code;
    if (status != null
        && !status.equals("AUTHENTICATION_AVAILABLE")
        && !status.equals("AUTHENTICATION_SUCCESSFUL")
        && !status.equals("AUTHENTICATION_ATTEMPTED")
        && !status.equals("AUTHENTICATION_PENDING")) {
      code = status;
    } else if (recommendation != null && !recommendation.equals("PROCEED")) {
      code = recommendation;
    } else {
      String gatewayCode = Json.text(Json.object(body, "response"), "gatewayCode");
      code = gatewayCode != null ? gatewayCode : "AUTHENTICATION_FAILED";
    }
    return GatewayResult.declined(null, responses.decline(code, "3-D Secure: " + code))
        .withRawStatus(
            MpgsResponses.result(body)
                + (status == null ? "" : "/" + status)
                + (recommendation == null ? "" : "/" + recommendation));
  }

  private static boolean proceeds(JsonNode body, String recommendation) {
    return recommendation != null
        ? recommendation.equals("PROCEED")
        : !"FAILURE".equals(MpgsResponses.result(body));
  }

  private static String recommendation(JsonNode body) {
    return Json.text(Json.object(body, "response"), "gatewayRecommendation");
  }

  private static String authenticationStatus(JsonNode body) {
    String status = Json.text(Json.object(body, "transaction"), "authenticationStatus");
    return status != null ? status : Json.text(Json.object(body, "order"), "authenticationStatus");
  }

  private String createSession() {
    HttpReply reply = transport.execute(post(sessionUrl(null), Json.MAPPER.createObjectNode()));
    JsonNode body = answerOf(reply);
    String session = Json.text(Json.object(body, "session"), "id");
    if (!MpgsIds.isSessionId(session)) {
      throw reply.unknownOutcome("the new payment session has no usable session.id");
    }
    return session;
  }

  private Void updateSession(String session, GatewaySource source) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    addSource(body, source);
    HttpReply reply = transport.execute(put(sessionUrl(session), body));
    JsonNode answer = answerOf(reply);
    String status = Json.text(Json.object(answer, "session"), "updateStatus");
    if (!"SUCCESS".equals(status)) {
      throw HttpFailures.of(
          FailureClass.REJECTED,
          reply,
          "storing the card in the payment session failed (session.updateStatus " + status + ")",
          status,
          null);
    }
    return null;
  }

  /** The body of a 2xx answer that is not {@code result: ERROR}; else the classified failure. */
  private JsonNode answerOf(HttpReply reply) {
    JsonNode body = MpgsResponses.answer(reply);
    if (body == null) {
      throw responses.failure(reply);
    }
    return body;
  }

  /**
   * Runs a step that comes before the payment request. Nothing in it can charge the card, so an
   * unknown outcome is reported as {@code UNAVAILABLE}: known not to have charged, safe to retry or
   * fail over.
   */
  private <T> T beforePayment(Supplier<T> step) {
    try {
      return step.get();
    } catch (GatewayException e) {
      if (e.failureClass() != FailureClass.UNKNOWN_OUTCOME) {
        throw e;
      }
      GatewayException safe =
          new GatewayException(
              FailureClass.UNAVAILABLE,
              id,
              e.getMessage() + " (before any payment request: nothing was charged)",
              e.httpStatus(),
              e.gatewayCode().orElse(null),
              null,
              e.retryAfter().orElse(null),
              false,
              e);
      throw e.requestId().map(safe::withRequestId).orElse(safe);
    }
  }

  private static ObjectNode device(AuthorizeRequest request) {
    Map<String, String> m = request.metadata();
    ObjectNode device = Json.MAPPER.createObjectNode();
    String agent = m.get(BROWSER_USER_AGENT);
    if (agent != null && !agent.isBlank()) {
      device.put("browser", agent);
    }
    ObjectNode details = Json.MAPPER.createObjectNode();
    putText(details, "3DSecureChallengeWindowSize", m.get(BROWSER_CHALLENGE_WINDOW_SIZE));
    putText(details, "acceptHeaders", m.get(BROWSER_ACCEPT_HEADER));
    putInt(details, "colorDepth", m, BROWSER_COLOR_DEPTH);
    String java = m.get(BROWSER_JAVA_ENABLED);
    if (java != null) {
      String v = java.strip().toLowerCase(Locale.ROOT);
      if (!v.equals("true") && !v.equals("false")) {
        throw new InvalidRequestException(
            "metadata." + BROWSER_JAVA_ENABLED, "must be true or false");
      }
      details.put("javaEnabled", Boolean.parseBoolean(v));
    }
    putText(details, "language", m.get(BROWSER_LANGUAGE));
    putInt(details, "screenHeight", m, BROWSER_SCREEN_HEIGHT);
    putInt(details, "screenWidth", m, BROWSER_SCREEN_WIDTH);
    putInt(details, "timeZone", m, BROWSER_TIME_ZONE);
    if (details.size() > 0) {
      device.set("browserDetails", details);
    }
    Customer customer = request.customer();
    if (customer != null && customer.ipAddress() != null) {
      device.put("ipAddress", customer.ipAddress());
    }
    return device.size() == 0 ? null : device;
  }

  private static void putText(ObjectNode node, String field, String value) {
    if (value != null && !value.isBlank()) {
      node.put(field, value.strip());
    }
  }

  private static void putInt(ObjectNode node, String field, Map<String, String> m, String key) {
    String value = m.get(key);
    if (value == null) {
      return;
    }
    try {
      node.put(field, Integer.parseInt(value.strip()));
    } catch (NumberFormatException e) {
      throw new InvalidRequestException("metadata." + key, "must be an integer");
    }
  }

  // ---- requests -----------------------------------------------------------------------------

  private GatewayResult followUp(
      Reference ref,
      String paymentRef,
      String idempotencyKey,
      String operation,
      Money money,
      Expect expect) {
    String amount = AMOUNTS.toDecimalString(money);
    String transactionId = MpgsIds.transactionId(idempotencyKey);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("apiOperation", operation);
    body.putObject("transaction").put("amount", amount).put("currency", money.currencyCode());
    return submit(
        ref.orderId(),
        transactionId,
        body,
        expect,
        false,
        paymentRef,
        Reference.payment(ref.orderId(), transactionId).encode());
  }

  private GatewayResult submit(
      String orderId,
      String transactionId,
      ObjectNode body,
      Expect expect,
      boolean capture,
      String paymentRef,
      String transactionRef) {
    HttpUrl url = transactionUrl(orderId, transactionId);
    HttpReply reply = transport.execute(put(url, body));
    JsonNode answer = MpgsResponses.answer(reply);
    if (answer != null) {
      return responses.transaction(reply, answer, expect, capture, paymentRef, transactionRef);
    }
    if (MpgsResponses.existingTransaction(MpgsResponses.error(reply))) {
      return existing(reply, url, expect, capture, paymentRef, transactionRef);
    }
    throw responses.failure(reply);
  }

  /**
   * MPGS says the transaction id is taken: an earlier try of this very request reached it. Read
   * that transaction and report it; if it cannot be read, its outcome is unknown.
   */
  private GatewayResult existing(
      HttpReply original,
      HttpUrl url,
      Expect expect,
      boolean capture,
      String paymentRef,
      String transactionRef) {
    HttpReply found;
    try {
      found = transport.execute(get(url));
    } catch (GatewayException e) {
      throw original.unknownOutcome(
          "the transaction id is taken, and reading that transaction failed: " + e.getMessage());
    }
    JsonNode answer;
    try {
      answer = MpgsResponses.answer(found);
    } catch (GatewayException e) {
      throw original.unknownOutcome(
          "the transaction id is taken, and reading that transaction failed: " + e.getMessage());
    }
    if (answer != null) {
      return responses.transaction(found, answer, expect, capture, paymentRef, transactionRef);
    }
    if (MpgsResponses.notFound(found)) {
      throw responses.failure(original);
    }
    throw original.unknownOutcome(
        "the transaction id is taken, and reading that transaction failed: "
            + responses.failure(found).getMessage());
  }

  private static ObjectNode paymentBody(
      boolean capture, String amount, String currency, String reference, Customer customer) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("apiOperation", capture ? "PAY" : "AUTHORIZE");
    addCustomerEmail(body, customer);
    if (customer != null && customer.ipAddress() != null) {
      body.putObject("device").put("ipAddress", customer.ipAddress());
    }
    ObjectNode order = body.putObject("order").put("amount", amount).put("currency", currency);
    if (reference != null) {
      order.put("reference", reference);
    }
    return body;
  }

  private static void addCustomerEmail(ObjectNode body, Customer customer) {
    if (customer != null && customer.email() != null) {
      body.putObject("customer").put("email", customer.email());
    }
  }

  private static void addSource(ObjectNode body, GatewaySource source) {
    ObjectNode funds = body.putObject("sourceOfFunds");
    funds.put("type", "CARD");
    Optional<CardData> card = source.card();
    if (card.isPresent()) {
      CardData c = card.get();
      ObjectNode provided = funds.putObject("provided").putObject("card");
      provided.put("number", c.number());
      provided
          .putObject("expiry")
          .put("month", String.format(Locale.ROOT, "%02d", c.expiryMonth()))
          .put("year", String.format(Locale.ROOT, "%02d", c.expiryYear() % 100));
      c.cvc().ifPresent(cvc -> provided.put("securityCode", cvc));
      c.holderName().ifPresent(name -> provided.put("nameOnCard", name));
    } else {
      funds.put("token", source.gatewayToken().orElseThrow());
    }
  }

  private static void checkReference(String reference) {
    if (reference != null && reference.length() > MAX_REFERENCE) {
      throw new InvalidRequestException(
          "reference", "MPGS takes at most " + MAX_REFERENCE + " characters in order.reference");
    }
  }

  private static Reference paymentReference(String gatewayReference, String operation) {
    Reference ref = Reference.parse(gatewayReference, "gatewayReference");
    if (ref.isPendingAuthentication()) {
      throw new InvalidRequestException(
          "gatewayReference",
          "3-D Secure has not completed, so there is no payment at MPGS to " + operation);
    }
    return ref;
  }

  private static void requireSame(Map<String, String> parameters, String name, String expected) {
    String returned = parameters.get(name);
    if (returned != null && !returned.equals(expected)) {
      throw new InvalidRequestException(
          "parameters." + name, "does not match this payment's 3-D Secure authentication");
    }
  }

  private Request put(HttpUrl url, ObjectNode body) {
    return headers(new Request.Builder().url(url)).put(json(body)).build();
  }

  private Request post(HttpUrl url, ObjectNode body) {
    return headers(new Request.Builder().url(url)).post(json(body)).build();
  }

  private Request get(HttpUrl url) {
    return headers(new Request.Builder().url(url)).get().build();
  }

  private Request.Builder headers(Request.Builder b) {
    return b.header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("User-Agent", "ottu-java");
  }

  private static RequestBody json(ObjectNode body) {
    try {
      return RequestBody.create(Json.MAPPER.writeValueAsBytes(body), JSON);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serializes.
      throw new IllegalStateException("cannot serialize a request body", e);
    }
  }

  private HttpUrl.Builder merchant() {
    return GatewayHttpClients.resolve(baseUrl, "/api/rest/version/" + apiVersion + "/merchant")
        .addPathSegment(merchantId);
  }

  private HttpUrl transactionUrl(String orderId, String transactionId) {
    return merchant()
        .addPathSegment("order")
        .addPathSegment(orderId)
        .addPathSegment("transaction")
        .addPathSegment(transactionId)
        .build();
  }

  private HttpUrl sessionUrl(String session) {
    HttpUrl.Builder b = merchant().addPathSegment("session");
    if (session != null) {
      b.addPathSegment(session);
    }
    return b.build();
  }

  /**
   * Why a merchant id and host look mismatched (a {@code TEST} merchant on a production host, or a
   * production merchant on a test host), or empty. Hosts outside {@code mastercard.com} that do not
   * say "test" are not judged: banks run MPGS under their own names.
   */
  static Optional<String> environmentMismatch(String merchantId, HttpUrl url) {
    String host = url.host().toLowerCase(Locale.ROOT);
    boolean testMerchant = merchantId.toUpperCase(Locale.ROOT).startsWith("TEST");
    boolean testHost =
        host.startsWith("test-")
            || host.startsWith("test.")
            || host.startsWith("mtf.")
            || host.contains(".mtf.")
            || host.contains("-mtf.");
    boolean mastercardHost = host.equals("mastercard.com") || host.endsWith(".mastercard.com");
    if (testMerchant && mastercardHost && !testHost) {
      return Optional.of(
          "MPGS merchant id starts with TEST (a test merchant) but host "
              + host
              + " looks like a production host; test merchants work only on test hosts such as"
              + " test-gateway.mastercard.com or *.mtf.gateway.mastercard.com");
    }
    if (!testMerchant && testHost) {
      return Optional.of(
          "MPGS merchant id does not start with TEST (a production merchant) but host "
              + host
              + " looks like a test host; production merchants and API passwords work only on"
              + " production hosts");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "MpgsGateway[" + id + " " + merchantId + " " + baseUrl + " v" + apiVersion + "]";
  }

  /**
   * Builds an {@link MpgsGateway}. Not thread-safe; reusable: {@link #build()} validates and
   * copies.
   *
   * <p>Defaults of the {@link GatewayBuilder} settings: id {@code mpgs}; base URL {@value
   * #DEFAULT_BASE_URL}, or a regional host ({@code https://ap-gateway.mastercard.com}) or the
   * bank's ({@code https://test-nbkpayment.mtf.gateway.mastercard.com}), the host only: the adapter
   * adds {@code /api/rest/version/{apiVersion}/...}; connect timeout 10 s; read timeout 60 s;
   * {@link #defaultDeclineTable()}; {@link #defaultCapabilities()}; the clock also dates
   * authentication ids.
   */
  public static final class Builder extends GatewayBuilder<Builder> {
    private String merchantId;
    private String apiPassword;
    private int apiVersion = DEFAULT_API_VERSION;
    private boolean authenticateAutomatic;

    private Builder() {
      super(
          "mpgs",
          DEFAULT_BASE_URL,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          MpgsDeclines.DEFAULT,
          defaultCapabilities());
    }

    /**
     * The merchant id the bank issued (test merchants start with {@code TEST}); 1 to 40 of {@code
     * 0-9 a-z A-Z - _}, without the {@code merchant.} prefix of the API user. Required.
     */
    public Builder merchantId(String merchantId) {
      this.merchantId = merchantId;
      return this;
    }

    /**
     * The API password from the merchant portal (test and production passwords differ). Required.
     * Never logged or shown by {@code toString()}.
     */
    public Builder apiPassword(String apiPassword) {
      this.apiPassword = apiPassword;
      return this;
    }

    /**
     * The REST API version; {@value #DEFAULT_API_VERSION} by default, at least {@value
     * #MIN_API_VERSION}.
     */
    public Builder apiVersion(int apiVersion) {
      this.apiVersion = apiVersion;
      return this;
    }

    /**
     * Whether {@link ThreeDSecure#AUTOMATIC} payments are authenticated with 3-D Secure, as {@link
     * ThreeDSecure#REQUIRED} ones always are; false by default, when MPGS processes them directly
     * and an issuer that wants authentication declines (the engine can then step up). Set it where
     * 3-D Secure is mandatory for online card payments, as in several Gulf markets.
     */
    public Builder authenticateAutomatic(boolean authenticateAutomatic) {
      this.authenticateAutomatic = authenticateAutomatic;
      return this;
    }

    /**
     * Validates and builds, and logs one warning if the merchant id and host look like different
     * environments.
     *
     * @throws IllegalArgumentException naming the field: {@code merchantId} or {@code apiPassword}
     *     missing or malformed (the password is not echoed), {@code baseUrl}, {@code apiVersion},
     *     {@code id}, a timeout
     * @throws NullPointerException naming {@code declineTable}, {@code capabilities} or {@code
     *     clock} if set to null
     */
    public MpgsGateway build() {
      if (merchantId == null || merchantId.isBlank()) {
        throw new IllegalArgumentException("merchantId: is required");
      }
      if (!MERCHANT_ID.matcher(merchantId).matches()) {
        throw new IllegalArgumentException(
            "merchantId: must be 1 to 40 of 0-9 a-z A-Z - _ (the id the bank issued, without the"
                + " 'merchant.' prefix)");
      }
      if (apiPassword == null || apiPassword.isBlank()) {
        throw new IllegalArgumentException("apiPassword: is required");
      }
      if (apiPassword.length() < 8
          || apiPassword.length() > 256
          || !apiPassword.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "apiPassword: must be 8 to 256 printable ASCII characters without spaces");
      }
      if (apiVersion < MIN_API_VERSION || apiVersion > 999) {
        throw new IllegalArgumentException(
            "apiVersion: must be " + MIN_API_VERSION + " to 999, was " + apiVersion);
      }
      checkId();
      GatewaySettings settings =
          settings(baseUrl(), capabilities(), null, MpgsGateway.Builder::checkHostOnly);
      environmentMismatch(merchantId, settings.baseUrl()).ifPresent(log::warn);
      return new MpgsGateway(this, settings);
    }

    private static void checkHostOnly(HttpUrl url) {
      if (url.encodedPath().contains("/api/rest")) {
        throw new IllegalArgumentException(
            "baseUrl: give the host only (for example "
                + DEFAULT_BASE_URL
                + "); the adapter adds /api/rest/version/{apiVersion}/merchant/...");
      }
    }
  }
}
