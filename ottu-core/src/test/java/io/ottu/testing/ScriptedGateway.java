package io.ottu.testing;

import io.ottu.gateway.AuthorizeRequest;
import io.ottu.gateway.CancelRequest;
import io.ottu.gateway.CaptureRequest;
import io.ottu.gateway.CompleteActionRequest;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayResult;
import io.ottu.gateway.LookupRequest;
import io.ottu.gateway.RefundRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A hand-written fake gateway for engine tests: each operation answers from a script (a queue of
 * answers, then a default function), and every call is recorded. Thread-safe.
 */
public final class ScriptedGateway implements Gateway {
  /** One scripted answer: a result, or a failure to throw. */
  public interface Answer<R> {
    /** Produces the answer for a request. */
    GatewayResult answer(R request);
  }

  private final String id;
  private final GatewayCapabilities capabilities;
  private final Deque<Answer<AuthorizeRequest>> authorizeScript = new ArrayDeque<>();
  private volatile Answer<AuthorizeRequest> authorizeDefault;
  private volatile Answer<CaptureRequest> captureAnswer;
  private volatile Answer<RefundRequest> refundAnswer;
  private volatile Answer<CancelRequest> cancelAnswer;
  private volatile Answer<CompleteActionRequest> completeAnswer;
  private volatile Function<LookupRequest, Optional<GatewayResult>> lookupAnswer =
      r -> Optional.empty();
  private final AtomicInteger counter = new AtomicInteger();

  /** Every request received, in order. */
  public final List<Object> calls = new CopyOnWriteArrayList<>();

  private ScriptedGateway(String id, GatewayCapabilities capabilities) {
    this.id = id;
    this.capabilities = capabilities;
    this.authorizeDefault =
        r ->
            r.capture()
                ? GatewayResult.captured(ref(), r.amount())
                : GatewayResult.authorized(ref(), r.amount());
    this.captureAnswer =
        r ->
            GatewayResult.captured(r.gatewayReference(), r.amount())
                .withTransactionReference(ref());
    this.refundAnswer =
        r ->
            GatewayResult.refunded(r.gatewayReference(), r.amount())
                .withTransactionReference(ref());
    this.cancelAnswer = r -> GatewayResult.cancelled(r.gatewayReference());
    this.completeAnswer = r -> GatewayResult.authorized(r.gatewayReference(), r.amount());
  }

  /** A gateway that approves everything. */
  public static ScriptedGateway approving(String id) {
    return new ScriptedGateway(id, GatewayCapabilities.builder().build());
  }

  /** A gateway with the given capabilities that approves everything. */
  public static ScriptedGateway approving(String id, GatewayCapabilities capabilities) {
    return new ScriptedGateway(id, capabilities);
  }

  /** A fresh gateway reference. */
  public String ref() {
    return id + "_" + counter.incrementAndGet();
  }

  /** Queues answers for the next authorize calls. */
  @SafeVarargs
  public final ScriptedGateway thenAuthorize(Answer<AuthorizeRequest>... answers) {
    synchronized (authorizeScript) {
      for (Answer<AuthorizeRequest> a : answers) {
        authorizeScript.add(a);
      }
    }
    return this;
  }

  /** Sets the answer for every authorize call once the script is used up. */
  public ScriptedGateway onAuthorize(Answer<AuthorizeRequest> answer) {
    this.authorizeDefault = answer;
    return this;
  }

  /** Sets the capture answer. */
  public ScriptedGateway onCapture(Answer<CaptureRequest> answer) {
    this.captureAnswer = answer;
    return this;
  }

  /** Sets the refund answer. */
  public ScriptedGateway onRefund(Answer<RefundRequest> answer) {
    this.refundAnswer = answer;
    return this;
  }

  /** Sets the cancel answer. */
  public ScriptedGateway onCancel(Answer<CancelRequest> answer) {
    this.cancelAnswer = answer;
    return this;
  }

  /** Sets the completeAction answer. */
  public ScriptedGateway onCompleteAction(Answer<CompleteActionRequest> answer) {
    this.completeAnswer = answer;
    return this;
  }

  /** Sets the lookup answer. */
  public ScriptedGateway onLookup(Function<LookupRequest, Optional<GatewayResult>> answer) {
    this.lookupAnswer = answer;
    return this;
  }

  /** An answer that throws {@code e}. */
  public static <R> Answer<R> fail(GatewayException e) {
    return r -> {
      throw e;
    };
  }

  /** How many calls of a request type were made. */
  public long count(Class<?> requestType) {
    return calls.stream().filter(requestType::isInstance).count();
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
    calls.add(request);
    Answer<AuthorizeRequest> next;
    synchronized (authorizeScript) {
      next = authorizeScript.poll();
    }
    return (next != null ? next : authorizeDefault).answer(request);
  }

  @Override
  public GatewayResult capture(CaptureRequest request) {
    calls.add(request);
    return captureAnswer.answer(request);
  }

  @Override
  public GatewayResult cancel(CancelRequest request) {
    calls.add(request);
    return cancelAnswer.answer(request);
  }

  @Override
  public GatewayResult refund(RefundRequest request) {
    calls.add(request);
    return refundAnswer.answer(request);
  }

  @Override
  public Optional<GatewayResult> lookup(LookupRequest request) {
    calls.add(request);
    return lookupAnswer.apply(request);
  }

  @Override
  public GatewayResult completeAction(CompleteActionRequest request) {
    calls.add(request);
    return completeAnswer.answer(request);
  }
}
