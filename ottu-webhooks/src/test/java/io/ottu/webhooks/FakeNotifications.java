package io.ottu.webhooks;

import io.ottu.NotificationResult;
import io.ottu.Notifications;
import io.ottu.gateway.GatewayNotification;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A hand-written {@link Notifications}: records what it is given and answers from a function. */
final class FakeNotifications implements Notifications {
  final List<GatewayNotification> applied = new CopyOnWriteArrayList<>();
  volatile Function<GatewayNotification, NotificationResult> answer =
      n -> new NotificationResult(NotificationResult.Outcome.APPLIED, null, "applied");

  @Override
  public NotificationResult apply(GatewayNotification notification) {
    applied.add(notification);
    return answer.apply(notification);
  }
}
