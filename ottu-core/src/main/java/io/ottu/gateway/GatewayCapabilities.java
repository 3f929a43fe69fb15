package io.ottu.gateway;

import io.ottu.CardBrand;
import io.ottu.CurrencyUnit;
import io.ottu.PaymentSource;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a gateway can do: currencies, card brands, source types, operations, 3-D Secure, and how it
 * handles idempotency and partial operations. Routing never offers a gateway a payment it cannot
 * take. Immutable; built with {@link #builder()}.
 */
public final class GatewayCapabilities {
  private final Set<String> currencies;
  private final Set<CardBrand> brands;
  private final Set<PaymentSource.Type> sourceTypes;
  private final Set<GatewayOperation> operations;
  private final boolean threeDSecure;
  private final boolean idempotencyKeys;
  private final boolean partialCapture;
  private final boolean multipleCaptures;
  private final boolean partialRefund;

  private GatewayCapabilities(Builder b) {
    this.currencies = Collections.unmodifiableSet(new LinkedHashSet<>(b.currencies));
    this.brands = Collections.unmodifiableSet(EnumSet.copyOf(b.brands));
    this.sourceTypes = Collections.unmodifiableSet(EnumSet.copyOf(b.sourceTypes));
    this.operations = Collections.unmodifiableSet(EnumSet.copyOf(b.operations));
    this.threeDSecure = b.threeDSecure;
    this.idempotencyKeys = b.idempotencyKeys;
    this.partialCapture = b.partialCapture;
    this.multipleCaptures = b.multipleCaptures;
    this.partialRefund = b.partialRefund;
  }

  /** A builder; by default every currency, brand, source type and operation is supported. */
  public static Builder builder() {
    return new Builder();
  }

  /** The supported ISO 4217 codes; empty means every currency. */
  public Set<String> currencies() {
    return currencies;
  }

  /** Whether {@code code} is supported. */
  public boolean supportsCurrency(String code) {
    return currencies.isEmpty() || currencies.contains(code);
  }

  /** The supported card brands. */
  public Set<CardBrand> brands() {
    return brands;
  }

  /** Whether the brand is supported; {@link CardBrand#UNKNOWN} is supported only if listed. */
  public boolean supportsBrand(CardBrand brand) {
    return brands.contains(brand);
  }

  /** The supported source types. */
  public Set<PaymentSource.Type> sourceTypes() {
    return sourceTypes;
  }

  /** The supported operations. */
  public Set<GatewayOperation> operations() {
    return operations;
  }

  /** Whether the operation is supported. */
  public boolean supports(GatewayOperation operation) {
    return operations.contains(operation);
  }

  /** Whether the gateway can run 3-D Secure. */
  public boolean threeDSecure() {
    return threeDSecure;
  }

  /**
   * Whether the gateway honours idempotency keys (or order/transaction ids that work as such), so a
   * retry after an unknown outcome cannot charge twice.
   */
  public boolean idempotencyKeys() {
    return idempotencyKeys;
  }

  /** Whether less than the authorized amount can be captured. */
  public boolean partialCapture() {
    return partialCapture;
  }

  /** Whether several partial captures can be made on one authorization. */
  public boolean multipleCaptures() {
    return multipleCaptures;
  }

  /** Whether less than the captured amount can be refunded. */
  public boolean partialRefund() {
    return partialRefund;
  }

  @Override
  public String toString() {
    return "GatewayCapabilities[currencies="
        + (currencies.isEmpty() ? "all" : currencies)
        + ", brands="
        + brands
        + ", operations="
        + operations
        + ", 3ds="
        + threeDSecure
        + "]";
  }

  /** Builds {@link GatewayCapabilities}. Not thread-safe; reusable. */
  public static final class Builder {
    private final Set<String> currencies = new LinkedHashSet<>();
    private Set<CardBrand> brands = EnumSet.allOf(CardBrand.class);
    private Set<PaymentSource.Type> sourceTypes = EnumSet.allOf(PaymentSource.Type.class);
    private Set<GatewayOperation> operations = EnumSet.allOf(GatewayOperation.class);
    private boolean threeDSecure = true;
    private boolean idempotencyKeys = true;
    private boolean partialCapture = true;
    private boolean multipleCaptures = true;
    private boolean partialRefund = true;

    private Builder() {}

    /** Restricts the currencies to these ISO 4217 codes (validated against the ISO list). */
    public Builder currencies(String... codes) {
      currencies.clear();
      for (String code : codes) {
        currencies.add(CurrencyUnit.of(code).code());
      }
      return this;
    }

    /** Restricts the card brands. */
    public Builder brands(CardBrand... brands) {
      this.brands =
          brands.length == 0 ? EnumSet.noneOf(CardBrand.class) : EnumSet.of(brands[0], brands);
      return this;
    }

    /** Restricts the source types. */
    public Builder sourceTypes(PaymentSource.Type... types) {
      this.sourceTypes =
          types.length == 0
              ? EnumSet.noneOf(PaymentSource.Type.class)
              : EnumSet.of(types[0], types);
      return this;
    }

    /** Restricts the operations. */
    public Builder operations(GatewayOperation... operations) {
      this.operations =
          operations.length == 0
              ? EnumSet.noneOf(GatewayOperation.class)
              : EnumSet.of(operations[0], operations);
      return this;
    }

    /** Whether the gateway runs 3-D Secure; true by default. */
    public Builder threeDSecure(boolean threeDSecure) {
      this.threeDSecure = threeDSecure;
      return this;
    }

    /** Whether the gateway honours idempotency keys; true by default. */
    public Builder idempotencyKeys(boolean idempotencyKeys) {
      this.idempotencyKeys = idempotencyKeys;
      return this;
    }

    /** Whether partial captures are allowed; true by default. */
    public Builder partialCapture(boolean partialCapture) {
      this.partialCapture = partialCapture;
      return this;
    }

    /** Whether several captures per authorization are allowed; true by default. */
    public Builder multipleCaptures(boolean multipleCaptures) {
      this.multipleCaptures = multipleCaptures;
      return this;
    }

    /** Whether partial refunds are allowed; true by default. */
    public Builder partialRefund(boolean partialRefund) {
      this.partialRefund = partialRefund;
      return this;
    }

    /** Builds the immutable capabilities. */
    public GatewayCapabilities build() {
      if (multipleCaptures && !partialCapture) {
        throw new IllegalArgumentException("multipleCaptures requires partialCapture");
      }
      return new GatewayCapabilities(this);
    }
  }
}
