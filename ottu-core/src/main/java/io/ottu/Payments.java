package io.ottu;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The payment operations of a {@link PaymentClient}: {@code client.payments()}. Thread-safe.
 *
 * <p>Synchronous methods run on the caller's thread and return the payment as committed to the
 * store. Each has an {@code ...Async} form that runs on the client's executor and completes with
 * the same result, or exceptionally with the same exception.
 *
 * <p>Errors: {@link InvalidRequestException} for bad input (nothing stored, no gateway called);
 * {@link PaymentNotFoundException}; {@link PaymentStateException} when the payment's state does not
 * allow the operation (unchanged); {@link IdempotencyConflictException}; {@link
 * io.ottu.gateway.GatewayException} when a follow-up operation (capture, refund, cancel,
 * completeAction) failed at the gateway (the payment records the failed attempt). Declines are
 * results: the returned payment is {@link PaymentStatus#DECLINED} with a {@link Decline}.
 */
public interface Payments {
  /** Authorizes a payment (reserves funds) without capturing it. */
  Payment authorize(PaymentRequest request);

  /** Authorizes and captures a payment in one step (a sale). */
  Payment purchase(PaymentRequest request);

  /**
   * Captures part or all of the authorized amount. Several partial captures are allowed where the
   * gateway supports them; otherwise a partial capture releases the rest.
   */
  Payment capture(String paymentId, Money amount);

  /**
   * As {@link #capture(String, Money)}, idempotently: the same key and amount returns the payment
   * without capturing again; the same key with another amount fails with {@link
   * IdempotencyConflictException}.
   */
  Payment capture(String paymentId, Money amount, String idempotencyKey);

  /**
   * Releases (voids) an authorization, or abandons a payment that requires the shopper's action. On
   * a partially captured payment it releases the rest, leaving it {@link PaymentStatus#CAPTURED}.
   */
  Payment cancel(String paymentId);

  /** Refunds part or all of the captured amount. */
  Payment refund(String paymentId, Money amount);

  /** As {@link #refund(String, Money)}, idempotently by key. */
  Payment refund(String paymentId, Money amount, String idempotencyKey);

  /**
   * Finishes a payment that required the shopper's action (3-D Secure, a redirect), with what the
   * shopper's return carried (query or form parameters).
   */
  Payment completeAction(String paymentId, Map<String, String> returnParameters);

  /**
   * Asks the gateway about anything unsettled on the payment (an unknown outcome, a pending
   * operation) and applies what it says. Never guesses: what the gateway cannot confirm stays
   * unknown.
   */
  Payment refresh(String paymentId);

  /** The latest snapshot of a payment. */
  Optional<Payment> get(String paymentId);

  /**
   * Authorizes (or, with {@link BatchOptions#purchase()}, purchases) many payments with bounded
   * concurrency on the client's executor, and waits for all of them. Each item gets its own result:
   * a payment, or the exception that kept it from being made; one failure never fails the batch.
   * Requests should carry idempotency keys, so a batch can be re-run safely after a crash.
   *
   * @throws InvalidRequestException if {@code requests} is null or holds a null
   */
  BatchResult batch(java.util.List<PaymentRequest> requests, BatchOptions options);

  /** {@link #authorize(PaymentRequest)} on the client's executor. */
  CompletableFuture<Payment> authorizeAsync(PaymentRequest request);

  /** {@link #purchase(PaymentRequest)} on the client's executor. */
  CompletableFuture<Payment> purchaseAsync(PaymentRequest request);

  /** {@link #capture(String, Money)} on the client's executor. */
  CompletableFuture<Payment> captureAsync(String paymentId, Money amount);

  /** {@link #capture(String, Money, String)} on the client's executor. */
  CompletableFuture<Payment> captureAsync(String paymentId, Money amount, String idempotencyKey);

  /** {@link #cancel(String)} on the client's executor. */
  CompletableFuture<Payment> cancelAsync(String paymentId);

  /** {@link #refund(String, Money)} on the client's executor. */
  CompletableFuture<Payment> refundAsync(String paymentId, Money amount);

  /** {@link #refund(String, Money, String)} on the client's executor. */
  CompletableFuture<Payment> refundAsync(String paymentId, Money amount, String idempotencyKey);

  /** {@link #completeAction(String, Map)} on the client's executor. */
  CompletableFuture<Payment> completeActionAsync(
      String paymentId, Map<String, String> returnParameters);

  /** {@link #refresh(String)} on the client's executor. */
  CompletableFuture<Payment> refreshAsync(String paymentId);

  /** {@link #get(String)} on the client's executor. */
  CompletableFuture<Optional<Payment>> getAsync(String paymentId);
}
