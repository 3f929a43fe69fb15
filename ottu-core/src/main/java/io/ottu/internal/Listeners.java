package io.ottu.internal;

import io.ottu.event.PaymentEvent;
import io.ottu.event.PaymentListener;
import io.ottu.metrics.PaymentMetrics;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers committed events to the host's listeners. A listener that throws is logged and counted;
 * it never undoes the change or stops the next listener.
 */
public final class Listeners {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<PaymentListener> listeners;
  private final PaymentMetrics metrics;
  private final AtomicLong failures = new AtomicLong();

  /** Creates a dispatcher over a fixed list of listeners. */
  public Listeners(List<PaymentListener> listeners, PaymentMetrics metrics) {
    this.listeners = List.copyOf(listeners);
    this.metrics = metrics;
  }

  /** Whether no listener is registered, so events need not be built at all. */
  public boolean isEmpty() {
    return listeners.isEmpty();
  }

  /** Delivers the event to every listener in registration order. */
  public void deliver(PaymentEvent event) {
    for (PaymentListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        metrics.listenerFailure();
        log.warn(
            "payment listener {} failed on event {} ({}) for payment {}",
            listener.getClass().getName(),
            event.id(),
            event.type(),
            event.payment().id(),
            e);
      }
    }
  }

  /** How many listener calls threw since the client started. */
  public long failures() {
    return failures.get();
  }
}
