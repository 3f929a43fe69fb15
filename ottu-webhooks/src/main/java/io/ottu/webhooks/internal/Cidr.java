package io.ottu.webhooks.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** An IP range in CIDR notation. Parsing accepts only literals: it never resolves a name. */
public final class Cidr {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /**
   * Parses {@code a.b.c.d/n}, {@code x:y::z/n} or a single address.
   *
   * @throws IllegalArgumentException naming {@code cidr} if it is neither
   */
  public static Cidr parse(String cidr) {
    Objects.requireNonNull(cidr, "cidr");
    String s = cidr.strip();
    int slash = s.indexOf('/');
    String addr = slash < 0 ? s : s.substring(0, slash);
    InetAddress a = literal(addr);
    if (a == null) {
      throw new IllegalArgumentException("cidr: not an IP address or range: " + cidr);
    }
    byte[] bytes = a.getAddress();
    int max = bytes.length * 8;
    int prefix;
    try {
      prefix = slash < 0 ? max : Integer.parseInt(s.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("cidr: bad prefix length in " + cidr);
    }
    if (prefix < 0 || prefix > max) {
      throw new IllegalArgumentException("cidr: prefix length out of range in " + cidr);
    }
    return new Cidr(bytes, prefix, s);
  }

  /** Parses several ranges. */
  public static List<Cidr> parseAll(String... cidrs) {
    List<Cidr> out = new ArrayList<>(cidrs.length);
    for (String c : cidrs) {
      out.add(parse(c));
    }
    return List.copyOf(out);
  }

  /**
   * The address if {@code host} is an IP literal as OkHttp decides it (digits and dots, or anything
   * with a colon), without any DNS lookup; null for a host name.
   */
  public static InetAddress literal(String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean v4ish = h.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    boolean v6ish =
        h.indexOf(':') >= 0
            && h.chars()
                .allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%');
    if (!v4ish && !v6ish) {
      return null;
    }
    try {
      // For numeric text the JDK parses and never queries DNS.
      return InetAddress.getByName(h);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Whether {@code address} lies in the range (an IPv4 range never contains an IPv6 address). */
  public boolean contains(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (b[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (b[full] & mask) == (network[full] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
