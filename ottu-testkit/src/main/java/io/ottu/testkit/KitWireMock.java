package io.ottu.testkit;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.PrintStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WireMock settings for gateway tests: a random port on the loopback interface only, no gzip (so
 * bodies are seen as gateways send them), a bounded request journal, and a notifier that masks card
 * numbers in WireMock's own diagnostics (an unmatched request is printed with its body, which holds
 * the card number the adapter sent).
 */
public final class KitWireMock {
  private static final Pattern PAN = Pattern.compile("(?<![0-9])[0-9]{13,19}(?![0-9])");

  private KitWireMock() {}

  /** The settings; callers may refine the returned configuration. */
  public static WireMockConfiguration options() {
    return wireMockConfig()
        .dynamicPort()
        .bindAddress("127.0.0.1")
        .gzipDisabled(true)
        .maxRequestJournalEntries(200)
        .notifier(new MaskingNotifier(System.err));
  }

  /** {@code text} with every 13-to-19-digit run reduced to its last four digits. */
  static String maskPans(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = PAN.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (m.find()) {
      String d = m.group();
      m.appendReplacement(sb, "****" + d.substring(d.length() - 4));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Prints WireMock's errors with card numbers masked; ignores its chatter. */
  private static final class MaskingNotifier implements Notifier {
    private final PrintStream out;

    MaskingNotifier(PrintStream out) {
      this.out = out;
    }

    @Override
    public void info(String message) {}

    @Override
    public void error(String message) {
      out.println("[wiremock] " + maskPans(message));
    }

    @Override
    public void error(String message, Throwable t) {
      out.println(
          "[wiremock] "
              + maskPans(message)
              + (t == null ? "" : ": " + t.getClass().getName() + " " + maskPans(t.getMessage())));
    }
  }
}
