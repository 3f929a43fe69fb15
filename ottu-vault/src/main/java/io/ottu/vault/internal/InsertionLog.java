package io.ottu.vault.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tokens of a store in insertion order, for paging: an append-only array of chunks. Appending
 * is one atomic increment and one release store, without locks (a new chunk of 16,384 slots is
 * added under a lock once per chunk). A reader sees every slot whose append completed; a slot whose
 * append is still in flight reads as {@code null} and is skipped. Thread-safe.
 */
final class InsertionLog {
  private static final int CHUNK_BITS = 14;
  private static final int CHUNK = 1 << CHUNK_BITS;
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(String[].class);

  private final AtomicLong next = new AtomicLong();
  private volatile String[][] chunks = new String[0][];

  /** Appends a token and returns its position. */
  long append(String token) {
    long position = next.getAndIncrement();
    SLOT.setRelease(chunk(position), (int) (position & (CHUNK - 1)), token);
    return position;
  }

  /** How many positions have been handed out (some may still be in flight). */
  long size() {
    return next.get();
  }

  /** The token at a position, or {@code null} if its append has not completed. */
  String get(long position) {
    String[][] current = chunks;
    int c = (int) (position >>> CHUNK_BITS);
    if (c >= current.length || current[c] == null) {
      return null;
    }
    return (String) SLOT.getAcquire(current[c], (int) (position & (CHUNK - 1)));
  }

  private String[] chunk(long position) {
    int c = (int) (position >>> CHUNK_BITS);
    String[][] current = chunks;
    if (c < current.length && current[c] != null) {
      return current[c];
    }
    synchronized (this) {
      current = chunks;
      if (c >= current.length) {
        current = Arrays.copyOf(current, Math.max(c + 1, current.length * 2));
      } else if (current[c] != null) {
        return current[c];
      } else {
        current = current.clone();
      }
      current[c] = new String[CHUNK];
      chunks = current;
      return current[c];
    }
  }
}
