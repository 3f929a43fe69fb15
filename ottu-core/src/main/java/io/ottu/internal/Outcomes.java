package io.ottu.internal;

import io.ottu.Attempt;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayResult;

/** How gateway answers and failures are named on attempts. */
final class Outcomes {
  private Outcomes() {}

  static Attempt.Outcome of(FailureClass c) {
    return switch (c) {
      case NOT_SENT -> Attempt.Outcome.NOT_SENT;
      case UNAVAILABLE -> Attempt.Outcome.UNAVAILABLE;
      case UNKNOWN_OUTCOME -> Attempt.Outcome.UNKNOWN_OUTCOME;
      case REJECTED -> Attempt.Outcome.REJECTED;
    };
  }

  static Attempt.Outcome of(GatewayResult.Type t) {
    return switch (t) {
      case AUTHORIZED, CAPTURED, REFUNDED, CANCELLED -> Attempt.Outcome.APPROVED;
      case DECLINED -> Attempt.Outcome.DECLINED;
      case ACTION_REQUIRED -> Attempt.Outcome.ACTION_REQUIRED;
      case PENDING -> Attempt.Outcome.PENDING;
      case EXPIRED -> Attempt.Outcome.REJECTED;
    };
  }

  /** A one-line description of a failure: class, status, code, request id, message. */
  static String describe(GatewayException e) {
    StringBuilder sb = new StringBuilder(e.failureClass().name());
    if (e.httpStatus() > 0) {
      sb.append(" http=").append(e.httpStatus());
    }
    e.gatewayCode().ifPresent(c -> sb.append(" code=").append(c));
    e.requestId().ifPresent(r -> sb.append(" request=").append(r));
    e.retryAfter().ifPresent(r -> sb.append(" retryAfter=").append(r.toMillis()).append("ms"));
    if (e.getMessage() != null) {
      sb.append(": ").append(e.getMessage());
    }
    return sb.toString();
  }
}
