package io.ottu.fx;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A {@link RateTableSource} that answers from a script (a table, or a failure) and counts its
 * fetches. The last step repeats.
 */
final class ScriptedTableSource implements RateTableSource {
  private final Deque<Supplier<RateTable>> script = new ArrayDeque<>();
  private final AtomicInteger fetches = new AtomicInteger();

  synchronized ScriptedTableSource thenReturn(RateTable table) {
    script.add(() -> table);
    return this;
  }

  synchronized ScriptedTableSource thenFail(String message) {
    script.add(
        () -> {
          throw new ExchangeRateUnavailableException(message);
        });
    return this;
  }

  synchronized ScriptedTableSource then(Supplier<RateTable> step) {
    script.add(step);
    return this;
  }

  int fetches() {
    return fetches.get();
  }

  @Override
  public RateTable fetch() {
    fetches.incrementAndGet();
    Supplier<RateTable> step;
    synchronized (this) {
      step = script.size() > 1 ? script.poll() : script.peek();
    }
    if (step == null) {
      throw new IllegalStateException("nothing scripted");
    }
    return step.get();
  }
}
