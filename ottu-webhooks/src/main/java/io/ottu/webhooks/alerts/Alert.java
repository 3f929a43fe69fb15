package io.ottu.webhooks.alerts;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An operational alert: something an operator should hear about now (a gateway's circuit opened,
 * its success rate dropped, a webhook endpoint was disabled, a gateway reported an amount that
 * contradicts the payment). Immutable. Alerts never carry card data or secrets.
 *
 * @param id a unique id ({@code alt_...}), for de-duplication by receivers
 * @param type what happened
 * @param severity how urgent it is
 * @param subject what it concerns: a gateway id, an endpoint id
 * @param message one line for a human
 * @param at when it was raised
 * @param attributes details for machines (rates, counts, ids)
 */
public record Alert(
    String id,
    Type type,
    Severity severity,
    String subject,
    String message,
    Instant at,
    Map<String, String> attributes) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  /** What an alert is about. {@link #wireName()} is its name in webhook payloads. */
  public enum Type {
    /** A gateway's circuit breaker opened: payments route elsewhere or fail. */
    CIRCUIT_OPENED,
    /** A gateway's circuit breaker closed again. */
    CIRCUIT_CLOSED,
    /** A gateway's success rate fell below the threshold. */
    SUCCESS_RATE_DROPPED,
    /** A gateway's success rate is back above the threshold. */
    SUCCESS_RATE_RECOVERED,
    /** An outbound webhook endpoint failed for too long and was disabled. */
    ENDPOINT_DISABLED,
    /** A verified gateway notification contradicts the payment's amount or currency. */
    NOTIFICATION_MISMATCH,
    /** An operator changed a running client (a gateway disabled, a circuit forced). */
    ADMIN_CHANGE;

    /** The dotted lower-case name, such as {@code alert.circuit_opened}. */
    public String wireName() {
      return "alert." + name().toLowerCase(Locale.ROOT);
    }
  }

  /** How urgent an alert is. */
  public enum Severity {
    /** For the record. */
    INFO,
    /** Needs attention soon. */
    WARNING,
    /** Needs attention now. */
    CRITICAL
  }

  /** Validates and copies. */
  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(severity, "severity");
    subject = subject == null ? "" : subject;
    message = message == null ? "" : message;
    Objects.requireNonNull(at, "at");
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** A new alert with a fresh id. */
  public static Alert of(
      Type type,
      Severity severity,
      String subject,
      String message,
      Instant at,
      Map<String, String> attributes) {
    return new Alert(newId(), type, severity, subject, message, at, attributes);
  }

  /** A new alert with a fresh id and no attributes. */
  public static Alert of(Type type, Severity severity, String subject, String message, Instant at) {
    return of(type, severity, subject, message, at, Map.of());
  }

  /** The attributes in a stable (sorted) order, for rendering. */
  public Map<String, String> sortedAttributes() {
    Map<String, String> out = new LinkedHashMap<>();
    attributes.keySet().stream().sorted().forEach(k -> out.put(k, attributes.get(k)));
    return out;
  }

  private static String newId() {
    char[] out = new char[20];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return "alt_" + new String(out);
  }
}
