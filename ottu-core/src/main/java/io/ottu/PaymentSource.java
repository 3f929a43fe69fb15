package io.ottu;

import java.util.Objects;
import java.util.Optional;

/**
 * What pays: raw card details, a token from the host's {@link io.ottu.card.CardTokenResolver card
 * vault}, or a payment-method reference that one gateway understands (a Stripe {@code pm_...}, a
 * Tap {@code src_kw.knet}). Immutable; {@link #toString()} never shows card data.
 */
public final class PaymentSource {
  /** The kinds of source. */
  public enum Type {
    /** Raw card details, held in memory only until the gateway call. */
    CARD,
    /** A token from the vault; detokenized only at the moment of the gateway call. */
    VAULT_TOKEN,
    /** An opaque payment-method reference passed through to the gateway as is. */
    GATEWAY_TOKEN
  }

  private final Type type;
  private final CardData card;
  private final String token;

  private PaymentSource(Type type, CardData card, String token) {
    this.type = type;
    this.card = card;
    this.token = token;
  }

  /** Raw card details. The engine wipes the CVC after the authorization. */
  public static PaymentSource card(CardData card) {
    return new PaymentSource(Type.CARD, Objects.requireNonNull(card, "card"), null);
  }

  /**
   * A vault token (for example {@code tok_...}). The client must be built with a {@link
   * io.ottu.card.CardTokenResolver} to use it.
   */
  public static PaymentSource token(String vaultToken) {
    return new PaymentSource(Type.VAULT_TOKEN, null, requireText(vaultToken, "source.token"));
  }

  /**
   * A payment-method reference that the gateway understands, sent to it unchanged. Such a source
   * only makes sense on the gateway that issued it; pin the payment to that gateway with {@link
   * PaymentRequest.Builder#gateway(String)}.
   */
  public static PaymentSource gatewayToken(String gatewayToken) {
    return new PaymentSource(
        Type.GATEWAY_TOKEN, null, requireText(gatewayToken, "source.gatewayToken"));
  }

  private static String requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "is required");
    }
    return value;
  }

  /** The kind of source. */
  public Type type() {
    return type;
  }

  /** The card, for {@link Type#CARD}. */
  public Optional<CardData> card() {
    return Optional.ofNullable(card);
  }

  /** The vault or gateway token, for the token types. */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  @Override
  public String toString() {
    return switch (type) {
      case CARD -> "PaymentSource[card " + card + "]";
      case VAULT_TOKEN -> "PaymentSource[vault token " + token + "]";
      case GATEWAY_TOKEN -> "PaymentSource[gateway token " + token + "]";
    };
  }
}
