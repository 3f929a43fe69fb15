package io.ottu;

/** Whether to ask for 3-D Secure authentication of the cardholder. */
public enum ThreeDSecure {
  /** Let the gateway and issuer decide (challenge when the issuer or regulation asks). */
  AUTOMATIC,
  /** Always authenticate the cardholder. */
  REQUIRED,
  /** Do not ask for it (the issuer may still decline with "authentication required"). */
  SKIP
}
