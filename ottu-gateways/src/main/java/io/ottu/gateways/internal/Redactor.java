package io.ottu.gateways.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks card data and secrets in text meant for logs: header values, URLs and JSON or form bodies.
 *
 * <ul>
 *   <li>Card numbers: runs of 13 to 19 digits (optionally grouped by single spaces or dashes) that
 *       pass the Luhn check become first six, asterisks, last four.
 *   <li>Sensitive fields, by name, in JSON ({@code "cvc": "123"}) and form bodies ({@code
 *       payment_method_data[card][cvc]=123}): CVC/CVV/CSC/security code, passwords, secrets, API
 *       keys, access and refresh tokens, PINs, plus any names the caller adds. Values become {@code
 *       [REDACTED]}.
 *   <li>Secret-looking tokens anywhere: Stripe-style keys ({@code sk_live_...}, {@code rk_...},
 *       {@code whsec_...}) keep their prefix; {@code Bearer} and {@code Basic} credentials are
 *       removed.
 * </ul>
 *
 * <p>Thread-safe and stateless apart from its configuration.
 */
public final class Redactor {
  /** The masked value of a sensitive field or header. */
  public static final String REDACTED = "[REDACTED]";

  private static final Set<String> DEFAULT_FIELD_FRAGMENTS =
      Set.of(
          "cvc",
          "cvv",
          "csc",
          "securitycode",
          "password",
          "secret",
          "apikey",
          "accesstoken",
          "refreshtoken",
          "aes256key",
          "clientsecret");

  private static final Set<String> DEFAULT_EXACT_FIELDS = Set.of("pin", "cvc2", "cvv2", "cid");

  private static final Pattern PAN =
      Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");

  private static final Pattern SECRET_KEY =
      Pattern.compile("\\b((?:sk|rk|pk)_(?:test|live|sbox)_|sk_|whsec_|rk_)[A-Za-z0-9-]{4,}");

  private static final Pattern AUTH_SCHEME =
      Pattern.compile("\\b(Bearer|Basic|bearer|basic|BEARER|BASIC)\\s+[A-Za-z0-9._~+/=-]{8,}");

  private static final Pattern JSON_FIELD =
      Pattern.compile("\"([^\"\\\\]{1,100})\"(\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[-+0-9.eE]+)");

  private final Set<String> fieldFragments;
  private final Set<String> exactFields;

  /**
   * A redactor masking the default fields and also {@code extraFields} (matched by exact name,
   * ignoring case, underscores and dashes).
   */
  public Redactor(Set<String> extraFields) {
    this.fieldFragments = DEFAULT_FIELD_FRAGMENTS;
    java.util.Set<String> exact = new java.util.HashSet<>(DEFAULT_EXACT_FIELDS);
    for (String f : extraFields) {
      exact.add(normalize(f));
    }
    this.exactFields = Set.copyOf(exact);
  }

  /** A redactor with the default fields. */
  public static Redactor defaults() {
    return new Redactor(Set.of());
  }

  /** Whether a field (or header) of this name holds a secret or card security data. */
  public boolean isSensitiveField(String name) {
    String n = normalize(name);
    if (exactFields.contains(n)) {
      return true;
    }
    for (String fragment : fieldFragments) {
      if (n.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  /** Masks card numbers and secret-looking tokens in any text (a URL, a message, a header). */
  public String redactText(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = maskPans(text);
    out = AUTH_SCHEME.matcher(out).replaceAll("$1 " + Matcher.quoteReplacement(REDACTED));
    return SECRET_KEY.matcher(out).replaceAll("$1****");
  }

  /** Masks sensitive JSON fields, then card numbers and secrets anywhere in the text. */
  public String redactJson(String json) {
    if (json == null || json.isEmpty()) {
      return json;
    }
    Matcher m = JSON_FIELD.matcher(json);
    StringBuilder sb = new StringBuilder(json.length());
    while (m.find()) {
      String replacement =
          isSensitiveField(m.group(1))
              ? "\"" + m.group(1) + "\"" + m.group(2) + "\"" + REDACTED + "\""
              : m.group();
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return redactText(sb.toString());
  }

  /**
   * Masks sensitive form fields (by the last bracket segment of the key, so {@code
   * payment_method_data[card][cvc]} counts as {@code cvc}), then card numbers and secrets.
   */
  public String redactForm(String form) {
    if (form == null || form.isEmpty()) {
      return form;
    }
    StringBuilder sb = new StringBuilder(form.length());
    for (String pair : form.split("&", -1)) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      int eq = pair.indexOf('=');
      if (eq < 0) {
        sb.append(pair);
        continue;
      }
      String key = pair.substring(0, eq);
      sb.append(key).append('=');
      sb.append(isSensitiveField(lastSegment(decode(key))) ? REDACTED : pair.substring(eq + 1));
    }
    return redactText(sb.toString());
  }

  /** Masks a body by its media type: JSON, form, or any other text. */
  public String redactBody(String body, String mediaType) {
    String type = mediaType == null ? "" : mediaType.toLowerCase(Locale.ROOT);
    if (type.contains("x-www-form-urlencoded")) {
      return redactForm(body);
    }
    if (type.contains("json")) {
      return redactJson(body);
    }
    String trimmed = body == null ? "" : body.stripLeading();
    return trimmed.startsWith("{") || trimmed.startsWith("[") ? redactJson(body) : redactText(body);
  }

  private static String maskPans(String text) {
    Matcher m = PAN.matcher(text);
    StringBuilder sb = null;
    while (m.find()) {
      String digits = m.group().replace(" ", "").replace("-", "");
      if (digits.length() < 13 || digits.length() > 19 || !luhn(digits)) {
        continue;
      }
      if (sb == null) {
        sb = new StringBuilder(text.length());
      }
      String masked =
          digits.substring(0, 6)
              + "*".repeat(digits.length() - 10)
              + digits.substring(digits.length() - 4);
      m.appendReplacement(sb, masked);
    }
    if (sb == null) {
      return text;
    }
    m.appendTail(sb);
    return sb.toString();
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }

  private static String lastSegment(String key) {
    String k = key.endsWith("]") ? key.substring(0, key.length() - 1) : key;
    int open = k.lastIndexOf('[');
    return open >= 0 ? k.substring(open + 1) : k;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
  }
}
