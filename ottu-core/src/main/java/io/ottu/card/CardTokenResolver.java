package io.ottu.card;

import io.ottu.CardData;
import io.ottu.CardSummary;

/**
 * How the engine turns a vault token into card details, at the last moment. The core owns this
 * small interface so that it never depends on the vault module; {@code ottu-vault}'s {@code
 * CardVault} implements it, and a host can implement it over any other vault.
 *
 * <p>{@link #describe(String)} must answer without decrypting anything, because routing needs the
 * brand and BIN before it has chosen a gateway. {@link #resolve(String, String)} decrypts, and is
 * called only immediately before the gateway call; the engine wipes the returned card after the
 * call. Implementations must be thread-safe.
 */
public interface CardTokenResolver {
  /**
   * What may be known of the card without decrypting it.
   *
   * @throws io.ottu.InvalidRequestException with field {@code source.token} if the token is unknown
   *     or erased
   */
  CardSummary describe(String token);

  /**
   * Decrypts the card for one gateway call. The call is on behalf of the payment engine; the
   * implementation checks its own access policy and audits the access.
   *
   * @param token the vault token
   * @param paymentId the payment the card is needed for (the purpose, for the audit trail)
   * @return the card; the caller wipes it after use
   * @throws io.ottu.InvalidRequestException with field {@code source.token} if the token is unknown
   *     or erased
   */
  CardData resolve(String token, String paymentId);
}
