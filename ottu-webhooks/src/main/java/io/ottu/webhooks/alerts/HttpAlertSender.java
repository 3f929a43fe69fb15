package io.ottu.webhooks.alerts;

import io.ottu.webhooks.AddressGuard;
import io.ottu.webhooks.internal.GuardedHttp;
import io.ottu.webhooks.internal.Http;
import java.io.IOException;
import java.time.Duration;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts without blocking the caller, on OkHttp's dispatcher threads, through the address
 * guard. Alerts are best effort: a failure is logged, not retried.
 */
final class HttpAlertSender {
  private static final Logger log = LoggerFactory.getLogger(HttpAlertSender.class);

  private final OkHttpClient client;
  private final String name;

  HttpAlertSender(OkHttpClient base, AddressGuard guard, Duration timeout, String name) {
    this.client = GuardedHttp.client(base, guard, timeout, timeout);
    this.name = name;
  }

  void post(Request request, String alertId) {
    client
        .newCall(request)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                log.warn("{} alert {} not delivered: {}", name, alertId, Http.describe(e));
              }

              @Override
              public void onResponse(Call call, Response response) {
                try (response) {
                  if (!response.isSuccessful()) {
                    log.warn("{} alert {} refused: HTTP {}", name, alertId, response.code());
                  }
                }
              }
            });
  }
}
