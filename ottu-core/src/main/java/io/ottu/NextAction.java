package io.ottu;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the shopper must do before the payment can go on, typically a 3-D Secure challenge or a
 * redirect to a bank or wallet page (KNET, PayPal approval). Send the shopper's browser to {@link
 * #url()} with {@link #method()}, posting {@link #parameters()} as a form for {@code POST}. When
 * the shopper returns, pass what came back to {@code payments().completeAction(...)}. Immutable.
 *
 * @param type what kind of action this is
 * @param url where to send the shopper
 * @param method {@code GET} or {@code POST}
 * @param parameters form fields to post, or query parameters already in the URL for {@code GET}
 */
public record NextAction(Type type, String url, String method, Map<String, String> parameters) {

  /** Kinds of action. */
  public enum Type {
    /** Redirect the shopper's browser (3-D Secure ACS page, hosted payment page, wallet). */
    REDIRECT,
    /**
     * Run the gateway's 3-D Secure 2 SDK with the given parameters (device fingerprint, challenge).
     */
    THREE_DS_SDK
  }

  /** Validates and copies the parameters. */
  public NextAction {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    method = method == null ? "GET" : method;
    if (!method.equals("GET") && !method.equals("POST")) {
      throw new IllegalArgumentException("method must be GET or POST, was " + method);
    }
    parameters =
        parameters == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  /** A browser redirect with {@code GET}. */
  public static NextAction redirect(String url) {
    return new NextAction(Type.REDIRECT, url, "GET", Map.of());
  }

  /** A browser redirect posting {@code parameters} as a form. */
  public static NextAction redirectPost(String url, Map<String, String> parameters) {
    return new NextAction(Type.REDIRECT, url, "POST", parameters);
  }
}
