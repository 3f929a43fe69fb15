package io.ottu.gateway;

import io.ottu.Decline;
import io.ottu.DeclineReason;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps a gateway's raw decline codes to {@link DeclineRule}s: normalized reason, soft or hard, and
 * the {@link DeclineAction} (stop, cascade to the next gateway, step up to 3-D Secure). Every
 * built-in adapter ships a curated default table built from its gateway's documented codes (for
 * example {@code StripeGateway.defaultDeclineTable()}); hosts adjust rows with {@link
 * #withOverride(String, DeclineRule)} and pass the result to the adapter's builder.
 *
 * <pre>{@code
 * DeclineTable table = StripeGateway.defaultDeclineTable()
 *     .withOverride("do_not_honor", DeclineRule.hard(DeclineReason.DO_NOT_HONOR));
 * StripeGateway.builder().secretKey(key).declineTable(table).build();
 * }</pre>
 *
 * <p>Codes are matched ignoring case and surrounding blanks. A code with no row, or no code at all,
 * gets the {@link #defaultRule()} (by default a hard {@link DeclineReason#OTHER}: an unknown
 * decline is not retried anywhere, which is the conservative choice).
 *
 * <p>Immutable and thread-safe; the {@code with...} methods return copies.
 */
public final class DeclineTable {
  private static final DeclineRule UNKNOWN_CODE = DeclineRule.hard(DeclineReason.OTHER);

  private final Map<String, DeclineRule> rules;
  private final DeclineRule defaultRule;

  private DeclineTable(Map<String, DeclineRule> rules, DeclineRule defaultRule) {
    this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    this.defaultRule = defaultRule;
  }

  /** A builder for a table; the default rule starts as a hard {@link DeclineReason#OTHER}. */
  public static Builder builder() {
    return new Builder();
  }

  /** An empty table: every code gets {@code defaultRule}. */
  public static DeclineTable of(DeclineRule defaultRule) {
    return builder().defaultRule(defaultRule).build();
  }

  /** The rule for {@code rawCode}: its row, or the default rule; never null. */
  public DeclineRule rule(String rawCode) {
    return find(rawCode).orElse(defaultRule);
  }

  /** The row for {@code rawCode}, if the table has one. */
  public Optional<DeclineRule> find(String rawCode) {
    return rawCode == null ? Optional.empty() : Optional.ofNullable(rules.get(normalize(rawCode)));
  }

  /**
   * The {@link Decline} for a gateway's answer: the rule for {@code rawCode} applied.
   *
   * @param rawCode the gateway's code, kept as received in {@link Decline#rawCode()}
   * @param message the gateway's message, or null
   * @param gatewayId the adapter's id
   */
  public Decline decline(String rawCode, String message, String gatewayId) {
    return rule(rawCode).toDecline(rawCode, message, gatewayId);
  }

  /** The rule for codes the table does not list. */
  public DeclineRule defaultRule() {
    return defaultRule;
  }

  /** Every row, keyed by normalized (lower-case) code, in insertion order. */
  public Map<String, DeclineRule> rules() {
    return rules;
  }

  /** A copy with {@code rawCode}'s row set to {@code rule} (added or replaced). */
  public DeclineTable withOverride(String rawCode, DeclineRule rule) {
    return toBuilder().rule(rawCode, rule).build();
  }

  /** A copy whose default rule for unlisted codes is {@code rule}. */
  public DeclineTable withDefaultRule(DeclineRule rule) {
    return toBuilder().defaultRule(rule).build();
  }

  /** A builder holding this table's rows and default rule. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.rules.putAll(rules);
    b.defaultRule = defaultRule;
    return b;
  }

  @Override
  public String toString() {
    return "DeclineTable[" + rules.size() + " codes, default " + defaultRule + "]";
  }

  private static String normalize(String code) {
    return code.strip().toLowerCase(Locale.ROOT);
  }

  /** Builds a {@link DeclineTable}. Not thread-safe; reusable: {@link #build()} copies. */
  public static final class Builder {
    private final Map<String, DeclineRule> rules = new LinkedHashMap<>();
    private DeclineRule defaultRule = UNKNOWN_CODE;

    private Builder() {}

    /**
     * Sets the row for {@code rawCode}.
     *
     * @throws IllegalArgumentException if the code is blank
     */
    public Builder rule(String rawCode, DeclineRule rule) {
      Objects.requireNonNull(rawCode, "rawCode");
      Objects.requireNonNull(rule, "rule");
      if (rawCode.isBlank()) {
        throw new IllegalArgumentException("rawCode: must not be blank");
      }
      rules.put(normalize(rawCode), rule);
      return this;
    }

    /** Sets {@code rawCode} to a hard decline with {@code reason}. */
    public Builder hard(String rawCode, DeclineReason reason) {
      return rule(rawCode, DeclineRule.hard(reason));
    }

    /** Sets {@code rawCode} to a soft, cascading decline with {@code reason}. */
    public Builder soft(String rawCode, DeclineReason reason) {
      return rule(rawCode, DeclineRule.soft(reason));
    }

    /** Sets {@code rawCode} to a soft decline that asks for 3-D Secure on the same gateway. */
    public Builder stepUp3ds(String rawCode, DeclineReason reason) {
      return rule(rawCode, DeclineRule.stepUp3ds(reason));
    }

    /** The rule for codes without a row. */
    public Builder defaultRule(DeclineRule rule) {
      this.defaultRule = Objects.requireNonNull(rule, "defaultRule");
      return this;
    }

    /** Builds the immutable table. */
    public DeclineTable build() {
      return new DeclineTable(rules, defaultRule);
    }
  }
}
