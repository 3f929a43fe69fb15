package io.ottu.benchmarks.engine;

import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The smallest honest in-process gateway, for measuring what the engine itself costs: it approves
 * every request at once with a reference derived from the request, keeps no records (so it declares
 * no lookup and no idempotency keys) and never blocks, which is why it can declare a {@linkplain
 * #callTimeout() call bound} when asked to. Everything the engine does around the call (validation,
 * routing, the store, the policies, events) is what a purchase through it measures; a {@link
 * io.ottu.gateway.simulated.SimulatedGateway} adds its own ledger and idempotency bookkeeping on
 * top.
 *
 * <p>Thread-safe (stateless).
 */
public final class InstantGateway implements Gateway {
  private static final GatewayCapabilities CAPABILITIES =
      GatewayCapabilities.builder()
          .operations(
              GatewayOperation.AUTHORIZE,
              GatewayOperation.PURCHASE,
              GatewayOperation.CAPTURE,
              GatewayOperation.CANCEL,
              GatewayOperation.REFUND)
          .idempotencyKeys(false)
          .threeDSecure(false)
          .build();

  private final String id;
  private final Duration bound;

  /**
   * An instant gateway.
   *
   * @param id its id
   * @param declaresBound whether it declares that it bounds its own calls (it never blocks, so any
   *     bound holds; it declares one second), sparing the engine a timer per call
   */
  public InstantGateway(String id, boolean declaresBound) {
    this.id = Objects.requireNonNull(id, "id");
    this.bound = declaresBound ? Duration.ofSeconds(1) : null;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public GatewayCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(bound);
  }

  @Override
  public GatewayResult authorize(AuthorizeRequest request) {
    String reference = "in_" + request.paymentId();
    return request.capture()
        ? GatewayResult.captured(reference, request.amount())
        : GatewayResult.authorized(reference, request.amount());
  }

  @Override
  public GatewayResult capture(CaptureRequest request) {
    return GatewayResult.captured(request.gatewayReference(), request.amount());
  }

  @Override
  public GatewayResult cancel(CancelRequest request) {
    return GatewayResult.cancelled(request.gatewayReference());
  }

  @Override
  public GatewayResult refund(RefundRequest request) {
    return GatewayResult.refunded(request.gatewayReference(), request.amount());
  }

  /** It keeps no records, so it cannot say what happened to an earlier request. */
  @Override
  public Optional<GatewayResult> lookup(LookupRequest request) {
    throw GatewayException.rejected(id, "the instant gateway keeps no records", 400, "no_lookup");
  }

  /** It never asks for an action, so there is none to complete. */
  @Override
  public GatewayResult completeAction(CompleteActionRequest request) {
    throw GatewayException.rejected(id, "the instant gateway asks for no action", 400, "no_action");
  }
}
