package io.ottu.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * A real HTTP receiver on loopback (the JDK's HttpServer): records every request, answers with a
 * scripted status, can hold requests at a gate, and tracks how many are in flight at once.
 */
final class Receiver implements AutoCloseable {
  /** One request as it arrived. */
  record Received(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? null : v.get(0);
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  final List<Received> received = new CopyOnWriteArrayList<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  volatile ToIntFunction<Received> status = r -> 200;
  volatile byte[] responseBody = "ok".getBytes(StandardCharsets.UTF_8);
  volatile CountDownLatch gate;

  private Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static Receiver start() throws IOException {
    return new Receiver();
  }

  private void handle(HttpExchange ex) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try {
      byte[] body = ex.getRequestBody().readAllBytes();
      Map<String, List<String>> headers = new TreeMap<>();
      ex.getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
      Received r = new Received(headers, body);
      received.add(r);
      CountDownLatch g = gate;
      if (g != null) {
        try {
          g.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      int code = status.applyAsInt(r);
      byte[] out = responseBody;
      ex.sendResponseHeaders(code, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        } catch (IOException e) {
          // the client stopped reading (a capped body): fine
        }
      }
    } finally {
      inFlight.decrementAndGet();
      ex.close();
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:port/path}. */
  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  @Override
  public void close() {
    CountDownLatch g = gate;
    if (g != null) {
      while (g.getCount() > 0) {
        g.countDown();
      }
    }
    server.stop(0);
    executor.shutdownNow();
  }
}
