package io.ottu;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link Payments#batch(java.util.List, BatchOptions)} runs: how many payments at once, whether
 * to authorize or purchase, and a progress callback. Immutable; {@code with...} methods return
 * copies.
 *
 * <pre>{@code
 * BatchResult r = client.payments().batch(requests,
 *     BatchOptions.concurrency(16).purchase().onProgress(p -> log.info("{}/{}", p.done(), p.total())));
 * }</pre>
 */
public final class BatchOptions {
  /**
   * Progress so far.
   *
   * @param done items finished (succeeded or failed)
   * @param failed items that failed with an exception
   * @param total items in the batch
   */
  public record Progress(int done, int failed, int total) {}

  private final int concurrency;
  private final boolean purchase;
  private final Consumer<Progress> progress;

  private BatchOptions(int concurrency, boolean purchase, Consumer<Progress> progress) {
    this.concurrency = concurrency;
    this.purchase = purchase;
    this.progress = progress;
  }

  /**
   * Runs at most {@code concurrency} payments at once (1 to 1024), authorizing each.
   *
   * @throws IllegalArgumentException if out of range
   */
  public static BatchOptions concurrency(int concurrency) {
    if (concurrency < 1 || concurrency > 1024) {
      throw new IllegalArgumentException("concurrency must be 1 to 1024, was " + concurrency);
    }
    return new BatchOptions(concurrency, false, p -> {});
  }

  /** A copy that purchases (authorizes and captures) instead of authorizing. */
  public BatchOptions purchase() {
    return new BatchOptions(concurrency, true, progress);
  }

  /**
   * A copy that reports progress after each item. The callback runs on the thread that finished the
   * item; it must be thread-safe and quick, and an exception from it is ignored.
   */
  public BatchOptions onProgress(Consumer<Progress> progress) {
    return new BatchOptions(concurrency, purchase, Objects.requireNonNull(progress, "progress"));
  }

  /** How many payments run at once. */
  public int concurrency() {
    return concurrency;
  }

  /** Whether items are purchased rather than authorized. */
  public boolean isPurchase() {
    return purchase;
  }

  /** The progress callback. */
  public Consumer<Progress> progress() {
    return progress;
  }
}
