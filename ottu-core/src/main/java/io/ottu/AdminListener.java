package io.ottu;

/** Hears of every {@link AdminEvent}. Must be thread-safe and quick; exceptions are logged. */
@FunctionalInterface
public interface AdminListener {
  /** Called once per admin change. */
  void onAdminEvent(AdminEvent event);
}
