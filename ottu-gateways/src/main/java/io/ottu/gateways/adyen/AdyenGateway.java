package io.ottu.gateways.adyen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ottu.CardBrand;
import io.ottu.CardData;
import io.ottu.Customer;
import io.ottu.InvalidRequestException;
import io.ottu.Money;
import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.DeclineTable;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import io.ottu.gateways.GatewayBuilder;
import io.ottu.gateways.RedactingLoggingInterceptor;
import io.ottu.gateways.internal.AmountCodec;
import io.ottu.gateways.internal.GatewaySettings;
import io.ottu.gateways.internal.GatewayTransport;
import io.ottu.gateways.internal.HttpReply;
import io.ottu.gateways.internal.Json;
import io.ottu.gateways.internal.ResolvedUrls;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Adyen, through the Checkout API v71: {@code POST /payments} to authorize or purchase, {@code POST
 * /payments/details} to finish 3-D Secure, and the modifications {@code POST
 * /payments/{pspReference}/captures}, {@code .../cancels} and {@code .../refunds}.
 *
 * <pre>{@code
 * Gateway adyen = AdyenGateway.builder()
 *     .apiKey(System.getenv("ADYEN_API_KEY"))
 *     .merchantAccount("YourCompanyECOM")
 *     .liveEndpointPrefix("1797a841fbb37ca7-YourCompany")   // live only; test is the default
 *     .build();
 * }</pre>
 *
 * <h2>Wire protocol</h2>
 *
 * JSON bodies; {@code X-API-Key} carries the API key; every POST carries {@code Idempotency-Key}
 * set to the engine's key (at most 64 characters, Adyen's limit), which Adyen keeps for at least 31
 * days per company account: a resent request gets the first request's answer without being
 * processed again. A card goes as {@code paymentMethod {type: "scheme", number, expiryMonth,
 * expiryYear, cvc, holderName}} (raw card data: the merchant account must be PCI-enabled for it); a
 * gateway token goes as {@code {type: "scheme", storedPaymentMethodId}} with {@code
 * shopperReference} (the customer id the card was stored under: Adyen requires it, so a token
 * without {@link Customer#id()} fails before sending), {@code shopperInteraction: ContAuth} and the
 * configured {@code recurringProcessingModel}. The request's reference is Adyen's {@code reference}
 * (at most 80 characters); our payment id travels in {@code metadata.ottu_payment_id} with the
 * host's metadata (Adyen's limits: 20 entries, keys of 20 and values of 80 characters, checked
 * before sending). The customer becomes {@code shopperReference}, {@code shopperEmail}, {@code
 * shopperIP} and {@code countryCode}. {@code returnUrl} is required by Adyen on every payment: the
 * request's, else {@link Builder#defaultReturnUrl(String)}, else the call fails before sending with
 * an {@link InvalidRequestException} naming {@code returnUrl}. {@code channel: Web} is sent with an
 * http(s) return URL. The request's description has no Adyen field and is not sent; no {@code
 * browserInfo} is sent (the SPI does not carry it), so Adyen runs 3-D Secure through its redirect
 * flow unless it chooses a component action. 3-D Secure: {@link io.ottu.ThreeDSecure#REQUIRED}
 * sends {@code authenticationData.attemptAuthentication: always}, {@code SKIP} sends {@code never},
 * {@code AUTOMATIC} leaves it to Adyen's Dynamic 3D Secure rules.
 *
 * <h2>Capture</h2>
 *
 * A purchase is sent with {@code captureDelayHours: 0}, an authorization with {@code
 * additionalData.manualCapture: "true"} (both override the merchant account's capture setting).
 * Adyen answers {@code Authorised} in both cases and captures an immediate-capture payment
 * asynchronously, confirming it by a {@code CAPTURE} webhook. This adapter reports an {@code
 * Authorised} purchase as {@code CAPTURED}: the capture was requested in the same call and Adyen
 * submits it by itself, so no further call of ours exists that could make or unmake it; a failure
 * arrives as a {@code CAPTURE_FAILED} webhook, which the host's webhook handling must apply.
 * Partial and multiple captures and partial refunds are supported; capture, cancel and refund
 * answers are only acknowledgements ({@code status: received}), so they are {@link
 * GatewayResult.Type#PENDING} with the modification's {@code pspReference} as transaction reference
 * and its amount, and the outcome arrives by webhook ({@code CAPTURE}, {@code CANCELLATION}, {@code
 * REFUND}).
 *
 * <h2>Amounts</h2>
 *
 * {@code {currency, value}} in Adyen's minor units, which follow ISO 4217 except where Adyen's
 * currency table (docs.adyen.com/development-resources/currency-codes) says otherwise: CLP and ISK
 * with two decimals, CVE and IDR with none. Three-decimal currencies (BHD, IQD, JOD, KWD, LYD, OMR,
 * TND) go with three. An amount Adyen cannot represent (10.50 IDR) fails with {@link
 * InvalidRequestException} on {@code amount} before anything is sent. Results report the amount
 * Adyen answered with whenever its answer carries one (v71 returns {@code amount} on most answers;
 * where it is absent the result carries no amount rather than an invented one).
 *
 * <h2>Statuses</h2>
 *
 * {@code resultCode}: {@code Authorised} is authorized, or captured for a purchase (above); {@code
 * Refused} is declined by its {@code refusalReasonCode} through the {@link DeclineTable} ({@link
 * #defaultDeclineTable()} unless the builder got another); {@code Error} (a final processing error:
 * nothing was authorised) is declined, soft {@code PROCESSING_ERROR} unless its code says more;
 * {@code Cancelled} is a hard decline {@code CANCELLED_BY_SHOPPER}; {@code RedirectShopper}, {@code
 * IdentifyShopper}, {@code ChallengeShopper} and {@code PresentToShopper} require the action
 * described by Adyen's {@code action} (a {@code redirect} becomes a {@link
 * io.ottu.NextAction.Type#REDIRECT} with Adyen's method and POST data; {@code threeDS2} and other
 * component actions become {@link io.ottu.NextAction.Type#THREE_DS_SDK} whose parameters are the
 * action's fields); {@code Pending} and {@code Received} are pending; {@code PartiallyAuthorised}
 * reports the smaller amount, which the engine refuses as an integrity failure; {@code
 * AuthenticationFinished} and {@code AuthenticationNotRequired} (authentication-only flows this
 * adapter never requests) are {@code REJECTED}: nothing was authorised. Anything else ({@code
 * Success}, a new value) is {@code UNKNOWN_OUTCOME}. Adyen may give a payment that needs an action
 * no {@code pspReference} until {@code /payments/details}; the result then carries our reference as
 * its gateway reference, and {@link #cancel} of such a payment uses {@code POST /cancels} by
 * merchant reference. Errors are classified as {@code AdyenResponses} documents (409 and 422/704
 * "already processed or in progress" are unknown outcomes to retry with the same key; 401/403
 * credentials; 429/503 unavailable; other 5xx unknown; other 4xx rejected), carrying the error's
 * {@code pspReference} as request id.
 *
 * <h2>3-D Secure</h2>
 *
 * {@link #completeAction} posts the shopper's return to {@code /payments/details}: every field of
 * Adyen's {@code PaymentCompletionDetails} found in the parameters ({@code redirectResult} from the
 * redirect's query or form, {@code threeDSResult} from Adyen's 3-D Secure 2 component, {@code
 * payload}, {@code MD}/{@code PaRes}, ...), and {@code paymentData} when given. An answer about
 * another merchant reference or pspReference is refused.
 *
 * <h2>Lookup</h2>
 *
 * The Checkout API v71 has no endpoint that reads a payment, so {@link GatewayOperation#LOOKUP} is
 * not in the capabilities and {@link #lookup} throws {@code REJECTED} ({@code lookup_unsupported}).
 * After an unknown outcome, the engine's retry with the same Idempotency-Key is Adyen's documented
 * recovery: Adyen returns the first request's answer without processing it again. Final outcomes
 * otherwise arrive by webhook (verified in {@code ottu-webhooks}).
 *
 * <p>Sources: Adyen/adyen-openapi {@code json/CheckoutService-v71.json} (paths, schemas, examples);
 * docs.adyen.com pages on API idempotency, HTTP status codes, error codes, result codes, refusal
 * reasons and currency codes.
 *
 * <p>Thread-safe and immutable; one instance serves every payment. Nothing is retried inside: the
 * engine owns retries. Card data and the API key are never logged (see {@link
 * RedactingLoggingInterceptor} to log traffic, redacted).
 */
public final class AdyenGateway implements Gateway {
  /** The Checkout API version this adapter speaks. */
  public static final String API_VERSION = "v71";

  /** Adyen's test environment. */
  public static final String DEFAULT_BASE_URL = "https://checkout-test.adyen.com/" + API_VERSION;

  /**
   * Adyen's minor units (docs.adyen.com/development-resources/currency-codes): ISO 4217 except CLP
   * and ISK (two decimals) and CVE and IDR (none).
   */
  static final AmountCodec AMOUNTS =
      AmountCodec.builder("Adyen").exponent(2, "CLP", "ISK").exponent(0, "CVE", "IDR").build();

  /** Adyen's values for {@code recurringProcessingModel}. */
  public static final Set<String> RECURRING_PROCESSING_MODELS =
      Set.of("CardOnFile", "Subscription", "UnscheduledCardOnFile");

  static final int MAX_IDEMPOTENCY_KEY = 64;
  static final int MAX_REFERENCE = 80;
  static final int MAX_RETURN_URL = 8000;
  static final int MAX_METADATA_ENTRIES = 20;
  static final int MAX_METADATA_KEY = 20;
  static final int MAX_METADATA_VALUE = 80;
  static final String PAYMENT_ID_METADATA = "ottu_payment_id";

  /** The fields of Adyen's {@code PaymentCompletionDetails}, forwarded from a shopper's return. */
  static final List<String> DETAIL_FIELDS =
      List.of(
          "redirectResult",
          "threeDSResult",
          "payload",
          "MD",
          "PaReq",
          "PaRes",
          "authorization_token",
          "billingToken",
          "cupsecureplus.smscode",
          "facilitatorAccessToken",
          "oneTimePasscode",
          "orderID",
          "payerID",
          "paymentID",
          "paymentStatus",
          "resultCode",
          "returnUrlQueryString",
          "threeds2.challengeResult",
          "threeds2.fingerprint",
          "vaultToken");

  private static final MediaType JSON = MediaType.get("application/json");
  private static final Pattern LIVE_PREFIX =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
  private static final Map<String, String> REFUND_REASONS =
      Map.of(
          "fraud", "FRAUD",
          "fraudulent", "FRAUD",
          "customer request", "CUSTOMER REQUEST",
          "requested by customer", "CUSTOMER REQUEST",
          "return", "RETURN",
          "duplicate", "DUPLICATE",
          "other", "OTHER");

  private final String id;
  private final GatewayCapabilities capabilities;
  private final HttpUrl baseUrl;
  private final ResolvedUrls urls;
  private final String apiKey;
  private final String merchantAccount;
  private final String defaultReturnUrl;
  private final String recurringProcessingModel;
  private final GatewayTransport transport;
  private final AdyenResponses responses;

  private AdyenGateway(Builder b, GatewaySettings s) {
    this.id = s.id();
    this.capabilities = s.capabilities();
    this.baseUrl = s.baseUrl();
    this.urls = new ResolvedUrls(this.baseUrl);
    this.apiKey = b.apiKey;
    this.merchantAccount = b.merchantAccount;
    this.defaultReturnUrl = b.defaultReturnUrl;
    this.recurringProcessingModel = b.recurringProcessingModel;
    this.transport = s.transport();
    this.responses = new AdyenResponses(s.id(), s.declineTable(), AMOUNTS);
  }

  /**
   * A builder; {@link Builder#apiKey(String)} and {@link Builder#merchantAccount(String)} are
   * required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The curated decline table from Adyen's documented refusal reasons; a starting point for {@link
   * DeclineTable#withOverride}.
   */
  public static DeclineTable defaultDeclineTable() {
    return AdyenDeclines.DEFAULT;
  }

  /**
   * What Adyen can do by default: every currency (Adyen's amount rules apply; the merchant
   * account's configuration decides the rest), the card brands it acquires, cards and gateway
   * tokens, every operation but {@link GatewayOperation#LOOKUP} (v71 has no payment read), 3-D
   * Secure, idempotency keys, partial and multiple captures, partial refunds.
   */
  public static GatewayCapabilities defaultCapabilities() {
    return GatewayCapabilities.builder()
        .brands(
            CardBrand.VISA,
            CardBrand.MASTERCARD,
            CardBrand.AMERICAN_EXPRESS,
            CardBrand.DISCOVER,
            CardBrand.DINERS_CLUB,
            CardBrand.JCB,
            CardBrand.UNIONPAY,
            CardBrand.MAESTRO)
        .operations(
            GatewayOperation.AUTHORIZE,
            GatewayOperation.PURCHASE,
            GatewayOperation.CAPTURE,
            GatewayOperation.CANCEL,
            GatewayOperation.REFUND,
            GatewayOperation.COMPLETE_ACTION)
        .threeDSecure(true)
        .idempotencyKeys(true)
        .partialCapture(true)
        .multipleCaptures(true)
        .partialRefund(true)
        .build();
  }

  /**
   * The live base URL for a merchant's prefix (Customer Area, Developers, API URLs): {@code
   * https://{prefix}-checkout-live.adyenpayments.com/checkout/v71}.
   *
   * @throws IllegalArgumentException naming {@code liveEndpointPrefix} if it is not letters, digits
   *     and inner hyphens
   */
  public static String liveBaseUrl(String prefix) {
    if (prefix == null || !LIVE_PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "liveEndpointPrefix: must be the merchant's prefix from the Customer Area (letters, digits"
              + " and hyphens, such as 1797a841fbb37ca7-AdyenDemo), was "
              + prefix);
    }
    return "https://" + prefix + "-checkout-live.adyenpayments.com/checkout/" + API_VERSION;
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
   * Sends {@code POST /payments}: an authorization with manual capture, or a purchase with {@code
   * captureDelayHours: 0}.
   *
   * @throws InvalidRequestException before sending, naming {@code amount}, {@code returnUrl},
   *     {@code reference}, {@code idempotencyKey}, {@code metadata} or {@code customer.id} (a
   *     gateway token without a shopper reference)
   * @throws GatewayException classified as the class Javadoc describes
   */
  @Override
  public GatewayResult authorize(AuthorizeRequest request) {
    return transport.withinCallTimeout(() -> authorizeWithin(request));
  }

  private GatewayResult authorizeWithin(AuthorizeRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    String returnUrl = returnUrl(request);
    checkReference("reference", request.reference());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("amount", amount(request.amount()));
    body.put("merchantAccount", merchantAccount);
    body.put("reference", request.reference());
    addPaymentMethod(body, request);
    body.put("returnUrl", returnUrl);
    if (returnUrl.startsWith("https://") || returnUrl.startsWith("http://")) {
      body.put("channel", "Web");
    }
    if (request.capture()) {
      body.put("captureDelayHours", 0);
    } else {
      body.putObject("additionalData").put("manualCapture", "true");
    }
    switch (request.threeDSecure()) {
      case REQUIRED -> body.putObject("authenticationData").put("attemptAuthentication", "always");
      case SKIP -> body.putObject("authenticationData").put("attemptAuthentication", "never");
      default -> {
        // AUTOMATIC: Adyen's Dynamic 3D Secure rules and the issuer decide.
      }
    }
    addCustomer(body, request);
    body.set("metadata", metadata(request));
    HttpReply reply = transport.execute(post(url("/payments"), body, key));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    return responses.payment(reply, reply.json(), request.reference(), request.capture());
  }

  /**
   * Sends {@code POST /payments/{pspReference}/captures} for the amount (partial captures allowed,
   * several per authorization). Adyen only acknowledges it: the result is pending, and the {@code
   * CAPTURE} webhook settles it. {@link CaptureRequest#finalCapture()} has no Adyen field: an
   * uncaptured remainder stays authorized until it expires or is cancelled.
   *
   * @throws InvalidRequestException before sending, naming {@code amount} or {@code idempotencyKey}
   */
  @Override
  public GatewayResult capture(CaptureRequest request) {
    return transport.withinCallTimeout(() -> captureWithin(request));
  }

  private GatewayResult captureWithin(CaptureRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("merchantAccount", merchantAccount);
    body.set("amount", amount(request.amount()));
    putReference(body, request.reference());
    HttpUrl url = modificationUrl(request.gatewayReference(), "captures");
    HttpReply reply = transport.execute(post(url, body, key));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    return responses.modification(
        reply, reply.json(), request.gatewayReference(), request.reference(), true);
  }

  /**
   * Sends {@code POST /payments/{pspReference}/cancels}, or {@code POST /cancels} with {@code
   * paymentReference} when Adyen never gave the payment a pspReference (its gateway reference is
   * then our merchant reference). Pending until the {@code CANCELLATION} webhook.
   */
  @Override
  public GatewayResult cancel(CancelRequest request) {
    return transport.withinCallTimeout(() -> cancelWithin(request));
  }

  private GatewayResult cancelWithin(CancelRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("merchantAccount", merchantAccount);
    boolean byReference =
        request.reference() != null && request.gatewayReference().equals(request.reference());
    HttpUrl url;
    if (byReference) {
      body.put("paymentReference", request.reference());
      putReference(body, request.reference());
      url = url("/cancels");
    } else {
      putReference(body, request.reference());
      url = modificationUrl(request.gatewayReference(), "cancels");
    }
    HttpReply reply = transport.execute(post(url, body, key));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    return responses.modification(
        reply,
        reply.json(),
        byReference ? null : request.gatewayReference(),
        request.reference(),
        false);
  }

  /**
   * Sends {@code POST /payments/{pspReference}/refunds} for the amount (partial refunds allowed).
   * The host's reason goes as Adyen's {@code merchantRefundReason} when it names one of Adyen's
   * values (FRAUD, CUSTOMER REQUEST, RETURN, DUPLICATE, OTHER, or Stripe-style {@code
   * requested_by_customer}, {@code fraudulent}); otherwise it is not sent. Pending until the {@code
   * REFUND} webhook.
   */
  @Override
  public GatewayResult refund(RefundRequest request) {
    return transport.withinCallTimeout(() -> refundWithin(request));
  }

  private GatewayResult refundWithin(RefundRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("merchantAccount", merchantAccount);
    body.set("amount", amount(request.amount()));
    putReference(body, request.reference());
    String reason = refundReason(request.reason());
    if (reason != null) {
      body.put("merchantRefundReason", reason);
    }
    HttpUrl url = modificationUrl(request.gatewayReference(), "refunds");
    HttpReply reply = transport.execute(post(url, body, key));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    return responses.modification(
        reply, reply.json(), request.gatewayReference(), request.reference(), true);
  }

  /**
   * Adyen's Checkout API v71 cannot look a payment up: always throws.
   *
   * @throws GatewayException {@code REJECTED} with code {@code lookup_unsupported}; resend the
   *     operation with the same Idempotency-Key instead, which returns Adyen's first answer
   */
  @Override
  public Optional<GatewayResult> lookup(LookupRequest request) {
    return transport.withinCallTimeout(() -> lookupWithin(request));
  }

  private Optional<GatewayResult> lookupWithin(LookupRequest request) {
    throw GatewayException.rejected(
        id, "Adyen has no payment lookup; outcomes arrive by webhook", 0, "lookup_unsupported");
  }

  /**
   * Sends the shopper's return to {@code POST /payments/details}.
   *
   * @throws InvalidRequestException naming {@code parameters} when the return carries none of
   *     Adyen's detail fields (nothing is sent), or when Adyen's answer is about another payment
   */
  @Override
  public GatewayResult completeAction(CompleteActionRequest request) {
    return transport.withinCallTimeout(() -> completeActionWithin(request));
  }

  private GatewayResult completeActionWithin(CompleteActionRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode details = body.putObject("details");
    for (String field : DETAIL_FIELDS) {
      String value = request.parameters().get(field);
      if (value != null && !value.isEmpty()) {
        details.put(field, value);
      }
    }
    if (details.isEmpty()) {
      throw new InvalidRequestException(
          "parameters",
          "Adyen needs the shopper's return: redirectResult (from the redirect) or threeDSResult"
              + " (from Adyen's 3-D Secure 2 component)");
    }
    String paymentData = request.parameters().get("paymentData");
    if (paymentData != null && !paymentData.isEmpty()) {
      body.put("paymentData", paymentData);
    }
    HttpReply reply = transport.execute(post(url("/payments/details"), body, key));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply);
    }
    JsonNode answer = reply.json();
    String merchantReference = Json.text(answer, "merchantReference");
    if (request.reference() != null
        && merchantReference != null
        && !merchantReference.equals(request.reference())) {
      throw new InvalidRequestException(
          "parameters", "the shopper's return belongs to another payment at Adyen");
    }
    String psp = Json.text(answer, "pspReference");
    String known = request.gatewayReference();
    if (known != null && !known.equals(request.reference()) && psp != null && !psp.equals(known)) {
      throw new InvalidRequestException(
          "parameters", "the shopper's return belongs to another payment at Adyen");
    }
    return responses.payment(reply, answer, request.reference(), request.capture());
  }

  // ---- request building -----------------------------------------------------------------------

  private void addPaymentMethod(ObjectNode body, AuthorizeRequest request) {
    ObjectNode pm = body.putObject("paymentMethod");
    pm.put("type", "scheme");
    Optional<CardData> card = request.source().card();
    if (card.isPresent()) {
      CardData c = card.get();
      pm.put("number", c.number());
      pm.put("expiryMonth", String.format(Locale.ROOT, "%02d", c.expiryMonth()));
      pm.put("expiryYear", String.format(Locale.ROOT, "%04d", c.expiryYear()));
      c.cvc().ifPresent(cvc -> pm.put("cvc", cvc));
      c.holderName().ifPresent(name -> pm.put("holderName", name));
      return;
    }
    Customer customer = request.customer();
    String shopper = customer == null ? null : customer.id();
    if (shopper == null || shopper.length() < 3 || shopper.length() > 256) {
      throw new InvalidRequestException(
          "customer.id",
          "Adyen needs the shopperReference (3 to 256 characters) the stored card was saved under"
              + " to charge a gateway token");
    }
    pm.put("storedPaymentMethodId", request.source().gatewayToken().orElseThrow());
    body.put("shopperInteraction", "ContAuth");
    body.put("recurringProcessingModel", recurringProcessingModel);
  }

  private static void addCustomer(ObjectNode body, AuthorizeRequest request) {
    Customer customer = request.customer();
    if (customer == null) {
      return;
    }
    String shopper = customer.id();
    // Adyen takes 3 to 256 characters; a shorter or longer id only serves risk checks, so it is
    // left out of a card payment rather than failing it.
    if (shopper != null && shopper.length() >= 3 && shopper.length() <= 256) {
      body.put("shopperReference", shopper);
    }
    if (customer.email() != null) {
      body.put("shopperEmail", customer.email());
    }
    if (customer.ipAddress() != null) {
      body.put("shopperIP", customer.ipAddress());
    }
    if (customer.country() != null) {
      body.put("countryCode", customer.country());
    }
  }

  private static ObjectNode metadata(AuthorizeRequest request) {
    ObjectNode metadata = Json.MAPPER.createObjectNode();
    for (Map.Entry<String, String> e : request.metadata().entrySet()) {
      String k = e.getKey();
      String v = e.getValue();
      if (k.equals(PAYMENT_ID_METADATA) || v == null) {
        continue;
      }
      if (k.isEmpty() || k.length() > MAX_METADATA_KEY || v.length() > MAX_METADATA_VALUE) {
        throw new InvalidRequestException(
            "metadata",
            "Adyen takes keys of 1 to "
                + MAX_METADATA_KEY
                + " and values of at most "
                + MAX_METADATA_VALUE
                + " characters; key '"
                + (k.length() > MAX_METADATA_KEY ? k.substring(0, MAX_METADATA_KEY) + "..." : k)
                + "' does not fit");
      }
      metadata.put(k, v);
    }
    if (metadata.size() >= MAX_METADATA_ENTRIES) {
      throw new InvalidRequestException(
          "metadata",
          "Adyen takes at most "
              + MAX_METADATA_ENTRIES
              + " entries, one of which is "
              + PAYMENT_ID_METADATA
              + "; "
              + metadata.size()
              + " were given");
    }
    metadata.put(PAYMENT_ID_METADATA, request.paymentId());
    return metadata;
  }

  private String returnUrl(AuthorizeRequest request) {
    String url = request.returnUrl() != null ? request.returnUrl() : defaultReturnUrl;
    if (url == null || url.isBlank()) {
      throw new InvalidRequestException(
          "returnUrl",
          "Adyen requires a return URL on every payment (where the shopper comes back after 3-D"
              + " Secure or a redirect); set it on the request or the builder's defaultReturnUrl");
    }
    if (url.length() > MAX_RETURN_URL) {
      throw new InvalidRequestException(
          "returnUrl", "Adyen takes at most " + MAX_RETURN_URL + " characters");
    }
    return url;
  }

  private static void putReference(ObjectNode body, String reference) {
    if (reference != null) {
      checkReference("reference", reference);
      body.put("reference", reference);
    }
  }

  private static void checkReference(String field, String reference) {
    if (reference.isEmpty() || reference.length() > MAX_REFERENCE) {
      throw new InvalidRequestException(
          field, "Adyen takes 1 to " + MAX_REFERENCE + " characters, got " + reference.length());
    }
  }

  private static ObjectNode amount(Money money) {
    long value = AMOUNTS.toMinorUnits(money);
    ObjectNode amount = Json.MAPPER.createObjectNode();
    amount.put("currency", money.currencyCode());
    amount.put("value", value);
    return amount;
  }

  private static String refundReason(String reason) {
    if (reason == null) {
      return null;
    }
    String normalized = reason.strip().replace('_', ' ').toLowerCase(Locale.ROOT);
    return REFUND_REASONS.get(normalized);
  }

  private Request post(HttpUrl url, ObjectNode body, String idempotencyKey) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serializes; this would be a Jackson defect.
      throw new IllegalStateException("could not write the request body", e);
    }
    return new Request.Builder()
        .url(url)
        .header("X-API-Key", apiKey)
        .header("Idempotency-Key", idempotencyKey)
        .header("Accept", "application/json")
        .header("User-Agent", "ottu-java")
        .post(RequestBody.create(bytes, JSON))
        .build();
  }

  private HttpUrl url(String path) {
    return urls.get(path);
  }

  private HttpUrl modificationUrl(String pspReference, String modification) {
    return url("/payments")
        .newBuilder()
        .addPathSegment(pspReference)
        .addPathSegment(modification)
        .build();
  }

  private static String checkIdempotencyKey(String key) {
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY) {
      throw new InvalidRequestException(
          "idempotencyKey", "Adyen takes 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
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

  @Override
  public String toString() {
    return "AdyenGateway[" + id + " " + baseUrl + "]";
  }

  /**
   * Builds an {@link AdyenGateway}. Not thread-safe; reusable: {@link #build()} validates and
   * copies.
   *
   * <p>Defaults of the {@link GatewayBuilder} settings: id {@code adyen}, base URL (including the
   * version path) {@value #DEFAULT_BASE_URL}, the test environment; for live use {@link
   * #liveEndpointPrefix(String)}, or {@link #baseUrl(String)} with {@link #liveBaseUrl(String)}'s
   * value. Connect timeout 10 s, read timeout 60 s (a read timeout is an unknown outcome that only
   * a resend with the same key can settle), {@link #defaultDeclineTable()}, {@link
   * #defaultCapabilities()}.
   */
  public static final class Builder extends GatewayBuilder<Builder> {
    private String apiKey;
    private String merchantAccount;
    private String liveEndpointPrefix;
    private String defaultReturnUrl;
    private String recurringProcessingModel = "CardOnFile";

    private Builder() {
      super(
          "adyen",
          null,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          AdyenDeclines.DEFAULT,
          defaultCapabilities());
    }

    /**
     * The API key of the web service user (Customer Area, Developers, API credentials), sent as
     * {@code X-API-Key}. Required. Never logged or shown by {@code toString()}.
     */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The merchant account code that payments are made on, such as {@code YourCompanyECOM}. */
    public Builder merchantAccount(String merchantAccount) {
      this.merchantAccount = merchantAccount;
      return this;
    }

    /**
     * Uses Adyen's live environment for the merchant's prefix: {@code
     * https://{prefix}-checkout-live.adyenpayments.com/checkout/v71}. Do not combine with {@link
     * #baseUrl(String)}.
     */
    public Builder liveEndpointPrefix(String liveEndpointPrefix) {
      this.liveEndpointPrefix = liveEndpointPrefix;
      return this;
    }

    /**
     * The return URL sent when a request has none (Adyen requires one on every payment), for
     * example for merchant-initiated token payments without a shopper; none by default.
     */
    public Builder defaultReturnUrl(String defaultReturnUrl) {
      this.defaultReturnUrl = defaultReturnUrl;
      return this;
    }

    /**
     * Adyen's {@code recurringProcessingModel} for gateway-token payments: {@code CardOnFile} (the
     * default: a shopper paying with a saved card), {@code Subscription} or {@code
     * UnscheduledCardOnFile}.
     */
    public Builder recurringProcessingModel(String recurringProcessingModel) {
      this.recurringProcessingModel = recurringProcessingModel;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the field: {@code apiKey} missing or not a
     *     header-safe key (the key is not echoed), {@code merchantAccount}, {@code id}, {@code
     *     baseUrl}, {@code liveEndpointPrefix}, a timeout, {@code defaultReturnUrl}, {@code
     *     recurringProcessingModel}
     * @throws NullPointerException naming {@code declineTable}, {@code capabilities} or {@code
     *     clock} if set to null
     */
    public AdyenGateway build() {
      if (apiKey == null || apiKey.isBlank()) {
        throw new IllegalArgumentException("apiKey: is required");
      }
      if (apiKey.length() < 16 || !apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "apiKey: must be an Adyen API key (at least 16 printable characters, no spaces)");
      }
      if (merchantAccount == null || merchantAccount.isBlank()) {
        throw new IllegalArgumentException("merchantAccount: is required");
      }
      if (!merchantAccount.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
        throw new IllegalArgumentException(
            "merchantAccount: must be the account code, printable and without spaces, was '"
                + merchantAccount
                + "'");
      }
      checkId();
      String url;
      if (liveEndpointPrefix != null) {
        if (baseUrl() != null) {
          throw new IllegalArgumentException(
              "liveEndpointPrefix: set either liveEndpointPrefix or baseUrl, not both");
        }
        url = liveBaseUrl(liveEndpointPrefix);
      } else {
        url = baseUrl() == null ? DEFAULT_BASE_URL : baseUrl();
      }
      if (defaultReturnUrl != null
          && (defaultReturnUrl.isBlank() || defaultReturnUrl.length() > MAX_RETURN_URL)) {
        throw new IllegalArgumentException(
            "defaultReturnUrl: must be 1 to " + MAX_RETURN_URL + " characters");
      }
      if (recurringProcessingModel == null
          || !RECURRING_PROCESSING_MODELS.contains(recurringProcessingModel)) {
        throw new IllegalArgumentException(
            "recurringProcessingModel: must be one of "
                + RECURRING_PROCESSING_MODELS
                + ", was "
                + recurringProcessingModel);
      }
      return new AdyenGateway(this, settings(url, capabilities(), null, parsed -> {}));
    }
  }
}
