package io.ottu.webhooks;

import io.ottu.NotificationResult;
import io.ottu.NotificationResult.Outcome;
import io.ottu.Notifications;
import io.ottu.Payment;
import io.ottu.Payments;
import io.ottu.gateway.GatewayNotification;
import io.ottu.webhooks.WebhookVerificationException.Reason;
import io.ottu.webhooks.alerts.Alert;
import io.ottu.webhooks.alerts.AlertSink;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway webhooks in: verify, parse, de-duplicate, apply. One instance serves every gateway the
 * host receives webhooks from; the host's HTTP endpoint hands each request over and answers with
 * the result.
 *
 * <pre>{@code
 * InboundWebhooks inbound = InboundWebhooks.builder()
 *     .notifications(client.notifications())
 *     .gateway("stripe", WebhookVerifiers.stripe(stripeSecret), NotificationFormats.stripe())
 *     .gateway("adyen", WebhookVerifiers.adyen(adyenHmacKey), NotificationFormats.adyen())
 *     .build();
 *
 * // in the HTTP handler for POST /webhooks/{gatewayId}:
 * InboundResult r = inbound.handle(gatewayId, WebhookRequest.of(headers, rawBody));
 * response.status(r.httpStatus()).contentType(r.contentType()).body(r.responseBody());
 * }</pre>
 *
 * <p>For each request, in this order:
 *
 * <ol>
 *   <li>A body longer than {@link Builder#maxBodyBytes(int)} (256 KiB by default) is refused with
 *       413 before it is verified or parsed.
 *   <li>The gateway's {@link WebhookVerifier} checks it. A request that fails is never trusted:
 *       401, and nothing is applied. If {@link Builder#lookupUnverified(Payments)} is set, the
 *       payment ids it names (read without trusting anything else) may trigger a lookup at the
 *       gateway, nothing more; see there.
 *   <li>The gateway's {@link NotificationFormat} parses it into {@link GatewayNotification}s; a
 *       body that is not the gateway's format is refused with 400.
 *   <li>Each notification already recorded in the {@link ProcessedEventStore} is skipped as a
 *       duplicate. The others go to {@link Notifications#apply}, which finds the payment, checks
 *       the amount and currency against it, and moves it through the state machine, so late,
 *       duplicated and out-of-order notifications are harmless. Every outcome but {@code
 *       PAYMENT_NOT_FOUND} is then recorded. A {@code MISMATCH} (an amount or currency that
 *       contradicts the payment) raises a {@link Alert.Type#NOTIFICATION_MISMATCH} alert.
 *   <li>The answer is 200 with the gateway's expected acknowledgement ({@code [accepted]} for
 *       Adyen). If applying throws (the store is down), the answer is 500 and the notification is
 *       not recorded, so the gateway's retry applies it later.
 * </ol>
 *
 * <p>A notification for a payment this client does not know is acknowledged (200), since the
 * gateway account may carry payments made elsewhere, and is not recorded as processed.
 *
 * <p>Thread-safe; immutable configuration. Nothing is logged from a body but ids, kinds and
 * outcomes.
 */
public final class InboundWebhooks {
  private static final Logger log = LoggerFactory.getLogger(InboundWebhooks.class);
  private static final int MAX_HINTS = 5;
  private static final int LOOKUP_MEMORY = 10_000;

  private record Source(WebhookVerifier verifier, NotificationFormat format) {}

  private final Notifications notifications;
  private final Map<String, Source> gateways;
  private final int maxBodyBytes;
  private final ProcessedEventStore processed;
  private final Payments lookup;
  private final Duration lookupCooldown;
  private final AlertSink alerts;
  private final Clock clock;
  private final Builder config;
  private final Map<String, Instant> lastLookup =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
              return size() > LOOKUP_MEMORY;
            }
          });

  private InboundWebhooks(Builder b) {
    if (b.notifications == null) {
      throw new IllegalArgumentException("notifications: is required (client.notifications())");
    }
    if (b.gateways.isEmpty()) {
      throw new IllegalArgumentException("gateway: at least one gateway is required");
    }
    this.config = b.copy();
    this.notifications = b.notifications;
    this.gateways = Collections.unmodifiableMap(new LinkedHashMap<>(b.gateways));
    this.maxBodyBytes = b.maxBodyBytes;
    this.processed =
        b.processed != null
            ? b.processed
            : ProcessedEventStore.inMemory(100_000, Duration.ofDays(7), b.clock);
    this.lookup = b.lookup;
    this.lookupCooldown = b.lookupCooldown;
    this.alerts = b.alerts;
    this.clock = b.clock;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this instance's configuration. */
  public Builder toBuilder() {
    return config.copy();
  }

  /** The gateway ids webhooks are accepted for, in configuration order. */
  public Set<String> gatewayIds() {
    return gateways.keySet();
  }

  /**
   * Reads the body from {@code body} (at most {@link Builder#maxBodyBytes(int)} bytes plus one, so
   * an oversized body is refused without being buffered) and handles the request.
   *
   * @throws IOException if reading the body fails
   */
  public InboundResult handle(String gatewayId, Map<String, List<String>> headers, InputStream body)
      throws IOException {
    Objects.requireNonNull(gatewayId, "gatewayId");
    WebhookRequest request;
    try {
      request = WebhookRequest.read(headers, body, maxBodyBytes);
    } catch (WebhookVerificationException e) {
      return tooLarge(gatewayId);
    }
    return handle(gatewayId, request);
  }

  /**
   * Verifies, parses, de-duplicates and applies one webhook; see the class description. Never
   * throws for anything the sender controls: the result says what happened and what to answer.
   *
   * @throws NullPointerException if an argument is null
   */
  public InboundResult handle(String gatewayId, WebhookRequest request) {
    Objects.requireNonNull(gatewayId, "gatewayId");
    Objects.requireNonNull(request, "request");
    Source source = gateways.get(gatewayId);
    if (source == null) {
      return new InboundResult(
          InboundResult.Status.UNKNOWN_GATEWAY,
          404,
          "unknown gateway",
          null,
          List.of(),
          "no gateway " + gatewayId + " is configured for webhooks");
    }
    if (request.bodyLength() > maxBodyBytes) {
      return tooLarge(gatewayId);
    }
    try {
      source.verifier().verify(request);
    } catch (WebhookVerificationException e) {
      return unverified(gatewayId, source, request, e);
    } catch (RuntimeException e) {
      // A verifier that breaks on hostile input must still not let the request through.
      log.warn("{} webhook verifier failed: {}", gatewayId, e.toString());
      return unverified(
          gatewayId,
          source,
          request,
          new WebhookVerificationException(
              source.verifier().scheme(), Reason.MALFORMED_BODY, "the verifier failed", e));
    }
    Instant now = clock.instant();
    List<GatewayNotification> parsed;
    try {
      parsed = source.format().parse(gatewayId, request, now);
    } catch (MalformedNotificationException e) {
      log.warn("{} webhook verified but malformed: {}", gatewayId, e.getMessage());
      return new InboundResult(
          InboundResult.Status.MALFORMED, 400, "malformed", null, List.of(), e.getMessage());
    } catch (RuntimeException e) {
      log.warn("{} webhook verified but unreadable: {}", gatewayId, e.toString());
      return new InboundResult(
          InboundResult.Status.MALFORMED,
          400,
          "malformed",
          null,
          List.of(),
          gatewayId + ": the body could not be read (" + e.getClass().getSimpleName() + ")");
    }
    List<InboundResult.Item> items = new ArrayList<>(parsed.size());
    for (GatewayNotification n : parsed) {
      if (processed.contains(gatewayId, n.eventId())) {
        log.debug("{} notification {} already processed", gatewayId, n.eventId());
        items.add(new InboundResult.Item(n, true, null));
        continue;
      }
      NotificationResult r;
      try {
        r = notifications.apply(n);
      } catch (RuntimeException e) {
        log.error(
            "{} notification {} ({}) could not be applied; the gateway will retry: {}",
            gatewayId,
            n.eventId(),
            n.kind(),
            e.toString());
        return new InboundResult(
            InboundResult.Status.FAILED,
            500,
            "retry later",
            null,
            items,
            "applying " + n.eventId() + " failed (" + e.getClass().getSimpleName() + ")");
      }
      log.info(
          "{} notification {} ({}) -> {}: {}",
          gatewayId,
          n.eventId(),
          n.kind(),
          r.outcome(),
          r.detail());
      if (r.outcome() != Outcome.PAYMENT_NOT_FOUND) {
        processed.record(gatewayId, n.eventId(), now);
      }
      if (r.outcome() == Outcome.MISMATCH) {
        AlertSink.sendQuietly(
            alerts,
            Alert.of(
                Alert.Type.NOTIFICATION_MISMATCH,
                Alert.Severity.CRITICAL,
                gatewayId,
                "a verified " + n.kind() + " notification contradicts the payment: " + r.detail(),
                now,
                mismatchAttributes(n, r)));
      }
      items.add(new InboundResult.Item(n, false, r));
    }
    String detail =
        parsed.isEmpty()
            ? "no notification in this event concerns a payment"
            : items.size() + " notification(s) handled";
    return new InboundResult(
        InboundResult.Status.PROCESSED,
        200,
        source.format().acknowledgement(),
        null,
        items,
        detail);
  }

  private static Map<String, String> mismatchAttributes(
      GatewayNotification n, NotificationResult r) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("event_id", n.eventId());
    a.put("kind", n.kind().name());
    r.paymentOptional().ifPresent(p -> a.put("payment_id", p.id()));
    n.amountOptional().ifPresent(m -> a.put("notified_amount", m.toString()));
    return a;
  }

  private InboundResult tooLarge(String gatewayId) {
    log.warn("{} webhook refused: body longer than {} bytes", gatewayId, maxBodyBytes);
    return new InboundResult(
        InboundResult.Status.TOO_LARGE,
        413,
        "too large",
        null,
        List.of(),
        "the body is longer than the limit of " + maxBodyBytes + " bytes");
  }

  private InboundResult unverified(
      String gatewayId, Source source, WebhookRequest request, WebhookVerificationException e) {
    if (e.reason() == Reason.VERIFIER_UNAVAILABLE) {
      log.warn("{} webhook could not be verified now: {}", gatewayId, e.getMessage());
      return new InboundResult(
          InboundResult.Status.VERIFIER_UNAVAILABLE,
          503,
          "retry later",
          null,
          List.of(),
          e.getMessage());
    }
    log.warn("{} webhook refused: {}", gatewayId, e.getMessage());
    String looked = lookUp(gatewayId, source, request);
    return new InboundResult(
        InboundResult.Status.UNVERIFIED,
        401,
        "unverified",
        null,
        List.of(),
        e.getMessage() + looked);
  }

  /**
   * For an unverified request: at most asks the gateway, through {@link Payments#refreshAsync},
   * about a payment the body names that exists here and was made with this gateway, at most once
   * per payment per cooldown. Nothing from the body is applied.
   */
  private String lookUp(String gatewayId, Source source, WebhookRequest request) {
    if (lookup == null) {
      return "";
    }
    List<String> hints;
    try {
      hints = source.format().paymentIdHints(request);
    } catch (RuntimeException ex) {
      return "";
    }
    StringBuilder started = new StringBuilder();
    Instant now = clock.instant();
    for (String id : hints.subList(0, Math.min(hints.size(), MAX_HINTS))) {
      Optional<Payment> p;
      try {
        p = lookup.get(id);
      } catch (RuntimeException ex) {
        continue;
      }
      if (p.isEmpty() || !p.get().gatewayId().map(gatewayId::equals).orElse(false)) {
        continue;
      }
      synchronized (lastLookup) {
        Instant last = lastLookup.get(id);
        if (last != null && now.isBefore(last.plus(lookupCooldown))) {
          continue;
        }
        lastLookup.put(id, now);
      }
      log.info(
          "{} unverified webhook names payment {}: looking it up at the gateway", gatewayId, id);
      lookup
          .refreshAsync(id)
          .whenComplete(
              (r, ex) -> {
                if (ex != null) {
                  log.warn(
                      "lookup of payment {} after an unverified webhook failed: {}",
                      id,
                      ex.toString());
                }
              });
      started.append(started.length() == 0 ? "; lookup started for " : ", ").append(id);
    }
    return started.toString();
  }

  @Override
  public String toString() {
    return "InboundWebhooks[gateways=" + gateways.keySet() + ", maxBodyBytes=" + maxBodyBytes + "]";
  }

  /**
   * Builds {@link InboundWebhooks}. Not thread-safe; {@link #build()} copies, and the builder can
   * be reused.
   */
  public static final class Builder {
    private Notifications notifications;
    private final Map<String, Source> gateways = new LinkedHashMap<>();
    private int maxBodyBytes = 256 * 1024;
    private ProcessedEventStore processed;
    private Payments lookup;
    private Duration lookupCooldown = Duration.ofMinutes(1);
    private AlertSink alerts = AlertSink.NONE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.notifications = notifications;
      b.gateways.putAll(gateways);
      b.maxBodyBytes = maxBodyBytes;
      b.processed = processed;
      b.lookup = lookup;
      b.lookupCooldown = lookupCooldown;
      b.alerts = alerts;
      b.clock = clock;
      return b;
    }

    /** Where verified notifications are applied: {@code client.notifications()}. Required. */
    public Builder notifications(Notifications notifications) {
      this.notifications = Objects.requireNonNull(notifications, "notifications");
      return this;
    }

    /**
     * Accepts webhooks for {@code gatewayId} (the id of the gateway in the {@code PaymentClient}),
     * checked by {@code verifier} and read by {@code format}.
     *
     * @throws IllegalArgumentException if the id is blank or already configured
     */
    public Builder gateway(String gatewayId, WebhookVerifier verifier, NotificationFormat format) {
      Objects.requireNonNull(gatewayId, "gatewayId");
      Objects.requireNonNull(verifier, "verifier");
      Objects.requireNonNull(format, "format");
      if (gatewayId.isBlank()) {
        throw new IllegalArgumentException("gatewayId: must not be blank");
      }
      if (gateways.containsKey(gatewayId)) {
        throw new IllegalArgumentException("gatewayId: " + gatewayId + " is already configured");
      }
      gateways.put(gatewayId, new Source(verifier, format));
      return this;
    }

    /**
     * The longest body accepted (default 256 KiB); longer ones are refused before verification and
     * parsing.
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes <= 0) {
        throw new IllegalArgumentException("maxBodyBytes: must be positive");
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** Where processed event ids are remembered (default: in memory, 100,000 for 7 days). */
    public Builder processedEvents(ProcessedEventStore store) {
      this.processed = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Lets an unverified webhook trigger a lookup, and nothing more: when a webhook fails
     * verification and its body names (by our payment id, in the gateway's metadata) a payment that
     * exists here and was made with this gateway, {@code payments.refreshAsync(id)} asks the
     * gateway itself, at most once per payment per {@link #lookupCooldown(Duration)}. The body is
     * otherwise ignored; what the gateway answers is what counts.
     *
     * <p>Off by default: anyone can send an unverified request, so turning this on lets strangers
     * make this client call the gateway (bounded by the cooldown, and only for real payments). Turn
     * it on where a webhook secret may be misconfigured and the payments would otherwise wait for
     * the reconciler.
     */
    public Builder lookupUnverified(Payments payments) {
      this.lookup = Objects.requireNonNull(payments, "payments");
      return this;
    }

    /**
     * The least time between two lookups of one payment triggered by unverified webhooks (default 1
     * minute).
     *
     * @throws IllegalArgumentException unless positive
     */
    public Builder lookupCooldown(Duration cooldown) {
      Objects.requireNonNull(cooldown, "cooldown");
      if (cooldown.isNegative() || cooldown.isZero()) {
        throw new IllegalArgumentException("lookupCooldown: must be positive");
      }
      this.lookupCooldown = cooldown;
      return this;
    }

    /** Where {@link Alert.Type#NOTIFICATION_MISMATCH} alerts go (default: nowhere). */
    public Builder alertSink(AlertSink sink) {
      this.alerts = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** The clock for record times and lookup cooldowns. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the handler.
     *
     * @throws IllegalArgumentException if {@code notifications} or every gateway is missing
     */
    public InboundWebhooks build() {
      return new InboundWebhooks(this);
    }
  }
}
