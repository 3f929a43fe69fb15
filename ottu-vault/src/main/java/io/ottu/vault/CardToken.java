package io.ottu.vault;

import io.ottu.CardBrand;
import io.ottu.CardSummary;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;

/**
 * What the vault hands back for a card: the token to store and pay with, and what may be shown or
 * checked without decrypting: brand, BIN, last four, expiry, the masked number and the card's
 * fingerprint. Never the full number or the CVC. Immutable; {@link #toString()} is safe to log.
 */
public final class CardToken {
  private final String token;
  private final CardSummary summary;
  private final String maskedPan;
  private final String fingerprint;
  private final String customerId;
  private final Instant createdAt;

  CardToken(
      String token,
      CardSummary summary,
      int panLength,
      String fingerprint,
      String customerId,
      Instant createdAt) {
    this.token = Objects.requireNonNull(token, "token");
    this.summary = Objects.requireNonNull(summary, "summary");
    // As CardNumbers.mask: numbers shorter than 13 digits show only their last four.
    this.maskedPan =
        panLength >= 13
            ? summary.bin() + "*".repeat(panLength - 10) + summary.last4()
            : "*".repeat(panLength - 4) + summary.last4();
    this.fingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
    this.customerId = customerId;
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
  }

  static CardToken of(VaultRecord record) {
    return new CardToken(
        record.token(),
        record.summary(),
        record.panLength(),
        record.fingerprint(),
        record.customerId().orElse(null),
        record.createdAt());
  }

  /** The token: {@code tok_...}, or digits for {@link TokenFormat#FORMAT_PRESERVING}. */
  public String token() {
    return token;
  }

  /** The card brand, detected from the BIN. */
  public CardBrand brand() {
    return summary.brand();
  }

  /** The first six digits of the card number. */
  public String bin() {
    return summary.bin();
  }

  /** The last four digits of the card number. */
  public String last4() {
    return summary.last4();
  }

  /** The expiry month, 1 to 12. */
  public int expiryMonth() {
    return summary.expiryMonth();
  }

  /** The four-digit expiry year. */
  public int expiryYear() {
    return summary.expiryYear();
  }

  /** The expiry as a year and month. */
  public YearMonth expiry() {
    return YearMonth.of(summary.expiryYear(), summary.expiryMonth());
  }

  /**
   * The number with all but the first six and the last four digits masked (only the last four shown
   * for numbers shorter than 13 digits), as {@link io.ottu.CardNumbers#mask(char[])}.
   */
  public String maskedPan() {
    return maskedPan;
  }

  /**
   * The card's fingerprint: a keyed HMAC of the number, equal for the same card within this vault
   * (and its key provider), for duplicate detection, velocity checks and blocklists.
   */
  public String fingerprint() {
    return fingerprint;
  }

  /** The host's customer id the card was tokenized for, if any. */
  public Optional<String> customerId() {
    return Optional.ofNullable(customerId);
  }

  /** When the card was tokenized. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Brand, BIN, last four and expiry, as the payment engine uses them. */
  public CardSummary summary() {
    return summary;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CardToken other
        && token.equals(other.token)
        && summary.equals(other.summary)
        && maskedPan.equals(other.maskedPan)
        && fingerprint.equals(other.fingerprint)
        && Objects.equals(customerId, other.customerId)
        && createdAt.equals(other.createdAt);
  }

  @Override
  public int hashCode() {
    return token.hashCode();
  }

  @Override
  public String toString() {
    return "CardToken["
        + io.ottu.vault.internal.Tokens.redact(token)
        + " "
        + summary.brand()
        + " "
        + maskedPan
        + String.format(" %02d/%d", summary.expiryMonth(), summary.expiryYear())
        + "]";
  }
}
