package io.ottu.resilience;

import io.ottu.gateway.DeclineRule;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the engine calls one gateway: timeout, retries, circuit breaker, rate limit, bulkhead, and
 * the host's overrides of the gateway's decline table. Built on Failsafe; immutable, with {@link
 * #builder()} and {@link #toBuilder()}. Set per gateway with {@code
 * PaymentClient.builder().policy(gatewayId, policy)}; gateways without one get {@link #defaults()}.
 *
 * <p>Retries are only ever made where they cannot charge twice:
 *
 * <ul>
 *   <li>{@code NOT_SENT} and {@code UNAVAILABLE} are retried after a back-off with jitter, or after
 *       the gateway's {@code Retry-After} when it gave one (up to {@link
 *       Builder#maxRetryAfter(Duration)}; a longer wait fails over instead);
 *   <li>{@code UNKNOWN_OUTCOME} (and a timeout) is retried with the same idempotency key, and only
 *       on a gateway whose capabilities say it honours idempotency keys;
 *   <li>{@code REJECTED}, declines and other answers are never retried here.
 * </ul>
 *
 * <p>The circuit breaker counts only technical failures (not sent, unavailable, unknown outcome,
 * timeouts), never declines; while it is open the gateway is skipped without a call.
 */
public final class GatewayPolicy {
  private final Duration timeout;
  private final int maxRetries;
  private final Duration backoffDelay;
  private final Duration backoffMaxDelay;
  private final double jitter;
  private final Duration maxRetryAfter;
  private final boolean retryUnknownOutcome;
  private final int failureThreshold;
  private final int failureThresholdWindow;
  private final Duration circuitOpenDelay;
  private final int circuitSuccessThreshold;
  private final int rateLimitPerSecond;
  private final int maxConcurrency;
  private final Duration maxWait;
  private final Map<String, DeclineRule> declineOverrides;

  private GatewayPolicy(Builder b) {
    this.timeout = b.timeout;
    this.maxRetries = b.maxRetries;
    this.backoffDelay = b.backoffDelay;
    this.backoffMaxDelay = b.backoffMaxDelay;
    this.jitter = b.jitter;
    this.maxRetryAfter = b.maxRetryAfter;
    this.retryUnknownOutcome = b.retryUnknownOutcome;
    this.failureThreshold = b.failureThreshold;
    this.failureThresholdWindow = b.failureThresholdWindow;
    this.circuitOpenDelay = b.circuitOpenDelay;
    this.circuitSuccessThreshold = b.circuitSuccessThreshold;
    this.rateLimitPerSecond = b.rateLimitPerSecond;
    this.maxConcurrency = b.maxConcurrency;
    this.maxWait = b.maxWait;
    this.declineOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(b.declineOverrides));
  }

  /**
   * The defaults: 30 s timeout per call; up to 2 retries, back-off from 200 ms to 2 s with 25%
   * jitter, honouring Retry-After up to 5 s; the circuit opens when 10 of the last 20 calls failed
   * technically, stays open 30 s and closes after 3 successful trial calls; no rate limit, no
   * bulkhead.
   */
  public static GatewayPolicy defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this policy's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.timeout = timeout;
    b.maxRetries = maxRetries;
    b.backoffDelay = backoffDelay;
    b.backoffMaxDelay = backoffMaxDelay;
    b.jitter = jitter;
    b.maxRetryAfter = maxRetryAfter;
    b.retryUnknownOutcome = retryUnknownOutcome;
    b.failureThreshold = failureThreshold;
    b.failureThresholdWindow = failureThresholdWindow;
    b.circuitOpenDelay = circuitOpenDelay;
    b.circuitSuccessThreshold = circuitSuccessThreshold;
    b.rateLimitPerSecond = rateLimitPerSecond;
    b.maxConcurrency = maxConcurrency;
    b.maxWait = maxWait;
    b.declineOverrides.putAll(declineOverrides);
    return b;
  }

  /** The time one call may take before its outcome counts as unknown. */
  public Duration timeout() {
    return timeout;
  }

  /** How many times a safe failure is retried on the same gateway. */
  public int maxRetries() {
    return maxRetries;
  }

  /** The first back-off delay. */
  public Duration backoffDelay() {
    return backoffDelay;
  }

  /** The longest back-off delay. */
  public Duration backoffMaxDelay() {
    return backoffMaxDelay;
  }

  /** The jitter factor applied to back-off delays. */
  public double jitter() {
    return jitter;
  }

  /** The longest Retry-After honoured; a longer one fails over instead of waiting. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** Whether unknown outcomes are retried with the same key on idempotent gateways. */
  public boolean retryUnknownOutcome() {
    return retryUnknownOutcome;
  }

  /** Failures within the window that open the circuit. */
  public int failureThreshold() {
    return failureThreshold;
  }

  /** The number of recent calls the failure threshold is counted over. */
  public int failureThresholdWindow() {
    return failureThresholdWindow;
  }

  /** How long the circuit stays open before trial calls. */
  public Duration circuitOpenDelay() {
    return circuitOpenDelay;
  }

  /** Successful trial calls that close the circuit again. */
  public int circuitSuccessThreshold() {
    return circuitSuccessThreshold;
  }

  /** Calls per second allowed, or 0 for no limit. */
  public int rateLimitPerSecond() {
    return rateLimitPerSecond;
  }

  /** Concurrent calls allowed, or 0 for no limit. */
  public int maxConcurrency() {
    return maxConcurrency;
  }

  /** How long a call may wait for a rate-limit permit or a bulkhead slot. */
  public Duration maxWait() {
    return maxWait;
  }

  /** The host's overrides of the gateway's decline table, by raw code. */
  public Map<String, DeclineRule> declineOverrides() {
    return declineOverrides;
  }

  /** Builds a {@link GatewayPolicy}; {@link #build()} validates and names the bad setting. */
  public static final class Builder {
    private Duration timeout = Duration.ofSeconds(30);
    private int maxRetries = 2;
    private Duration backoffDelay = Duration.ofMillis(200);
    private Duration backoffMaxDelay = Duration.ofSeconds(2);
    private double jitter = 0.25;
    private Duration maxRetryAfter = Duration.ofSeconds(5);
    private boolean retryUnknownOutcome = true;
    private int failureThreshold = 10;
    private int failureThresholdWindow = 20;
    private Duration circuitOpenDelay = Duration.ofSeconds(30);
    private int circuitSuccessThreshold = 3;
    private int rateLimitPerSecond;
    private int maxConcurrency;
    private Duration maxWait = Duration.ZERO;
    private final Map<String, DeclineRule> declineOverrides = new LinkedHashMap<>();

    private Builder() {}

    /** The time one call may take. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Retries of safe failures on the same gateway (0 to 10). */
    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    /** Exponential back-off between retries, from {@code delay} doubling up to {@code maxDelay}. */
    public Builder backoff(Duration delay, Duration maxDelay) {
      this.backoffDelay = delay;
      this.backoffMaxDelay = maxDelay;
      return this;
    }

    /** Random jitter as a factor of each delay (0 to 1). */
    public Builder jitter(double jitter) {
      this.jitter = jitter;
      return this;
    }

    /** The longest Retry-After to honour; a gateway asking for more is failed over instead. */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = maxRetryAfter;
      return this;
    }

    /** Whether to retry unknown outcomes with the same key on idempotent gateways. */
    public Builder retryUnknownOutcome(boolean retry) {
      this.retryUnknownOutcome = retry;
      return this;
    }

    /**
     * The circuit opens when {@code failures} of the last {@code window} calls failed technically,
     * stays open for {@code openDelay}, and closes after {@code successes} trial calls succeed.
     */
    public Builder circuitBreaker(int failures, int window, Duration openDelay, int successes) {
      this.failureThreshold = failures;
      this.failureThresholdWindow = window;
      this.circuitOpenDelay = openDelay;
      this.circuitSuccessThreshold = successes;
      return this;
    }

    /** At most {@code perSecond} calls a second (0 for no limit). */
    public Builder rateLimit(int perSecond) {
      this.rateLimitPerSecond = perSecond;
      return this;
    }

    /** At most {@code concurrency} calls at once (0 for no limit). */
    public Builder bulkhead(int concurrency) {
      this.maxConcurrency = concurrency;
      return this;
    }

    /** How long a call may wait for a rate-limit permit or a bulkhead slot; zero by default. */
    public Builder maxWait(Duration maxWait) {
      this.maxWait = maxWait;
      return this;
    }

    /** Overrides one row of the gateway's decline table. */
    public Builder declineOverride(String rawCode, DeclineRule rule) {
      Objects.requireNonNull(rawCode, "rawCode");
      Objects.requireNonNull(rule, "rule");
      declineOverrides.put(rawCode.trim().toLowerCase(java.util.Locale.ROOT), rule);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public GatewayPolicy build() {
      positive("timeout", timeout);
      if (maxRetries < 0 || maxRetries > 10) {
        throw new IllegalArgumentException("maxRetries must be 0 to 10, was " + maxRetries);
      }
      positive("backoff delay", backoffDelay);
      positive("backoff maxDelay", backoffMaxDelay);
      if (backoffMaxDelay.compareTo(backoffDelay) <= 0) {
        throw new IllegalArgumentException("backoff maxDelay must be above delay");
      }
      if (jitter < 0 || jitter > 1) {
        throw new IllegalArgumentException("jitter must be within 0 and 1, was " + jitter);
      }
      notNegative("maxRetryAfter", maxRetryAfter);
      if (failureThresholdWindow < 1
          || failureThreshold < 1
          || failureThreshold > failureThresholdWindow) {
        throw new IllegalArgumentException(
            "circuitBreaker: failures must be 1 to window, was "
                + failureThreshold
                + " of "
                + failureThresholdWindow);
      }
      positive("circuitBreaker openDelay", circuitOpenDelay);
      if (circuitSuccessThreshold < 1) {
        throw new IllegalArgumentException("circuitBreaker successes must be positive");
      }
      if (rateLimitPerSecond < 0) {
        throw new IllegalArgumentException("rateLimit must not be negative");
      }
      if (maxConcurrency < 0) {
        throw new IllegalArgumentException("bulkhead must not be negative");
      }
      notNegative("maxWait", maxWait);
      return new GatewayPolicy(this);
    }

    private static void positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
    }

    private static void notNegative(String name, Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + d);
      }
    }
  }
}
