package io.ottu.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Generates ids: a prefix, 10 characters of the creation time in milliseconds and 16 random
 * characters (80 bits), in Crockford base 32, so ids sort by creation time like ULIDs. Ids are not
 * secrets; ThreadLocalRandom keeps generation off any shared lock.
 */
public final class Ids {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

  // Transaction ids are a payment's sequence numbers; the first few are shared constants, so a
  // stored payment does not carry its own copy of "txn_1".
  private static final String[] TRANSACTION_IDS = new String[32];

  static {
    for (int i = 1; i < TRANSACTION_IDS.length; i++) {
      TRANSACTION_IDS[i] = "txn_" + i;
    }
  }

  private Ids() {}

  /** The id of a payment's {@code n}-th transaction (1-based): {@code txn_1}, {@code txn_2}... */
  public static String transaction(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("transaction numbers start at 1, was " + n);
    }
    return n < TRANSACTION_IDS.length ? TRANSACTION_IDS[n] : "txn_" + n;
  }

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
