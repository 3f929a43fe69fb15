package io.ottu.benchmarks.routing;

import io.ottu.CardBrand;
import io.ottu.Decline;
import io.ottu.DeclineReason;
import io.ottu.PaymentSource;
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
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One gateway of the {@link Scenario}: it authorizes by the scenario's true rates, answering at
 * once. A payment whose card the scenario declines gets a hard {@link
 * DeclineReason#INSUFFICIENT_FUNDS} ({@code 51}, caused by the card, so routing statistics must not
 * count it against the gateway); any other decline is a hard {@link DeclineReason#DO_NOT_HONOR}
 * ({@code 05}, the gateway's or its acquirer's fault). Declines are hard so that no payment
 * cascades: what is measured is the approval rate of each strategy's first choice.
 *
 * <p>The payment's index in the scenario travels in the metadata entry {@value #SEQUENCE}. Only
 * authorization is supported. Thread-safe; stateless apart from a reference counter.
 */
public final class ScenarioGateway implements Gateway {
  /** The metadata key holding the payment's index in the scenario. */
  public static final String SEQUENCE = "sim.seq";

  private final String id;
  private final int index;
  private final Scenario scenario;
  private final GatewayCapabilities capabilities;
  private final AtomicLong references = new AtomicLong();

  /**
   * The gateway {@code id} of {@code scenario}.
   *
   * @throws IllegalArgumentException if the scenario has no such gateway
   */
  public ScenarioGateway(String id, Scenario scenario) {
    this.id = Objects.requireNonNull(id, "id");
    this.index = Scenario.gatewayIndex(id);
    this.scenario = Objects.requireNonNull(scenario, "scenario");
    this.capabilities =
        GatewayCapabilities.builder()
            .currencies(
                scenario.segments().stream()
                    .map(Scenario.Segment::currency)
                    .distinct()
                    .toArray(String[]::new))
            .brands(CardBrand.VISA, CardBrand.MASTERCARD)
            .sourceTypes(PaymentSource.Type.CARD)
            .operations(GatewayOperation.AUTHORIZE)
            .threeDSecure(false)
            .build();
  }

  /** The scenario's payment index carried by a request. */
  static int sequence(java.util.Map<String, String> metadata) {
    String seq = metadata.get(SEQUENCE);
    if (seq == null) {
      throw new IllegalArgumentException("the payment has no " + SEQUENCE + " metadata");
    }
    return Integer.parseInt(seq);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public GatewayCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public GatewayResult authorize(AuthorizeRequest request) {
    int i = sequence(request.metadata());
    String reference = id + "_" + references.incrementAndGet();
    if (scenario.cardDeclined(i)) {
      return GatewayResult.declined(
          reference, Decline.hard(DeclineReason.INSUFFICIENT_FUNDS, "51", "insufficient funds"));
    }
    if (scenario.approves(index, i)) {
      return GatewayResult.authorized(reference, request.amount());
    }
    return GatewayResult.declined(
        reference, Decline.hard(DeclineReason.DO_NOT_HONOR, "05", "do not honor"));
  }

  @Override
  public GatewayResult capture(CaptureRequest request) {
    throw unsupported("capture");
  }

  @Override
  public GatewayResult cancel(CancelRequest request) {
    throw unsupported("cancel");
  }

  @Override
  public GatewayResult refund(RefundRequest request) {
    throw unsupported("refund");
  }

  @Override
  public Optional<GatewayResult> lookup(LookupRequest request) {
    throw unsupported("lookup");
  }

  @Override
  public GatewayResult completeAction(CompleteActionRequest request) {
    throw unsupported("completeAction");
  }

  private GatewayException unsupported(String operation) {
    return GatewayException.rejected(
        id, operation + " is not part of the simulation", 400, "operation_unsupported");
  }
}
