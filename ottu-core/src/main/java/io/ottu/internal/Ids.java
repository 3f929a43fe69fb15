package io.ottu.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates ids: a prefix, 10 characters of the creation time in milliseconds and 16 random
 * characters (80 bits), in Crockford base 32, so ids sort by creation time like ULIDs. Ids are not
 * secrets; ThreadLocalRandom keeps generation off any shared lock.
 */
public final class Ids {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  private Ids() {}

  /** A new id with the given prefix, such as {@code pay_}. */
  public static String next(String prefix, long epochMillis) {
    char[] out = new char[prefix.length() + 26];
    prefix.getChars(0, prefix.length(), out, 0);
    int p = prefix.length();
    for (int i = 9; i >= 0; i--) {
      out[p + i] = ALPHABET[(int) (epochMillis & 31)];
      epochMillis >>>= 5;
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long a = r.nextLong();
    long b = r.nextLong();
    for (int i = 0; i < 16; i++) {
      long src = i < 12 ? a : b;
      int shift = (i < 12 ? i : i - 12) * 5;
      out[p + 10 + i] = ALPHABET[(int) ((src >>> shift) & 31)];
    }
    return new String(out);
  }
}
