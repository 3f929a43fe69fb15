package io.ottu.gateways.mpgs;

import io.ottu.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identifiers this adapter gives MPGS, and the gateway reference it hands the engine.
 *
 * <p>MPGS has no idempotency header: the merchant names every order and every transaction in the
 * URL ({@code /order/{orderId}/transaction/{transactionId}}), 1 to 40 characters each (API
 * reference, "Retrieve Transaction" URL parameters), and "if you attempt an operation and it fails
 * ... you need a new id for each retry". So:
 *
 * <ul>
 *   <li>the order id is our payment id (stable for the payment: every attempt, capture, refund and
 *       void of one payment lands on one MPGS order, which MPGS allows "from API version 15" for
 *       retries after a failed initial transaction);
 *   <li>a transaction id is the engine's idempotency key for that operation (stable across retries
 *       of the same attempt, new after a definite decline), so a retry after an unknown outcome
 *       names the very same transaction and cannot charge twice;
 *   <li>either is used verbatim when it is 1 to 40 of {@code [A-Za-z0-9_-]} (safe in a URL path and
 *       in our reference format), and otherwise replaced by a prefix letter and 39 hex digits of
 *       its SHA-256 (the engine's keys are 43 characters), which is deterministic, so retries still
 *       agree.
 * </ul>
 *
 * <p>Payer-authentication transactions move no money and are not retried by id: each authorize call
 * gets a fresh one ({@code 3ds-} and 36 hex digits of the key and the clock's instant), so a
 * retried authorize never collides with the authentication of an earlier try.
 *
 * <p>The gateway reference is {@code orderId/transactionId} for a payment (the void's {@code
 * targetTransactionId} is recovered from it) and {@code orderId/authenticationTransactionId/
 * sessionId} while 3-D Secure waits for the shopper. Opaque to the engine; stateless and
 * thread-safe.
 */
final class MpgsIds {
  /** MPGS's limit for order and transaction ids. */
  static final int MAX_ID_LENGTH = 40;

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_ID_LENGTH + "}");
  private static final Pattern SESSION = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  private MpgsIds() {}

  /** The MPGS order id for our payment. */
  static String orderId(String paymentId) {
    return safeOrHashed(paymentId, 'o');
  }

  /** The MPGS transaction id for an operation's idempotency key. */
  static String transactionId(String idempotencyKey) {
    return safeOrHashed(idempotencyKey, 'k');
  }

  /** A fresh id for the payer-authentication transaction of one authorize call. */
  static String authenticationTransactionId(String idempotencyKey, Instant at) {
    return "3ds-" + sha256Hex(idempotencyKey + "\n" + at).substring(0, MAX_ID_LENGTH - 4);
  }

  /** Whether a session id from MPGS can travel in our reference and in a URL path. */
  static boolean isSessionId(String value) {
    return value != null && SESSION.matcher(value).matches();
  }

  private static String safeOrHashed(String value, char prefix) {
    Objects.requireNonNull(value, "value");
    if (SAFE.matcher(value).matches()) {
      return value;
    }
    return prefix + sha256Hex(value).substring(0, MAX_ID_LENGTH - 1);
  }

  private static String sha256Hex(String value) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256 (MessageDigest Javadoc).
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /**
   * A parsed gateway reference.
   *
   * @param orderId the MPGS order id
   * @param transactionId the authorization or payment transaction, or the authentication
   *     transaction while 3-D Secure is pending
   * @param sessionId the payment session holding the card while 3-D Secure is pending, else null
   */
  record Reference(String orderId, String transactionId, String sessionId) {
    /** A payment's reference. */
    static Reference payment(String orderId, String transactionId) {
      return new Reference(orderId, transactionId, null);
    }

    /** The reference of a payment waiting for the shopper's 3-D Secure challenge. */
    static Reference pendingAuthentication(
        String orderId, String authenticationTransactionId, String sessionId) {
      return new Reference(orderId, authenticationTransactionId, sessionId);
    }

    /** Whether 3-D Secure is still pending (no authorization exists yet). */
    boolean isPendingAuthentication() {
      return sessionId != null;
    }

    /** The text the engine stores. */
    String encode() {
      return orderId + "/" + transactionId + (sessionId == null ? "" : "/" + sessionId);
    }

    /**
     * Parses a reference this adapter produced.
     *
     * @param value the stored reference
     * @param field the request field it came from, for the error
     * @throws InvalidRequestException naming {@code field} if it is not one of ours
     */
    static Reference parse(String value, String field) {
      String[] parts = value == null ? new String[0] : value.split("/", -1);
      boolean ok =
          (parts.length == 2 || parts.length == 3)
              && SAFE.matcher(parts[0]).matches()
              && SAFE.matcher(parts[1]).matches()
              && (parts.length == 2 || isSessionId(parts[2]));
      if (!ok) {
        throw new InvalidRequestException(
            field,
            "is not a Mastercard Gateway reference made by this adapter"
                + " (orderId/transactionId[/sessionId])");
      }
      return new Reference(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    @Override
    public String toString() {
      return encode();
    }
  }
}
