package io.ottu.testing;

import io.ottu.event.PaymentEvent;
import io.ottu.event.PaymentEventType;
import io.ottu.event.PaymentListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Records every event, for assertions. Thread-safe. */
public final class RecordingListener implements PaymentListener {
  /** The events received, in delivery order. */
  public final List<PaymentEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(PaymentEvent event) {
    events.add(event);
  }

  /** The types of the events for one payment, in order. */
  public List<PaymentEventType> typesFor(String paymentId) {
    return events.stream()
        .filter(e -> e.payment().id().equals(paymentId))
        .map(PaymentEvent::type)
        .collect(Collectors.toList());
  }
}
