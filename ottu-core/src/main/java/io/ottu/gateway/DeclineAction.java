package io.ottu.gateway;

/**
 * What the engine does after a decline, as a {@link DeclineTable} row says. Adapters put it on the
 * {@link io.ottu.Decline}; hosts change it per gateway with a decline-table override in the
 * gateway's policy.
 */
public enum DeclineAction {
  /** Stop: the payment is declined for good; trying again anywhere would be pointless or unsafe. */
  STOP,
  /** Try the next capable gateway, if routing policy allows cascading. */
  CASCADE,
  /** Try the same gateway again with 3-D Secure, because the issuer asked for authentication. */
  STEP_UP_3DS
}
