package io.ottu.internal;

import dev.failsafe.Bulkhead;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Policy;
import dev.failsafe.RateLimitExceededException;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import io.ottu.Attempt;
import io.ottu.InvalidRequestException;
import io.ottu.gateway.FailureClass;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayException;
import io.ottu.gateway.GatewayOperation;
import io.ottu.gateway.GatewayResult;
import io.ottu.metrics.PaymentMetrics;
import io.ottu.resilience.GatewayPolicy;
import io.ottu.routing.CircuitState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Calls one gateway under its {@link GatewayPolicy}: retry (safe classes only) outside a circuit
 * breaker, rate limiter and bulkhead, with a timeout on each attempt. Every attempt is seen,
 * classified, timed and handed to the caller, so the payment records each one with its key.
 */
public final class GatewayExecutor {
  private static final Logger log = LoggerFactory.getLogger(GatewayExecutor.class);

  /**
   * One attempt as it happened.
   *
   * @param operation the operation
   * @param outcome how it ended
   * @param detail a description
   * @param startedAt when it started
   * @param took how long it took
   * @param result the answer, or null (also null for a lookup that found nothing)
   * @param failure the failure, or null
   * @param called whether the gateway was actually called (not refused by an open circuit)
   */
  public record Tried(
      GatewayOperation operation,
      Attempt.Outcome outcome,
      String detail,
      Instant startedAt,
      Duration took,
      GatewayResult result,
      GatewayException failure,
      boolean called) {}

  /**
   * The end of a call: either a value or a classified failure, and every attempt made.
   *
   * @param value the gateway's answer, or null
   * @param failure the final classified failure, or null
   * @param attempts every attempt, in order
   */
  public record Outcome<T>(T value, GatewayException failure, List<Tried> attempts) {
    /** Whether the call produced a value. */
    public boolean succeeded() {
      return failure == null;
    }
  }

  private final Gateway gateway;
  private final GatewayPolicy policy;
  private final CircuitBreaker<Object> breaker;
  private final FailsafeExecutor<Object> stateChanging;
  private final FailsafeExecutor<Object> reading;
  private final java.time.Clock clock;
  private final PaymentMetrics metrics;
  private final GatewayStatistics stats;

  /** Builds the policies for {@code gateway}. */
  public GatewayExecutor(
      Gateway gateway,
      GatewayPolicy policy,
      java.time.Clock clock,
      PaymentMetrics metrics,
      GatewayStatistics stats) {
    this.gateway = gateway;
    this.policy = policy;
    this.clock = clock;
    this.metrics = metrics;
    this.stats = stats;
    this.breaker =
        CircuitBreaker.<Object>builder()
            .handleIf(GatewayExecutor::technicalFailure)
            .withFailureThreshold(policy.failureThreshold(), policy.failureThresholdWindow())
            .withDelay(policy.circuitOpenDelay())
            .withSuccessThreshold(policy.circuitSuccessThreshold())
            .onOpen(e -> circuitChanged(CircuitState.OPEN))
            .onHalfOpen(e -> circuitChanged(CircuitState.HALF_OPEN))
            .onClose(e -> circuitChanged(CircuitState.CLOSED))
            .build();
    boolean idempotent = gateway.capabilities().idempotencyKeys();
    this.stateChanging = executor(retryPolicy(idempotent && policy.retryUnknownOutcome()));
    // A lookup changes nothing, so every failure of one may be retried.
    this.reading = executor(retryPolicy(true));
    metrics.circuitState(gateway.id(), CircuitState.CLOSED);
    stats.register(gateway.id());
  }

  private FailsafeExecutor<Object> executor(RetryPolicy<Object> retry) {
    List<Policy<Object>> policies = new ArrayList<>();
    policies.add(retry);
    policies.add(breaker);
    if (policy.rateLimitPerSecond() > 0) {
      policies.add(
          RateLimiter.<Object>smoothBuilder(policy.rateLimitPerSecond(), Duration.ofSeconds(1))
              .withMaxWaitTime(policy.maxWait())
              .build());
    }
    if (policy.maxConcurrency() > 0) {
      policies.add(
          Bulkhead.<Object>builder(policy.maxConcurrency())
              .withMaxWaitTime(policy.maxWait())
              .build());
    }
    if (!boundsItsOwnCalls()) {
      policies.add(Timeout.<Object>builder(policy.timeout()).withInterrupt().build());
    }
    return Failsafe.with(policies);
  }

  /**
   * Whether the adapter's own bound on a call ({@link Gateway#callTimeout()}) is within the
   * policy's timeout, so the engine needs no timer per call.
   */
  public boolean boundsItsOwnCalls() {
    return gateway.callTimeout().map(t -> t.compareTo(policy.timeout()) <= 0).orElse(false);
  }

  private RetryPolicy<Object> retryPolicy(boolean retryUnknown) {
    Duration maxRetryAfter = policy.maxRetryAfter();
    return RetryPolicy.<Object>builder()
        .handleIf(
            (Object r, Throwable e) -> {
              if (e instanceof GatewayException g) {
                return switch (g.failureClass()) {
                  case NOT_SENT -> true;
                  case UNAVAILABLE ->
                      g.retryAfter().map(d -> d.compareTo(maxRetryAfter) <= 0).orElse(true);
                  case UNKNOWN_OUTCOME -> retryUnknown;
                  case REJECTED -> false;
                };
              }
              return e instanceof TimeoutExceededException && retryUnknown;
            })
        .abortOn(
            List.of(
                CircuitBreakerOpenException.class,
                RateLimitExceededException.class,
                BulkheadFullException.class,
                InvalidRequestException.class))
        .withMaxRetries(policy.maxRetries())
        .withBackoff(policy.backoffDelay(), policy.backoffMaxDelay())
        .withJitter(policy.jitter())
        // The gateway's own Retry-After wins over the back-off. Failsafe jitters every delay, so
        // the wait is stretched to make Retry-After the shortest wait jitter can produce.
        .withDelayFnOn(
            ctx ->
                ctx.getLastException() instanceof GatewayException g && g.retryAfter().isPresent()
                    ? stretch(g.retryAfter().get(), policy.jitter())
                    : Duration.ofNanos(-1),
            GatewayException.class)
        .build();
  }

  private static Duration stretch(Duration retryAfter, double jitter) {
    return Duration.ofNanos((long) Math.ceil(retryAfter.toNanos() / (1 - Math.min(jitter, 0.9))));
  }

  private static boolean technicalFailure(Object r, Throwable e) {
    if (e instanceof GatewayException g) {
      return g.failureClass() != FailureClass.REJECTED;
    }
    return e instanceof TimeoutExceededException;
  }

  private void circuitChanged(CircuitState state) {
    log.warn("circuit of gateway {} is now {}", gateway.id(), state);
    metrics.circuitState(gateway.id(), state);
  }

  /** The gateway. */
  public Gateway gateway() {
    return gateway;
  }

  /** The policy. */
  public GatewayPolicy policy() {
    return policy;
  }

  /** The circuit breaker's state. */
  public CircuitState circuit() {
    return switch (breaker.getState()) {
      case CLOSED -> CircuitState.CLOSED;
      case HALF_OPEN -> CircuitState.HALF_OPEN;
      case OPEN -> CircuitState.OPEN;
    };
  }

  /** Forces the circuit open (operator action). */
  public void openCircuit() {
    breaker.open();
  }

  /** Forces the circuit closed (operator action). */
  public void closeCircuit() {
    breaker.close();
  }

  /**
   * Runs a state-changing call under the policies and returns what happened. Never throws a {@link
   * GatewayException}: failures come back classified in the outcome. An {@link
   * InvalidRequestException} from the adapter (a request it cannot express, found before sending)
   * is thrown as is.
   */
  public Outcome<GatewayResult> call(GatewayOperation operation, Supplier<GatewayResult> call) {
    return run(operation, stateChanging, call, r -> r);
  }

  /**
   * Runs a lookup under the policies (every failure of a lookup may be retried). An empty answer
   * means the gateway has no record.
   */
  public Outcome<Optional<GatewayResult>> lookup(Supplier<Optional<GatewayResult>> call) {
    return run(GatewayOperation.LOOKUP, reading, call, o -> o.orElse(null));
  }

  private <T> Outcome<T> run(
      GatewayOperation operation,
      FailsafeExecutor<Object> executor,
      Supplier<T> call,
      Function<T, GatewayResult> view) {
    List<Tried> attempts = new ArrayList<>(2);
    Object[] lastAnswer = new Object[1];
    Outcome<T> outcome;
    try {
      Object value =
          executor.get(
              ctx -> {
                MDC.put("ottu.attempt", attemptNumber(ctx.getAttemptCount() + 1));
                Instant started = clock.instant();
                long t0 = System.nanoTime();
                try {
                  T r = call.get();
                  if (r == null) {
                    throw GatewayException.unknownOutcome(
                        gateway.id(), "the adapter returned no result", 0, null);
                  }
                  synchronized (lastAnswer) {
                    lastAnswer[0] = r;
                  }
                  record(attempts, operation, started, t0, view.apply(r), null);
                  return r;
                } catch (GatewayException e) {
                  record(attempts, operation, started, t0, null, e);
                  throw e;
                } catch (InvalidRequestException e) {
                  throw e;
                } catch (RuntimeException e) {
                  // Something unclassified may have happened after the request left: assume it did.
                  GatewayException unknown =
                      GatewayException.unknownOutcome(
                          gateway.id(), "adapter failed with " + e.getClass().getName(), 0, e);
                  record(attempts, operation, started, t0, null, unknown);
                  throw unknown;
                } finally {
                  MDC.remove("ottu.attempt");
                }
              });
      @SuppressWarnings("unchecked")
      T typed = (T) value;
      return new Outcome<>(typed, null, attempts);
    } catch (GatewayException e) {
      outcome = new Outcome<>(null, e, attempts);
    } catch (TimeoutExceededException e) {
      GatewayException unknown =
          GatewayException.unknownOutcome(
              gateway.id(), "no answer within " + policy.timeout().toMillis() + " ms", 0, e);
      outcome = new Outcome<>(null, unknown, attempts);
    } catch (CircuitBreakerOpenException e) {
      outcome = notSent(attempts, operation, "circuit open; the gateway was not called", e);
    } catch (RateLimitExceededException e) {
      outcome = notSent(attempts, operation, "rate limit reached; the gateway was not called", e);
    } catch (BulkheadFullException e) {
      outcome =
          notSent(attempts, operation, "too many calls in flight; the gateway was not called", e);
    }
    return reconcileAttempts(outcome, lastAnswer);
  }

  /**
   * The outcome of a call is judged on all its attempts, not the last one alone. Every attempt
   * carried the same idempotency key, so an answer the gateway gave to any of them (even one that
   * came too late for the timeout) is the answer; and if any attempt's outcome is unknown, a later
   * attempt refused unsent or unavailable does not make the whole call "not processed": failing
   * over then could charge twice.
   */
  private <T> Outcome<T> reconcileAttempts(Outcome<T> outcome, Object[] lastAnswer) {
    Object answer;
    synchronized (lastAnswer) {
      answer = lastAnswer[0];
    }
    if (answer != null) {
      @SuppressWarnings("unchecked")
      T typed = (T) answer;
      log.info(
          "{}: using the answer of an earlier attempt after the call ended with {}",
          gateway.id(),
          outcome.failure().failureClass());
      return new Outcome<>(typed, null, outcome.attempts());
    }
    GatewayException last = outcome.failure();
    // A refusal of a retry (not sent, unavailable, even rejected) says nothing about whether an
    // earlier attempt with the same key went through.
    if (last.failureClass() != FailureClass.UNKNOWN_OUTCOME) {
      for (Tried t : outcome.attempts()) {
        if (t.outcome() == Attempt.Outcome.UNKNOWN_OUTCOME) {
          GatewayException unknown =
              GatewayException.unknownOutcome(
                  gateway.id(),
                  "an earlier attempt's outcome is unknown ("
                      + t.detail()
                      + "); the last attempt said: "
                      + last.getMessage(),
                  last.httpStatus(),
                  last);
          return new Outcome<>(null, unknown, outcome.attempts());
        }
      }
    }
    return outcome;
  }

  private static final String[] ATTEMPT_NUMBERS = {
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"
  };

  private static String attemptNumber(int n) {
    return n < ATTEMPT_NUMBERS.length ? ATTEMPT_NUMBERS[n] : Integer.toString(n);
  }

  private <T> Outcome<T> notSent(
      List<Tried> attempts, GatewayOperation op, String why, Throwable cause) {
    GatewayException e = GatewayException.notSent(gateway.id(), why, cause);
    Instant now = clock.instant();
    attempts.add(new Tried(op, Attempt.Outcome.NOT_SENT, why, now, Duration.ZERO, null, e, false));
    metrics.gatewayCall(gateway.id(), op, Attempt.Outcome.NOT_SENT, Duration.ZERO);
    return new Outcome<>(null, e, attempts);
  }

  private void record(
      List<Tried> attempts,
      GatewayOperation op,
      Instant started,
      long t0,
      GatewayResult result,
      GatewayException failure) {
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    Attempt.Outcome outcome;
    String detail;
    if (failure == null && result == null) {
      outcome = Attempt.Outcome.NOT_FOUND;
      detail = "no record at the gateway";
    } else if (result != null) {
      outcome = Outcomes.of(result.type());
      detail = result.rawStatus().orElse(result.type().name());
      if (result.decline().isPresent()) {
        detail = result.decline().get().reason() + " " + result.decline().get().rawCode();
      }
    } else {
      outcome = Outcomes.of(failure.failureClass());
      detail = Outcomes.describe(failure);
      stats.error(gateway.id(), op + " " + detail);
    }
    synchronized (attempts) {
      attempts.add(new Tried(op, outcome, detail, started, took, result, failure, true));
    }
    stats.latency(gateway.id(), took);
    metrics.gatewayCall(gateway.id(), op, outcome, took);
  }
}
