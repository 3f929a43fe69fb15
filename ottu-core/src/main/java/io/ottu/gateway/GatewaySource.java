package io.ottu.gateway;

import io.ottu.CardData;
import io.ottu.CardSummary;
import io.ottu.PaymentSource;
import java.util.Objects;
import java.util.Optional;

/**
 * The payment source as an adapter receives it: raw card details (already detokenized if the caller
 * paid with a vault token) or a gateway payment-method reference. Card data lives only for the
 * duration of the call; adapters must not keep or log it.
 */
public final class GatewaySource {
  private final CardData card;
  private final String gatewayToken;

  private GatewaySource(CardData card, String gatewayToken) {
    this.card = card;
    this.gatewayToken = gatewayToken;
  }

  /** A card source. */
  public static GatewaySource card(CardData card) {
    return new GatewaySource(Objects.requireNonNull(card, "card"), null);
  }

  /** A gateway payment-method reference. */
  public static GatewaySource gatewayToken(String token) {
    return new GatewaySource(null, Objects.requireNonNull(token, "token"));
  }

  /** Whether this is a card. */
  public boolean isCard() {
    return card != null;
  }

  /** The card details, for a card source. */
  public Optional<CardData> card() {
    return Optional.ofNullable(card);
  }

  /** The gateway payment-method reference, for a gateway-token source. */
  public Optional<String> gatewayToken() {
    return Optional.ofNullable(gatewayToken);
  }

  /** What may be shown of the card, for a card source. */
  public Optional<CardSummary> cardSummary() {
    return card == null ? Optional.empty() : Optional.of(card.summary());
  }

  /** The source type as the caller sees it (vault tokens arrive resolved, as cards). */
  public PaymentSource.Type type() {
    return card != null ? PaymentSource.Type.CARD : PaymentSource.Type.GATEWAY_TOKEN;
  }

  @Override
  public String toString() {
    return card != null
        ? "GatewaySource[" + card + "]"
        : "GatewaySource[token " + gatewayToken + "]";
  }
}
