package io.ottu.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * One thing that happened, for the audit trail: who ({@code actor}) did what ({@code action}) to
 * what ({@code subject}), when, and any detail such as the purpose. Immutable.
 *
 * <p>Never put card numbers, CVCs, keys or other secrets in any field: a vault event names the
 * token, not the card.
 *
 * @param at when it happened
 * @param actor the principal's name (a user, a service, {@code ottu-engine})
 * @param action what was done, as a dotted verb ({@code vault.detokenize}, {@code payment.capture})
 * @param subject what it was done to (a token, a payment id, a key version); may be empty
 * @param detail free text such as the purpose ({@code purpose=payment:pay_123}); may be empty
 */
public record AuditEvent(Instant at, String actor, String action, String subject, String detail) {

  /**
   * Validates the parts; a {@code null} subject or detail becomes empty.
   *
   * @throws NullPointerException if {@code at}, {@code actor} or {@code action} is null
   * @throws IllegalArgumentException if {@code actor} or {@code action} is blank
   */
  public AuditEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    if (actor.isBlank()) {
      throw new IllegalArgumentException("actor must not be blank");
    }
    if (action.isBlank()) {
      throw new IllegalArgumentException("action must not be blank");
    }
    subject = subject == null ? "" : subject;
    detail = detail == null ? "" : detail;
  }

  /**
   * An event happening now by {@code clock}.
   *
   * @param clock the clock to read
   * @param actor who
   * @param action what
   * @param subject to what
   * @param detail why, or other detail
   * @return the event
   */
  public static AuditEvent of(
      Clock clock, String actor, String action, String subject, String detail) {
    return new AuditEvent(clock.instant(), actor, action, subject, detail);
  }
}
