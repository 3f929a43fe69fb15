package io.ottu;

import java.util.Objects;
import java.util.Optional;

/**
 * What a payment keeps of its source: the kind, the card summary when a card paid (never the number
 * or CVC), and the token when a vault or gateway token paid. Immutable.
 *
 * @param type the kind of source
 * @param card brand, BIN, last four and expiry, or null for a gateway token
 * @param token the vault or gateway token, or null for raw card details
 */
public record SourceSummary(PaymentSource.Type type, CardSummary card, String token) {

  /** Validates. */
  public SourceSummary {
    Objects.requireNonNull(type, "type");
  }

  /** The card summary, if a card paid. */
  public Optional<CardSummary> cardSummary() {
    return Optional.ofNullable(card);
  }

  /** The card brand, or {@link CardBrand#UNKNOWN} when no card is known. */
  public CardBrand brand() {
    return card == null ? CardBrand.UNKNOWN : card.brand();
  }
}
