package io.ottu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A currency from ISO 4217: its alphabetic code, numeric code, minor units (the number of decimal
 * places an amount may carry) and name.
 *
 * <p>The table ships with this library as the resource {@code io/ottu/iso4217.csv}, taken from ISO
 * 4217 List One rather than from {@link java.util.Currency}, because the JDK lags the standard (the
 * Caribbean guilder {@code XCG}, Zimbabwe Gold {@code ZWG} or the Unidad Previsional {@code UYW},
 * for example) and because a payment must never round because a JDK thinks a currency has a
 * different number of decimals than the gateway does. Codes whose minor units ISO gives as "N.A."
 * (gold, SDR, {@code XXX}, ...) and withdrawn codes are not currencies a payment can carry: {@link
 * #of(String)} rejects them with a message that says why.
 *
 * <p>Instances are immutable, value-based (equal when their codes are equal) and thread-safe; there
 * is exactly one instance per code.
 */
public final class CurrencyUnit {
  private static final String RESOURCE = "iso4217.csv";
  private static final int MAX_QUOTED = 40;

  private final String code;
  private final int numericCode;
  private final int minorUnits;
  private final String displayName;
  // Zero in this currency, made on first use; Money is immutable, so a racy write is harmless.
  private Money zero;

  private CurrencyUnit(String code, int numericCode, int minorUnits, String displayName) {
    this.code = code;
    this.numericCode = numericCode;
    this.minorUnits = minorUnits;
    this.displayName = displayName;
  }

  /**
   * Returns the currency for an ISO 4217 alphabetic code.
   *
   * @param code three uppercase letters, exactly as ISO writes them ({@code "KWD"}, not {@code
   *     "kwd"}): a payment API that silently upper-cased input would accept typos in other places
   * @return the one instance for that code
   * @throws NullPointerException if {@code code} is null
   * @throws InvalidRequestException with field {@code currency} if the code is malformed, unknown,
   *     withdrawn from ISO 4217 (the message names its successor), or has no minor unit in ISO 4217
   *     (precious metals, SDR, testing and no-currency codes)
   */
  public static CurrencyUnit of(String code) {
    Objects.requireNonNull(code, "code");
    CurrencyUnit unit = Table.USABLE.get(code);
    if (unit != null) {
      return unit;
    }
    if (!isWellFormed(code)) {
      throw new InvalidRequestException(
          "currency",
          "malformed currency code: "
              + quote(code)
              + " (expected three uppercase letters, e.g. \"USD\")");
    }
    String reason = Table.UNUSABLE.get(code);
    if (reason != null) {
      throw new InvalidRequestException("currency", "currency code " + quote(code) + " " + reason);
    }
    throw new InvalidRequestException("currency", "unknown currency code: " + quote(code));
  }

  /**
   * Every currency {@link #of(String)} accepts: the national and regional currencies and the funds
   * codes of ISO 4217 List One that have minor units. Iterates in code order.
   *
   * @return an unmodifiable set, the same instance on every call
   */
  public static Set<CurrencyUnit> all() {
    return Table.ALL;
  }

  /**
   * The ISO 4217 alphabetic code, for example {@code "KWD"}.
   *
   * @return three uppercase letters
   */
  public String code() {
    return code;
  }

  /**
   * The ISO 4217 numeric code, for example {@code 414} for KWD. Some gateways (MPGS, card networks)
   * want this instead of the alphabetic code; pad it to three digits when sending it as text.
   *
   * @return a number between 1 and 999
   */
  public int numericCode() {
    return numericCode;
  }

  /**
   * How many decimal places an amount in this currency carries: 0 for JPY, 2 for USD, 3 for KWD, 4
   * for CLF. Gateways that take amounts as integers count in these units.
   *
   * @return 0 to 4
   */
  public int minorUnits() {
    return minorUnits;
  }

  /**
   * The currency's English name as ISO 4217 gives it, for example {@code "Kuwaiti Dinar"}. Not
   * localized: this is for logs and operators, not for shoppers.
   *
   * @return the name
   */
  public String displayName() {
    return displayName;
  }

  /** Zero in this currency, shared: every payment snapshot has a few. */
  Money zero() {
    Money z = zero;
    if (z == null) {
      z = Money.ofMinor(0, this);
      zero = z;
    }
    return z;
  }

  /**
   * Equal when the other object is a currency with the same code.
   *
   * @param o any object
   * @return whether {@code o} denotes the same currency
   */
  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof CurrencyUnit && code.equals(((CurrencyUnit) o).code));
  }

  /**
   * A hash of the code, consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return code.hashCode();
  }

  /**
   * The alphabetic code, so that a currency prints the way people write it.
   *
   * @return the same as {@link #code()}
   */
  @Override
  public String toString() {
    return code;
  }

  private static boolean isWellFormed(String code) {
    if (code.length() != 3) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      char c = code.charAt(i);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }

  /**
   * Quotes caller input for an exception message. Input can be arbitrarily long or contain control
   * characters, and messages end up in logs, so it is cut short and escaped.
   */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_QUOTED) + 8).append('"');
    int end = Math.min(value.length(), MAX_QUOTED);
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
    if (value.length() > MAX_QUOTED) {
      sb.append("... (").append(value.length()).append(" characters)");
    }
    return sb.toString();
  }

  /**
   * The table, in a holder class so that a malformed resource fails loudly on first use with the
   * line at fault, and so that it is read once, by the JVM's class initialization lock.
   */
  private static final class Table {
    static final Map<String, CurrencyUnit> USABLE;
    static final Map<String, String> UNUSABLE;
    static final Set<CurrencyUnit> ALL;

    static {
      Map<String, CurrencyUnit> usable = new TreeMap<>();
      Map<String, String> unusable = new HashMap<>();
      load(usable, unusable);
      USABLE = Map.copyOf(usable);
      UNUSABLE = Map.copyOf(unusable);
      ALL = Collections.unmodifiableSet(new LinkedHashSet<>(usable.values()));
    }

    private Table() {}

    private static void load(Map<String, CurrencyUnit> usable, Map<String, String> unusable) {
      InputStream in = CurrencyUnit.class.getResourceAsStream(RESOURCE);
      if (in == null) {
        throw new IllegalStateException("resource io/ottu/" + RESOURCE + " is missing");
      }
      Map<Integer, String> numericOwners = new HashMap<>();
      Set<String> successors = new LinkedHashSet<>();
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        int lineNumber = 0;
        boolean headerSeen = false;
        while ((line = reader.readLine()) != null) {
          lineNumber++;
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          if (!headerSeen) {
            headerSeen = true;
            continue;
          }
          String[] f = line.split(",", 6);
          if (f.length != 6 || !isWellFormed(f[0]) || !f[1].matches("[0-9]{3}")) {
            throw malformed(lineNumber, line);
          }
          String code = f[0];
          int numeric = Integer.parseInt(f[1]);
          String kind = f[3];
          String successor = f[4];
          String name = f[5];
          if (usable.containsKey(code) || unusable.containsKey(code)) {
            throw new IllegalStateException(
                RESOURCE + " line " + lineNumber + ": duplicate code " + code);
          }
          switch (kind) {
            case "currency":
            case "fund":
              if (!f[2].matches("[0-4]") || !successor.isEmpty()) {
                throw malformed(lineNumber, line);
              }
              String previous = numericOwners.putIfAbsent(numeric, code);
              if (previous != null) {
                throw new IllegalStateException(
                    RESOURCE
                        + " line "
                        + lineNumber
                        + ": numeric code "
                        + f[1]
                        + " of "
                        + code
                        + " is already used by "
                        + previous);
              }
              usable.put(code, new CurrencyUnit(code, numeric, Integer.parseInt(f[2]), name));
              break;
            case "no-minor-unit":
              unusable.put(
                  code,
                  "("
                      + name
                      + ") has no minor unit in ISO 4217 and cannot be the currency of a"
                      + " payment");
              break;
            case "withdrawn":
              if (!isWellFormed(successor)) {
                throw malformed(lineNumber, line);
              }
              successors.add(successor);
              unusable.put(
                  code,
                  "(" + name + ") was withdrawn from ISO 4217; use " + successor + " instead");
              break;
            default:
              throw malformed(lineNumber, line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read resource io/ottu/" + RESOURCE, e);
      }
      if (usable.isEmpty()) {
        throw new IllegalStateException("resource io/ottu/" + RESOURCE + " lists no currency");
      }
      for (String successor : successors) {
        if (!usable.containsKey(successor)) {
          throw new IllegalStateException(
              RESOURCE + ": successor " + successor + " is not a usable currency");
        }
      }
    }

    private static IllegalStateException malformed(int lineNumber, String line) {
      return new IllegalStateException(RESOURCE + " line " + lineNumber + " is malformed: " + line);
    }
  }
}
