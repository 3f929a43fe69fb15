package io.ottu.gateways.mpgs;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Reads the auto-submitting form out of the HTML snippet MPGS returns for a 3-D Secure challenge
 * ({@code authentication.redirect.html}, {@code authentication.redirectHtml} in older versions), so
 * the host can send the shopper there itself instead of injecting gateway HTML into its page.
 *
 * <p>The snippet is a {@code <form method="POST" action="{ACS}">} with hidden inputs ({@code creq}
 * for EMV 3-D Secure; {@code PaReq}, {@code TermUrl}, {@code MD} for 3-D Secure 1) and a script
 * that submits it (samples: Mastercard-MEA integration guide {@code authenticate-payer-api.json};
 * public integrations quoting {@code threedsChallengeRedirectForm}). Only that is read: the first
 * {@code <form>}'s {@code action} and {@code method}, and the {@code name} and {@code value} of its
 * {@code <input type="hidden">}s, with HTML character references decoded. Nothing is executed or
 * fetched; scripts, iframes and everything else are ignored. The regular expressions scan linearly,
 * and snippets over {@link #MAX_LENGTH} are refused. The action must be an absolute {@code https}
 * URL. Stateless and thread-safe.
 */
final class RedirectForm {
  /** Larger snippets are refused: a redirect form is a few kilobytes. */
  static final int MAX_LENGTH = 256 * 1024;

  private static final Pattern FORM_OPEN = Pattern.compile("(?is)<form\\b([^>]*)>");
  private static final Pattern FORM_CLOSE = Pattern.compile("(?i)</form\\s*>");
  private static final Pattern INPUT = Pattern.compile("(?is)<input\\b([^>]*)>");
  private static final Pattern ATTRIBUTE =
      Pattern.compile(
          "([A-Za-z_:][-A-Za-z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'=<>`]+))");
  private static final Pattern REFERENCE =
      Pattern.compile("&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|([A-Za-z]{2,6}));");

  /**
   * The form.
   *
   * @param action the absolute https URL the form posts to
   * @param method {@code POST} or {@code GET}
   * @param fields the hidden fields, in document order
   */
  record Form(String action, String method, Map<String, String> fields) {}

  private RedirectForm() {}

  /** The first form of {@code html}, if it has a usable https action. */
  static Optional<Form> parse(String html) {
    if (html == null || html.isBlank() || html.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    Matcher open = FORM_OPEN.matcher(html);
    if (!open.find()) {
      return Optional.empty();
    }
    Map<String, String> formAttributes = attributes(open.group(1));
    String action = formAttributes.get("action");
    HttpUrl url = action == null ? null : HttpUrl.parse(action.strip());
    if (url == null || !url.isHttps()) {
      return Optional.empty();
    }
    String method = formAttributes.getOrDefault("method", "GET").strip().toUpperCase(Locale.ROOT);
    if (!method.equals("POST") && !method.equals("GET")) {
      return Optional.empty();
    }
    Matcher close = FORM_CLOSE.matcher(html);
    int end = close.find(open.end()) ? close.start() : html.length();
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher input = INPUT.matcher(html).region(open.end(), end);
    while (input.find()) {
      Map<String, String> a = attributes(input.group(1));
      String name = a.get("name");
      if ("hidden".equalsIgnoreCase(a.getOrDefault("type", "").strip())
          && name != null
          && !name.isEmpty()) {
        fields.put(name, a.getOrDefault("value", ""));
      }
    }
    return Optional.of(new Form(url.toString(), method, fields));
  }

  private static Map<String, String> attributes(String tag) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = ATTRIBUTE.matcher(tag);
    while (m.find()) {
      String value = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
      out.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), decode(value));
    }
    return out;
  }

  /** Decodes numeric character references and the five XML entities; leaves others as they are. */
  static String decode(String value) {
    if (value.indexOf('&') < 0) {
      return value;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder sb = new StringBuilder(value.length());
    while (m.find()) {
      String replacement = m.group();
      if (m.group(1) != null || m.group(2) != null) {
        int cp =
            m.group(1) != null ? Integer.parseInt(m.group(1)) : Integer.parseInt(m.group(2), 16);
        if (Character.isValidCodePoint(cp)) {
          replacement = new String(Character.toChars(cp));
        }
      } else {
        replacement =
            switch (m.group(3)) {
              case "amp" -> "&";
              case "lt" -> "<";
              case "gt" -> ">";
              case "quot" -> "\"";
              case "apos" -> "'";
              default -> m.group();
            };
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
