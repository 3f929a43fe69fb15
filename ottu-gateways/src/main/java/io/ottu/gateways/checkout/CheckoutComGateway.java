package io.ottu.gateways.checkout;

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
import io.ottu.gateway.GatewaySource;
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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Checkout.com, through its Unified Payments API: {@code POST /payments} to authorize ({@code
 * capture: false}) or purchase ({@code capture: true}), {@code POST /payments/{id}/captures},
 * {@code /voids} and {@code /refunds}, and {@code GET /payments/{id}}, {@code GET
 * /payments/{id}/actions} and {@code GET /payments?reference=} to look up and to finish 3-D Secure.
 *
 * <pre>{@code
 * Gateway checkout = CheckoutComGateway.builder()
 *     .secretKey(System.getenv("CKO_SECRET_KEY"))     // sk_sbox_... (sandbox) or sk_... (production)
 *     .processingChannelId("pc_...")                   // when the account has several channels
 *     .build();                                        // the sandbox unless production() or baseUrl(...)
 * }</pre>
 *
 * <h2>Wire protocol</h2>
 *
 * JSON bodies; {@code Authorization: Bearer sk_...} for the current platform's keys ({@code
 * sk_sbox_} plus 27 characters in the sandbox, {@code sk_} plus 27 in production). Keys of the
 * previous platform ({@code sk_test_} or {@code sk_} followed by a UUID) are sent without {@code
 * Bearer}, as Checkout.com's SDK does for that platform; its payment endpoints have the same shape.
 * Every POST carries {@code Cko-Idempotency-Key} set to the engine's key. A card goes as {@code
 * source: {type: "card", number, expiry_month, expiry_year, name, cvv}} (full card details need SAQ
 * D PCI compliance at Checkout.com); a gateway token goes by its prefix as {@code {type: "token",
 * token: "tok_..."}} (a Frames or mobile SDK card token) or {@code {type: "id", id: "src_..."}} (a
 * stored source); any other token is refused before sending. {@code 3ds.enabled} is true with
 * {@code attempt_n3d: true} for {@link io.ottu.ThreeDSecure#AUTOMATIC} (the issuer decides; a card
 * not enrolled is attempted without 3-D Secure), true without fallback for {@code REQUIRED}, false
 * for {@code SKIP}. The return URL goes as both {@code success_url} and {@code failure_url}. The
 * host's reference is the payment's {@code reference} (at most 50 characters, as Checkout.com
 * allows); {@code metadata.ottu_payment_id}, {@code ottu_idempotency_key} and {@code ottu_capture}
 * make the payment findable and readable later. Captures, voids and refunds carry a {@code
 * reference} derived from their idempotency key (the key itself when it fits in 50 characters,
 * otherwise {@code ottu-} and a SHA-256 prefix of it) by which lookups find them in the payment's
 * actions.
 *
 * <h2>Amounts</h2>
 *
 * Integers of at most nine digits in Checkout.com's unit (www.checkout.com/docs/resources/
 * calculating-the-amount): BIF, DJF, GNF, ISK, JPY, KMF, KRW, PYG, RWF, UGX, VUV, VND, XAF, XOF and
 * XPF as they are; BHD, IQD, JOD, KWD, LYD, OMR and TND in thousandths whose last digit must be 0;
 * every other currency in hundredths, so CLP (no decimals in ISO 4217) goes in hundredths of whole
 * pesos only. An amount Checkout.com cannot take fails with {@link InvalidRequestException} on
 * {@code amount} before anything is sent. Every result that carries an amount reports the one
 * Checkout.com answered with, in its currency, for the engine's integrity check.
 *
 * <h2>Statuses</h2>
 *
 * Every status of the API reference and of Checkout.com's SDK ({@code PaymentStatus}) is mapped:
 * {@code Authorized} and {@code Card Verified} are authorized; for a purchase they are
 * <em>pending</em>, because Checkout.com captures a {@code capture: true} payment asynchronously
 * after authorizing it, and claiming a capture that has not happened would be a fake success (a
 * lookup or the webhook later sees {@code Captured}). {@code Captured}, {@code Paid} and {@code
 * Partially Captured} are captured (with {@code balances.total_captured}); {@code Pending} and
 * {@code Authentication Requested} are an action (the {@code _links.redirect.href} to send the
 * shopper to) or pending without one; {@code Retry Scheduled}, {@code Requested} and {@code Active}
 * are pending; {@code Declined} is a decline through the {@link DeclineTable} ({@link
 * #defaultDeclineTable()} unless the builder got another) by its {@code response_code}; {@code
 * Voided} and {@code Canceled} are cancelled, {@code Expired} expired, {@code Refunded} and {@code
 * Partially Refunded} refunded. Captures, voids and refunds are answered 202 Accepted and processed
 * asynchronously: the result is pending with the {@code action_id} as transaction reference, and
 * the outcome comes from a lookup (the payment's actions) or a webhook.
 *
 * <h2>Failures, and why retries go through a lookup</h2>
 *
 * 401 is a credentials problem; 422 ({@code request_invalid}) is rejected with the first of the
 * {@code error_codes}; 403 ("not allowed") and 404 on a capture, void or refund are rejected; 429
 * (a rate limit: duplicates no longer get 429) and 503 are unavailable; 409 (a request with the
 * same key is still in flight) is an unknown outcome with a short retry delay, never a failover;
 * 502 and other 5xx, timeouts after sending and unreadable bodies are unknown outcomes. Every
 * exception carries the {@code Cko-Request-Id} (or the body's {@code request_id}).
 *
 * <p>Checkout.com stores an idempotent result <em>only for 2xx responses</em>: "if the original
 * request returns a 4xx or 5xx response code, no idempotent result is saved and the payment is
 * reattempted" (checkout.com/docs/payments/manage-payments/retry-a-payment, "Idempotency"). A
 * same-key retry is therefore safe after a timeout whose request ended in a 2xx (it is replayed),
 * but not after a 5xx that was produced once the payment had reached the acquirer: that retry would
 * be processed as a new payment and could charge twice. A 5xx stays {@code UNKNOWN_OUTCOME} (it may
 * have charged, so it must never fail over), and {@link #defaultCapabilities()} declares {@code
 * idempotencyKeys(false)}, so the engine does not re-send after an unknown outcome but looks the
 * payment up instead (by id, or by reference and our idempotency key in {@code metadata}); what it
 * cannot find stays {@code UNKNOWN} for the reconciler. Hosts who prefer the faster recovery of
 * plain timeouts and accept the residual risk can opt in with {@link
 * Builder#sameKeyRetries(boolean)}. The key is still sent on every POST: it protects against
 * duplicate submissions (409) and makes a timed-out 2xx replayable.
 *
 * <h2>Lookup</h2>
 *
 * An authorization or sale with a known payment id: {@code GET /payments/{id}} (404 is "no
 * record"). Without it: {@code GET /payments?reference=} (marked Beta by Checkout.com, newest
 * first, no documented indexing lag), matching {@code metadata.ottu_idempotency_key}; a reference
 * shared by more payments than {@link Builder#lookupScanPages(int)} pages of 100 is an unknown
 * outcome, not "no record". Captures, voids and refunds: {@code GET /payments/{id}/actions},
 * matching the action's {@code reference}. Actions are documented with a processing time and a
 * response code, so an action Checkout.com accepted but has not processed yet is, as far as the
 * reference shows, not listed: "no record" for a follow-up may mean "not processed yet". Keep the
 * engine's not-found horizon well above Checkout.com's processing delay, and let webhooks settle
 * follow-ups.
 *
 * <h2>3-D Secure</h2>
 *
 * A 202 with {@code _links.redirect.href} is {@link io.ottu.NextAction.Type#REDIRECT}. The shopper
 * returns to the return URL with {@code cko-session-id}; {@link #completeAction} reads {@code GET
 * /payments/{cko-session-id}} (or the payment id when the parameter is missing), checks that it is
 * this payment, and maps its status. A declined payment without a {@code response_code} has its
 * code read from its actions.
 *
 * <p>Sources: checkout/checkout-api-reference {@code nas_spec} (paths {@code payments}, {@code
 * payments@{id}}, {@code @actions}, {@code @captures}, {@code @voids}, {@code @refunds}; schemas
 * {@code PaymentRequest}, {@code PaymentResponse}, {@code PaymentAcceptedResponse}, {@code
 * PaymentDetails}, {@code PaymentAction}, {@code ValidationError}); checkout/checkout-sdk-java
 * ({@code Environment}, {@code EnvironmentSubdomain}, {@code SdkAuthorization}, {@code
 * StaticKeysSdkCredentials}, {@code PaymentStatus}, {@code PaymentsQueryFilter}); Checkout.com's
 * documentation on idempotency, API response codes, amounts and the payments list.
 *
 * <p>Thread-safe and immutable; one instance serves every payment. Nothing is retried inside: the
 * engine owns retries. Card data and the key are never logged (see {@link
 * RedactingLoggingInterceptor} to log traffic, redacted).
 */
public final class CheckoutComGateway implements Gateway {
  /** The sandbox API, the default. */
  public static final String SANDBOX_BASE_URL = "https://api.sandbox.checkout.com";

  /** The production API. */
  public static final String PRODUCTION_BASE_URL = "https://api.checkout.com";

  /** The largest amount Checkout.com takes: nine digits. */
  public static final long MAX_AMOUNT = 999_999_999L;

  /** Checkout.com's rules for amounts. */
  static final AmountCodec AMOUNTS =
      AmountCodec.builder("Checkout.com")
          .exponent(
              0, "BIF", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VUV", "VND",
              "XAF", "XOF", "XPF")
          .exponent(3, "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND")
          .multipleOf(
              10,
              "Checkout.com requires amounts in three-decimal currencies to end in 0",
              "BHD",
              "IQD",
              "JOD",
              "KWD",
              "LYD",
              "OMR",
              "TND")
          // "All other currencies" are sent in hundredths, including those ISO 4217 gives none
          // (CLP, UYI) or four (CLF, UYW) decimals.
          .exponent(2, "CLP", "UYI", "CLF", "UYW")
          .multipleOf(100, "Checkout.com takes CLP in whole pesos only", "CLP")
          .multipleOf(100, "Checkout.com takes UYI in whole units only", "UYI")
          .build();

  private static final MediaType JSON = MediaType.get("application/json");
  private static final int MAX_REFERENCE = 50;
  private static final int MAX_DESCRIPTION = 100;
  private static final int MAX_URL = 255;
  private static final int PAGE_SIZE = 100;
  private static final Pattern CURRENT_KEY = Pattern.compile("sk_(sbox_)?[a-z2-7]{26}[a-z2-7*#$=]");
  private static final Pattern PREVIOUS_KEY =
      Pattern.compile("sk_(test_)?\\w{8}-\\w{4}-\\w{4}-\\w{4}-\\w{12}");
  private static final Pattern ACCOUNT_PREFIX = Pattern.compile("(pl-)?[a-z0-9]+");
  private static final Pattern PROCESSING_CHANNEL = Pattern.compile("pc_[a-z0-9]{26}");
  private static final Pattern SESSION_ID = Pattern.compile("sid_[A-Za-z0-9]{1,64}");

  private final String id;
  private final GatewayCapabilities capabilities;
  private final HttpUrl baseUrl;
  private final String authorization;
  private final String processingChannelId;
  private final GatewayTransport transport;
  private final CheckoutComResponses responses;
  private final int lookupScanPages;

  private CheckoutComGateway(Builder b, GatewaySettings s) {
    this.id = s.id();
    this.capabilities = s.capabilities();
    this.baseUrl = s.baseUrl();
    this.authorization =
        PREVIOUS_KEY.matcher(b.secretKey).matches() ? b.secretKey : "Bearer " + b.secretKey;
    this.processingChannelId = b.processingChannelId;
    this.transport = s.transport();
    this.responses = new CheckoutComResponses(s.id(), s.declineTable(), AMOUNTS);
    this.lookupScanPages = b.lookupScanPages;
  }

  /** A builder; {@link Builder#secretKey(String)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The curated decline table from Checkout.com's documented response codes; a starting point for
   * {@link DeclineTable#withOverride}.
   */
  public static DeclineTable defaultDeclineTable() {
    return CheckoutComDeclines.DEFAULT;
  }

  /**
   * What Checkout.com can do by default: every currency (under the amount rules above; the account
   * decides which are enabled), the card brands it acquires, every operation, 3-D Secure, partial
   * and multiple captures ({@code capture_type} {@code NonFinal}/{@code Final}), partial refunds,
   * and {@code idempotencyKeys(false)}: Checkout.com does not store the result of a request that
   * ended in a 4xx or 5xx, so a same-key retry after an unknown outcome is not guaranteed to be
   * harmless (see the class documentation).
   */
  public static GatewayCapabilities defaultCapabilities() {
    return capabilitiesWith(false);
  }

  private static GatewayCapabilities capabilitiesWith(boolean sameKeyRetries) {
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
        .threeDSecure(true)
        .idempotencyKeys(sameKeyRetries)
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
   * Authorizes, or purchases when {@link AuthorizeRequest#capture()} is true, with {@code POST
   * /payments}.
   *
   * @throws InvalidRequestException before sending, for an amount Checkout.com cannot represent, a
   *     reference or return URL longer than it takes, a gateway token that is neither {@code tok_}
   *     nor {@code src_}, or an idempotency key that cannot travel in a header
   * @throws GatewayException for every failure, classified as the class documentation describes
   */
  @Override
  public GatewayResult authorize(AuthorizeRequest request) {
    return transport.withinCallTimeout(() -> authorizeWithin(request));
  }

  private GatewayResult authorizeWithin(AuthorizeRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    long amount = minorUnits(request.amount());
    checkLength("reference", request.reference(), MAX_REFERENCE);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.set("source", source(request.source()));
    body.put("amount", amount);
    body.put("currency", request.amount().currencyCode());
    body.put("reference", request.reference());
    if (request.description() != null && !request.description().isBlank()) {
      body.put("description", truncate(request.description(), MAX_DESCRIPTION));
    }
    body.put("capture", request.capture());
    ObjectNode threeDs = body.putObject("3ds");
    switch (request.threeDSecure()) {
      case REQUIRED -> threeDs.put("enabled", true).put("attempt_n3d", false);
      case AUTOMATIC -> threeDs.put("enabled", true).put("attempt_n3d", true);
      case SKIP -> threeDs.put("enabled", false);
    }
    if (request.returnUrl() != null) {
      checkLength("returnUrl", request.returnUrl(), MAX_URL);
      body.put("success_url", request.returnUrl());
      body.put("failure_url", request.returnUrl());
    }
    Customer customer = request.customer();
    if (customer != null && customer.email() != null) {
      body.putObject("customer").put("email", customer.email());
    }
    if (customer != null && customer.ipAddress() != null) {
      body.put("payment_ip", customer.ipAddress());
    }
    if (processingChannelId != null) {
      body.put("processing_channel_id", processingChannelId);
    }
    ObjectNode metadata = body.putObject("metadata");
    for (Map.Entry<String, String> e : request.metadata().entrySet()) {
      if (!e.getKey().startsWith("ottu_")) {
        metadata.put(e.getKey(), e.getValue());
      }
    }
    metadata
        .put("ottu_payment_id", request.paymentId())
        .put("ottu_idempotency_key", key)
        .put("ottu_capture", Boolean.toString(request.capture()));
    HttpReply reply = transport.execute(post(url("payments").build(), body, key));
    if (reply.isSuccessful()) {
      return responses.created(reply, request.capture());
    }
    throw responses.failure(reply, null);
  }

  /**
   * Captures with {@code POST /payments/{id}/captures}; Checkout.com accepts it (202) and processes
   * it asynchronously, so the result is pending with the {@code action_id}.
   */
  @Override
  public GatewayResult capture(CaptureRequest request) {
    return transport.withinCallTimeout(() -> captureWithin(request));
  }

  private GatewayResult captureWithin(CaptureRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("amount", minorUnits(request.amount()));
    body.put("capture_type", request.finalCapture() ? "Final" : "NonFinal");
    body.put("reference", actionReference(key));
    actionMetadata(body, request.paymentId(), key, null);
    return followUp(request.gatewayReference(), "captures", "capture", body, key);
  }

  /**
   * Voids with {@code POST /payments/{id}/voids}; pending until Checkout.com processes it.
   * Checkout.com voids authorized payments; where it does not allow the void (403 "Void not
   * allowed", for example a payment still waiting for 3-D Secure) the call is rejected ({@code
   * void_not_allowed}). A payment abandoned in 3-D Secure is declined by Checkout.com itself
   * (response code 20152 after 15 minutes), which a lookup then reports.
   */
  @Override
  public GatewayResult cancel(CancelRequest request) {
    return transport.withinCallTimeout(() -> cancelWithin(request));
  }

  private GatewayResult cancelWithin(CancelRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("reference", actionReference(key));
    actionMetadata(body, request.paymentId(), key, null);
    return followUp(request.gatewayReference(), "voids", "void", body, key);
  }

  /** Refunds with {@code POST /payments/{id}/refunds}; pending until Checkout.com processes it. */
  @Override
  public GatewayResult refund(RefundRequest request) {
    return transport.withinCallTimeout(() -> refundWithin(request));
  }

  private GatewayResult refundWithin(RefundRequest request) {
    String key = checkIdempotencyKey(request.idempotencyKey());
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("amount", minorUnits(request.amount()));
    body.put("reference", actionReference(key));
    actionMetadata(body, request.paymentId(), key, request.reason());
    return followUp(request.gatewayReference(), "refunds", "refund", body, key);
  }

  /**
   * Looks an operation up: a payment by id or by reference, a capture, void or refund among the
   * payment's actions (see the class documentation).
   *
   * @return the answer, or empty when Checkout.com has no record of it
   * @throws GatewayException when Checkout.com could not be asked or the absence cannot be proven;
   *     {@code REJECTED} for a follow-up lookup without the payment id
   */
  @Override
  public Optional<GatewayResult> lookup(LookupRequest request) {
    return transport.withinCallTimeout(() -> lookupWithin(request));
  }

  private Optional<GatewayResult> lookupWithin(LookupRequest request) {
    return switch (request.operation()) {
      case CAPTURE -> lookupAction(request, "Capture");
      case REFUND -> lookupAction(request, "Refund");
      case CANCEL -> lookupAction(request, "Void");
      default -> lookupPayment(request);
    };
  }

  /**
   * Reads the payment after the shopper's return: {@code GET /payments/{cko-session-id}}, or the
   * payment id when the return carried no session id.
   *
   * @throws InvalidRequestException if the session id is malformed, neither it nor the payment id
   *     is known, or the session belongs to another payment
   */
  @Override
  public GatewayResult completeAction(CompleteActionRequest request) {
    return transport.withinCallTimeout(() -> completeActionWithin(request));
  }

  private GatewayResult completeActionWithin(CompleteActionRequest request) {
    String session = request.parameters().get("cko-session-id");
    if (session != null && !SESSION_ID.matcher(session).matches()) {
      throw new InvalidRequestException(
          "parameters.cko-session-id", "is not a Checkout.com session id (sid_...)");
    }
    String known = request.gatewayReference();
    String target = session != null ? session : known;
    if (target == null || target.isBlank()) {
      throw new InvalidRequestException(
          "gatewayReference",
          "the payment id or the cko-session-id is needed to finish the payment");
    }
    HttpReply reply = transport.execute(get(paymentUrl(target, null)));
    if (!reply.isSuccessful()) {
      throw responses.failure(reply, null);
    }
    JsonNode payment = reply.json();
    String paymentId = Json.text(payment, "id");
    if (known != null && paymentId != null && !known.equals(paymentId)) {
      throw new InvalidRequestException(
          "parameters.cko-session-id", "belongs to another Checkout.com payment");
    }
    String owner = Json.text(Json.object(payment, "metadata"), "ottu_payment_id");
    if (owner != null && !owner.equals(request.paymentId())) {
      throw new InvalidRequestException(
          "parameters.cko-session-id", "the Checkout.com payment belongs to another payment");
    }
    return details(reply, payment, request.capture());
  }

  // ---- lookup -----------------------------------------------------------------------------

  private Optional<GatewayResult> lookupPayment(LookupRequest request) {
    Boolean capture =
        switch (request.operation()) {
          case PURCHASE -> Boolean.TRUE;
          case AUTHORIZE -> Boolean.FALSE;
          default -> null; // from the payment's metadata
        };
    if (request.gatewayReference() != null) {
      HttpReply reply = transport.execute(get(paymentUrl(request.gatewayReference(), null)));
      if (reply.status() == 404) {
        return Optional.empty();
      }
      if (!reply.isSuccessful()) {
        throw responses.failure(reply, null);
      }
      JsonNode payment = reply.json();
      return Optional.of(details(reply, payment, captureOf(payment, capture)));
    }
    return findByReference(request, capture);
  }

  private Optional<GatewayResult> findByReference(LookupRequest request, Boolean capture) {
    boolean byKey =
        request.operation() == GatewayOperation.AUTHORIZE
            || request.operation() == GatewayOperation.PURCHASE;
    HttpReply reply = null;
    for (int page = 0; page < lookupScanPages; page++) {
      HttpUrl list =
          url("payments")
              .addQueryParameter("reference", request.reference())
              .addQueryParameter("limit", Integer.toString(PAGE_SIZE))
              .addQueryParameter("skip", Integer.toString(page * PAGE_SIZE))
              .build();
      reply = transport.execute(get(list));
      if (!reply.isSuccessful()) {
        throw responses.failure(reply, null);
      }
      JsonNode body = reply.json();
      JsonNode data = body.path("data");
      // Newest first: the first match is the latest attempt with this key.
      for (JsonNode payment : data) {
        JsonNode metadata = Json.object(payment, "metadata");
        if (request.paymentId().equals(Json.text(metadata, "ottu_payment_id"))
            && (!byKey
                || request.idempotencyKey().equals(Json.text(metadata, "ottu_idempotency_key")))) {
          return Optional.of(details(reply, payment, captureOf(payment, capture)));
        }
      }
      Long total = Json.longValue(body, "total_count");
      long seen = (long) page * PAGE_SIZE + data.size();
      boolean more = total != null ? seen < total : data.size() >= PAGE_SIZE;
      if (!more || data.size() == 0) {
        return Optional.empty();
      }
    }
    throw reply.unknownOutcome(
        "no payment found among the first "
            + lookupScanPages * PAGE_SIZE
            + " with this reference, and more exist, so its absence cannot be proven");
  }

  private Optional<GatewayResult> lookupAction(LookupRequest request, String type) {
    String paymentId = request.gatewayReference();
    if (paymentId == null) {
      throw GatewayException.rejected(
          id, "looking up a " + type.toLowerCase(Locale.ROOT) + " needs the payment id", 0, null);
    }
    HttpReply reply = transport.execute(get(paymentUrl(paymentId, "actions")));
    if (reply.status() == 404) {
      return Optional.empty();
    }
    if (!reply.isSuccessful()) {
      throw responses.failure(reply, null);
    }
    JsonNode actions = actionList(reply);
    String reference = actionReference(request.idempotencyKey());
    for (JsonNode action : actions) {
      if (type.equals(Json.text(action, "type"))
          && reference.equals(Json.text(action, "reference"))) {
        return Optional.of(
            responses.action(reply, action, paymentId, type, request.amount().currencyCode()));
      }
    }
    return Optional.empty();
  }

  /** A payment's details as a result, reading its actions when a decline does not say why. */
  private GatewayResult details(HttpReply reply, JsonNode payment, boolean capture) {
    JsonNode actions = null;
    String paymentId = Json.text(payment, "id");
    if (paymentId != null && responses.declinedWithoutCode(payment)) {
      try {
        HttpReply actionsReply = transport.execute(get(paymentUrl(paymentId, "actions")));
        if (actionsReply.isSuccessful()) {
          actions = actionList(actionsReply);
        }
      } catch (GatewayException e) {
        // The decline itself is certain; without its code it maps to the default rule.
        actions = null;
      }
    }
    return responses.payment(reply, payment, capture, actions);
  }

  private static boolean captureOf(JsonNode payment, Boolean requested) {
    if (requested != null) {
      return requested;
    }
    return "true".equals(Json.text(Json.object(payment, "metadata"), "ottu_capture"));
  }

  /** The actions array: the documented bare array, or an {@code items}/{@code data} wrapper. */
  private static JsonNode actionList(HttpReply reply) {
    JsonNode body = reply.json();
    if (body.isArray()) {
      return body;
    }
    for (String field : new String[] {"items", "data"}) {
      JsonNode list = body.get(field);
      if (list != null && list.isArray()) {
        return list;
      }
    }
    throw reply.unknownOutcome("the payment's actions are not a list");
  }

  // ---- requests -----------------------------------------------------------------------------

  private GatewayResult followUp(
      String paymentId, String path, String verb, ObjectNode body, String key) {
    HttpReply reply = transport.execute(post(paymentUrl(paymentId, path), body, key));
    if (reply.isSuccessful()) {
      return responses.actionAccepted(reply, paymentId);
    }
    throw responses.failure(reply, verb);
  }

  private static ObjectNode source(GatewaySource source) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    Optional<CardData> card = source.card();
    if (card.isPresent()) {
      CardData c = card.get();
      s.put("type", "card")
          .put("number", c.number())
          .put("expiry_month", c.expiryMonth())
          .put("expiry_year", c.expiryYear());
      c.holderName().ifPresent(name -> s.put("name", name));
      c.cvc().ifPresent(cvc -> s.put("cvv", cvc));
      return s;
    }
    String token = source.gatewayToken().orElseThrow();
    if (token.startsWith("tok_")) {
      return s.put("type", "token").put("token", token);
    }
    if (token.startsWith("src_")) {
      return s.put("type", "id").put("id", token);
    }
    throw new InvalidRequestException(
        "source",
        "a Checkout.com gateway token must be a card token (tok_...) or a stored source id"
            + " (src_...)");
  }

  private static void actionMetadata(ObjectNode body, String paymentId, String key, String reason) {
    ObjectNode metadata = body.putObject("metadata");
    metadata.put("ottu_payment_id", paymentId).put("ottu_idempotency_key", key);
    if (reason != null && !reason.isBlank()) {
      metadata.put("reason", reason);
    }
  }

  private Request post(HttpUrl url, ObjectNode body, String idempotencyKey) {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the request body could not be written", e);
    }
    return headers(new Request.Builder().url(url))
        .header("Cko-Idempotency-Key", idempotencyKey)
        .post(RequestBody.create(bytes, JSON))
        .build();
  }

  private Request get(HttpUrl url) {
    return headers(new Request.Builder().url(url)).get().build();
  }

  private Request.Builder headers(Request.Builder b) {
    return b.header("Authorization", authorization)
        .header("Accept", "application/json")
        .header("User-Agent", "ottu-java");
  }

  private HttpUrl.Builder url(String path) {
    return GatewayHttpClients.resolve(baseUrl, path);
  }

  private HttpUrl paymentUrl(String paymentId, String action) {
    HttpUrl.Builder b = url("payments").addPathSegment(paymentId);
    if (action != null) {
      b.addPathSegment(action);
    }
    return b.build();
  }

  // ---- validation ---------------------------------------------------------------------------

  /**
   * {@code money} in Checkout.com's unit.
   *
   * @throws InvalidRequestException on {@code amount} if Checkout.com cannot take it
   */
  static long minorUnits(Money money) {
    long value = AMOUNTS.toMinorUnits(money);
    if (value <= 0) {
      throw new InvalidRequestException(
          "amount",
          money + " cannot be sent to Checkout.com: the amount must be greater than zero");
    }
    if (value > MAX_AMOUNT) {
      throw new InvalidRequestException(
          "amount",
          money
              + " cannot be sent to Checkout.com: it takes at most nine digits, and this is "
              + value
              + " in its unit");
    }
    return value;
  }

  /**
   * The {@code reference} of a capture, void or refund: the idempotency key when it fits
   * Checkout.com's 50 characters, otherwise {@code ottu-} and the first 45 hex digits of its
   * SHA-256. Deterministic, so a lookup finds the action by the key it was sent with.
   */
  static String actionReference(String idempotencyKey) {
    if (idempotencyKey.length() <= MAX_REFERENCE) {
      return idempotencyKey;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "ottu-" + HexFormat.of().formatHex(digest).substring(0, MAX_REFERENCE - 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  private static String checkIdempotencyKey(String key) {
    if (key.isEmpty()) {
      throw new InvalidRequestException("idempotencyKey", "must not be empty");
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

  private static void checkLength(String field, String value, int max) {
    if (value.length() > max) {
      throw new InvalidRequestException(
          field, "Checkout.com takes at most " + max + " characters, got " + value.length());
    }
  }

  private static String truncate(String value, int max) {
    if (value.codePointCount(0, value.length()) <= max) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, max));
  }

  @Override
  public String toString() {
    return "CheckoutComGateway[" + id + " " + baseUrl + "]";
  }

  /**
   * Builds a {@link CheckoutComGateway}. Not thread-safe; reusable: {@link #build()} validates and
   * copies.
   *
   * <p>Defaults of the {@link GatewayBuilder} settings: id {@code checkout}; base URL {@value
   * #SANDBOX_BASE_URL}, or as {@link #production()} and {@link #accountPrefix(String)} choose,
   * which an explicit {@link #baseUrl(String)} overrides; connect timeout 10 s; read timeout 60 s
   * (do not set it much shorter than the slowest issuer plus 3-D Secure frictionless flows); {@link
   * #defaultDeclineTable()}; {@link #defaultCapabilities()}, adjusted by {@link
   * #sameKeyRetries(boolean)}.
   */
  public static final class Builder extends GatewayBuilder<Builder> {
    private String secretKey;
    private boolean production;
    private String accountPrefix;
    private String processingChannelId;
    private Boolean sameKeyRetries;
    private int lookupScanPages = 3;

    private Builder() {
      super(
          "checkout",
          null,
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          CheckoutComDeclines.DEFAULT,
          null);
    }

    /**
     * The secret key: {@code sk_sbox_...} (sandbox) or {@code sk_...} (production) of the current
     * platform, sent as {@code Bearer}; or a previous-platform key ({@code sk_test_} or {@code sk_}
     * and a UUID), sent as is. Required. Never logged or shown by {@code toString()}.
     */
    public Builder secretKey(String secretKey) {
      this.secretKey = secretKey;
      return this;
    }

    /** Calls production, {@value #PRODUCTION_BASE_URL}, instead of the sandbox. */
    public Builder production() {
      this.production = true;
      return this;
    }

    /** Calls the sandbox, {@value #SANDBOX_BASE_URL}; the default. */
    public Builder sandbox() {
      this.production = false;
      return this;
    }

    /**
     * The account-specific prefix Checkout.com assigns (the Dashboard shows it): requests go to
     * {@code https://{prefix}.api.sandbox.checkout.com} or {@code
     * https://{prefix}.api.checkout.com}.
     */
    public Builder accountPrefix(String accountPrefix) {
      this.accountPrefix = accountPrefix;
      return this;
    }

    /**
     * The processing channel ({@code pc_...}) sent with every payment; required by Checkout.com
     * when the account has more than one. Not sent by default.
     */
    public Builder processingChannelId(String processingChannelId) {
      this.processingChannelId = processingChannelId;
      return this;
    }

    /**
     * Whether the default capabilities let the engine retry an unknown outcome by re-sending the
     * same request with the same {@code Cko-Idempotency-Key}; false by default. Turning it on
     * recovers plain timeouts faster (Checkout.com replays a stored 2xx) at the residual risk the
     * class documentation describes: a retry after a 5xx that followed a processed payment is
     * processed again. Not combinable with {@link #capabilities(GatewayCapabilities)}, which then
     * decides.
     */
    public Builder sameKeyRetries(boolean sameKeyRetries) {
      this.sameKeyRetries = sameKeyRetries;
      return this;
    }

    /**
     * How many pages of 100 payments with the same reference a lookup without the payment id reads
     * before giving up with {@code UNKNOWN_OUTCOME}; 3 by default.
     */
    public Builder lookupScanPages(int lookupScanPages) {
      this.lookupScanPages = lookupScanPages;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the field: {@code secretKey} missing, not a
     *     Checkout.com secret key (the key is never echoed), or of the other environment than a
     *     Checkout.com base URL; {@code baseUrl}; {@code accountPrefix} malformed or combined with
     *     {@code baseUrl}; {@code processingChannelId}; {@code id}; a timeout; {@code
     *     lookupScanPages}; {@code sameKeyRetries} combined with {@code capabilities}
     * @throws NullPointerException naming {@code declineTable} or {@code clock} if set to null
     */
    public CheckoutComGateway build() {
      if (secretKey == null || secretKey.isBlank()) {
        throw new IllegalArgumentException("secretKey: is required");
      }
      boolean current = CURRENT_KEY.matcher(secretKey).matches();
      if (!current && !PREVIOUS_KEY.matcher(secretKey).matches()) {
        throw new IllegalArgumentException(
            "secretKey: must be a Checkout.com secret key (sk_sbox_... for the sandbox, sk_... for"
                + " production)");
      }
      checkId();
      if (accountPrefix != null) {
        if (baseUrl() != null) {
          throw new IllegalArgumentException(
              "accountPrefix: cannot be combined with baseUrl; put the prefix in the URL");
        }
        if (!ACCOUNT_PREFIX.matcher(accountPrefix).matches()) {
          throw new IllegalArgumentException(
              "accountPrefix: must be lower-case letters and digits, was " + accountPrefix);
        }
      }
      if (processingChannelId != null
          && !PROCESSING_CHANNEL.matcher(processingChannelId).matches()) {
        throw new IllegalArgumentException(
            "processingChannelId: must be a Checkout.com processing channel id (pc_...)");
      }
      if (lookupScanPages < 1 || lookupScanPages > 100) {
        throw new IllegalArgumentException(
            "lookupScanPages: must be 1 to 100, was " + lookupScanPages);
      }
      if (capabilities() != null && sameKeyRetries != null) {
        throw new IllegalArgumentException(
            "sameKeyRetries: set idempotencyKeys in the capabilities given instead");
      }
      GatewayCapabilities caps =
          capabilities() != null
              ? capabilities()
              : capabilitiesWith(sameKeyRetries != null && sameKeyRetries);
      GatewaySettings settings =
          settings(
              baseUrl() != null ? baseUrl() : defaultUrl(),
              caps,
              "Cko-Request-Id",
              url -> {
                if (current) {
                  checkKeyEnvironment(secretKey, url);
                }
              });
      return new CheckoutComGateway(this, settings);
    }

    private String defaultUrl() {
      String host = production ? "api.checkout.com" : "api.sandbox.checkout.com";
      return "https://" + (accountPrefix == null ? "" : accountPrefix + ".") + host;
    }

    /** A current-platform key names its environment; calling the other one can only fail. */
    private static void checkKeyEnvironment(String key, HttpUrl url) {
      String host = url.host().toLowerCase(Locale.ROOT);
      boolean sandboxHost =
          host.equals("api.sandbox.checkout.com") || host.endsWith(".api.sandbox.checkout.com");
      boolean productionHost =
          !sandboxHost && (host.equals("api.checkout.com") || host.endsWith(".api.checkout.com"));
      boolean sandboxKey = key.startsWith("sk_sbox_");
      if (sandboxHost && !sandboxKey) {
        throw new IllegalArgumentException(
            "secretKey: a production key cannot call the sandbox ("
                + host
                + "); call production()");
      }
      if (productionHost && sandboxKey) {
        throw new IllegalArgumentException(
            "secretKey: a sandbox key (sk_sbox_...) cannot call production (" + host + ")");
      }
    }
  }
}
