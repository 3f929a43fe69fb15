package io.ottu.webhooks.internal;

import java.net.UnknownHostException;

/**
 * A host resolved to an address the {@link io.ottu.webhooks.AddressGuard} refuses. An {@link
 * UnknownHostException} because that is what OkHttp's {@code Dns} may throw; to the caller the host
 * simply has no usable address.
 */
public final class BlockedAddressException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the host and the refused address. */
  public BlockedAddressException(String message) {
    super(message);
  }
}
