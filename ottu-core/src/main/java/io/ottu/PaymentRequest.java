package io.ottu;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to authorize (or purchase) a payment. Built with {@link #builder()}; {@link
 * Builder#build()} validates every field and names the first invalid one in an {@link
 * InvalidRequestException}. Immutable and thread-safe (the card inside a card source is wiped by
 * the engine after use, which is the one mutation it sees).
 *
 * <pre>{@code
 * PaymentRequest request = PaymentRequest.builder()
 *     .amount(Money.of("12.500", "KWD"))
 *     .source(PaymentSource.token("tok_..."))
 *     .reference("order-1001")
 *     .idempotencyKey("order-1001-auth")
 *     .build();
 * }</pre>
 */
public final class PaymentRequest {
  /** The longest reference accepted; gateways cap theirs at 40 to 80 characters. */
  public static final int MAX_REFERENCE_LENGTH = 64;

  /** The longest idempotency key accepted. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

  private final Money amount;
  private final PaymentSource source;
  private final String reference;
  private final String idempotencyKey;
  private final String description;
  private final Customer customer;
  private final Map<String, String> metadata;
  private final String returnUrl;
  private final ThreeDSecure threeDSecure;
  private final String gateway;

  private PaymentRequest(Builder b) {
    this.amount = b.amount;
    this.source = b.source;
    this.reference = b.reference;
    this.idempotencyKey = b.idempotencyKey;
    this.description = b.description;
    this.customer = b.customer;
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
    this.returnUrl = b.returnUrl;
    this.threeDSecure = b.threeDSecure;
    this.gateway = b.gateway;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values, to derive a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.amount = amount;
    b.source = source;
    b.reference = reference;
    b.idempotencyKey = idempotencyKey;
    b.description = description;
    b.customer = customer;
    b.metadata.putAll(metadata);
    b.returnUrl = returnUrl;
    b.threeDSecure = threeDSecure;
    b.gateway = gateway;
    return b;
  }

  /** The amount to authorize; positive. */
  public Money amount() {
    return amount;
  }

  /** What pays. */
  public PaymentSource source() {
    return source;
  }

  /** The host's reference for this payment, such as an order number; sent to the gateway. */
  public String reference() {
    return reference;
  }

  /** The idempotency key, if the caller gave one. */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /** A description for statements and the gateway's dashboard. */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /** The customer, if given. */
  public Optional<Customer> customer() {
    return Optional.ofNullable(customer);
  }

  /** The host's key-value metadata, sent to gateways that accept it. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Where the shopper returns after a redirect (3-D Secure, KNET, PayPal), if any. */
  public Optional<String> returnUrl() {
    return Optional.ofNullable(returnUrl);
  }

  /** Whether to ask for 3-D Secure. */
  public ThreeDSecure threeDSecure() {
    return threeDSecure;
  }

  /** The gateway this payment is pinned to, if the caller pinned it. */
  public Optional<String> gateway() {
    return Optional.ofNullable(gateway);
  }

  @Override
  public String toString() {
    return "PaymentRequest[" + reference + " " + amount + " " + source + "]";
  }

  /** Builds a {@link PaymentRequest}. Not thread-safe; reusable. */
  public static final class Builder {
    private Money amount;
    private PaymentSource source;
    private String reference;
    private String idempotencyKey;
    private String description;
    private Customer customer;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String returnUrl;
    private ThreeDSecure threeDSecure = ThreeDSecure.AUTOMATIC;
    private String gateway;

    private Builder() {}

    /** The amount to authorize. Required; must be positive. */
    public Builder amount(Money amount) {
      this.amount = amount;
      return this;
    }

    /** What pays. Required. */
    public Builder source(PaymentSource source) {
      this.source = source;
      return this;
    }

    /** The host's reference (order number). Required; 1 to 64 printable characters. */
    public Builder reference(String reference) {
      this.reference = reference;
      return this;
    }

    /**
     * The idempotency key: the same key with the same request returns the first result without
     * charging again; with a different request it fails with {@link IdempotencyConflictException}.
     * Optional but strongly advised; up to 255 printable characters.
     */
    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /** A description. Optional; up to 255 characters. */
    public Builder description(String description) {
      this.description = description;
      return this;
    }

    /** The customer. Optional. */
    public Builder customer(Customer customer) {
      this.customer = customer;
      return this;
    }

    /** Adds one metadata entry (up to 50 entries, keys up to 40 and values up to 500 chars). */
    public Builder metadata(String key, String value) {
      if (key == null || value == null) {
        throw new InvalidRequestException("metadata", "keys and values must not be null");
      }
      this.metadata.put(key, value);
      return this;
    }

    /** Replaces all metadata. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata.clear();
      Objects.requireNonNull(metadata, "metadata").forEach(this::metadata);
      return this;
    }

    /** Where the shopper returns after a redirect; an absolute http(s) URL. */
    public Builder returnUrl(String returnUrl) {
      this.returnUrl = returnUrl;
      return this;
    }

    /** Whether to ask for 3-D Secure; {@link ThreeDSecure#AUTOMATIC} by default. */
    public Builder threeDSecure(ThreeDSecure threeDSecure) {
      this.threeDSecure = threeDSecure;
      return this;
    }

    /** Pins the payment to one gateway id, bypassing routing. */
    public Builder gateway(String gatewayId) {
      this.gateway = gatewayId;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InvalidRequestException naming the first invalid field
     */
    public PaymentRequest build() {
      if (amount == null) {
        throw new InvalidRequestException("amount", "is required");
      }
      if (!amount.isPositive()) {
        throw new InvalidRequestException("amount", "must be positive, was " + amount);
      }
      if (source == null) {
        throw new InvalidRequestException("source", "is required");
      }
      checkText("reference", reference, MAX_REFERENCE_LENGTH, true);
      checkText("idempotencyKey", idempotencyKey, MAX_IDEMPOTENCY_KEY_LENGTH, false);
      checkText("description", description, 255, false);
      checkText("gateway", gateway, 64, false);
      if (threeDSecure == null) {
        throw new InvalidRequestException("threeDSecure", "must not be null");
      }
      if (metadata.size() > 50) {
        throw new InvalidRequestException("metadata", "has more than 50 entries");
      }
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        if (e.getKey().isEmpty() || e.getKey().length() > 40) {
          throw new InvalidRequestException(
              "metadata", "keys must have 1 to 40 characters: \"" + e.getKey() + "\"");
        }
        if (e.getValue().length() > 500) {
          throw new InvalidRequestException(
              "metadata." + e.getKey(), "values must have at most 500 characters");
        }
      }
      if (returnUrl != null && !returnUrl.matches("(?i)https?://[^\\s]+")) {
        throw new InvalidRequestException("returnUrl", "must be an absolute http(s) URL");
      }
      return new PaymentRequest(this);
    }

    private static void checkText(String field, String value, int max, boolean required) {
      if (value == null) {
        if (required) {
          throw new InvalidRequestException(field, "is required");
        }
        return;
      }
      if (value.isBlank()) {
        throw new InvalidRequestException(field, "must not be blank");
      }
      if (value.length() > max) {
        throw new InvalidRequestException(
            field, "must have at most " + max + " characters, has " + value.length());
      }
      for (int i = 0; i < value.length(); i++) {
        if (Character.isISOControl(value.charAt(i))) {
          throw new InvalidRequestException(field, "must not contain control characters");
        }
      }
    }
  }
}
