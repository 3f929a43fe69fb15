package io.ottu.store;

import io.ottu.OttuException;

/**
 * A payment changed between being read and being written. The engine re-reads and re-applies its
 * change; a caller only sees this when a change kept losing the race.
 */
public class ConcurrentUpdateException extends OttuException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for a payment and the version the writer expected. */
  public ConcurrentUpdateException(String paymentId, long expectedVersion, long actualVersion) {
    super(
        "payment "
            + paymentId
            + " changed concurrently: expected version "
            + expectedVersion
            + ", found "
            + actualVersion);
  }
}
