package io.ottu.gateway.simulated;

import io.ottu.gateway.GatewayOperation;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** The built-in {@link FaultPlan}s; separate classes so that each has a readable toString. */
final class FaultPlans {
  private FaultPlans() {}

  /** Never injects a fault. */
  enum None implements FaultPlan {
    INSTANCE;

    @Override
    public Fault decide(SimulatedCall call) {
      return Fault.NONE;
    }

    @Override
    public String toString() {
      return "FaultPlan.none()";
    }
  }

  /** Injects one fault into every call. */
  static final class Always implements FaultPlan {
    private final Fault fault;

    Always(Fault fault) {
      this.fault = fault;
    }

    @Override
    public Fault decide(SimulatedCall call) {
      return fault;
    }

    @Override
    public String toString() {
      return "FaultPlan.always(" + fault + ")";
    }
  }

  /** Draws one uniform number per call and maps it onto cumulative fault probabilities. */
  static final class Random implements FaultPlan {
    /** Summing a few doubles can overshoot 1 by an ulp or so; that must not reject a valid plan. */
    private static final double TOLERANCE = 1e-9;

    private final Fault[] faults;
    private final double[] cumulative;
    private final Map<Fault, Double> probabilities;

    Random(Map<Fault, Double> probabilities) {
      if (probabilities == null) {
        throw new NullPointerException("probabilities");
      }
      Map<Fault, Double> copy = new EnumMap<>(Fault.class);
      for (Map.Entry<Fault, Double> e : probabilities.entrySet()) {
        Fault fault = e.getKey();
        Double p = e.getValue();
        if (fault == null || p == null) {
          throw new NullPointerException("probabilities: null fault or probability");
        }
        if (fault == Fault.NONE) {
          throw new IllegalArgumentException(
              "probabilities: NONE takes the remaining probability and cannot be given one");
        }
        if (!(p >= 0.0 && p <= 1.0)) {
          throw new IllegalArgumentException(
              "probabilities: " + fault + " must be within 0 and 1, was " + p);
        }
        copy.put(fault, p);
      }
      this.faults = copy.keySet().toArray(new Fault[0]);
      this.cumulative = new double[faults.length];
      double sum = 0;
      for (int i = 0; i < faults.length; i++) {
        sum += copy.get(faults[i]);
        cumulative[i] = sum;
      }
      if (sum > 1.0 + TOLERANCE) {
        throw new IllegalArgumentException(
            "probabilities: must add up to at most 1, add up to " + sum);
      }
      this.probabilities = copy;
    }

    @Override
    public Fault decide(SimulatedCall call) {
      double u = call.random().nextDouble();
      for (int i = 0; i < cumulative.length; i++) {
        if (u < cumulative[i]) {
          return faults[i];
        }
      }
      return Fault.NONE;
    }

    @Override
    public String toString() {
      return "FaultPlan.random(" + probabilities + ")";
    }
  }

  /** A fixed script, then no faults. */
  static final class Sequence implements FaultPlan {
    private final Fault[] faults;
    // A long cannot wrap around in practice, so the script is never replayed.
    private final AtomicLong position = new AtomicLong();

    Sequence(Fault[] faults) {
      this.faults = faults;
    }

    @Override
    public Fault decide(SimulatedCall call) {
      if (position.get() >= faults.length) {
        // Once the script is over, skip the write so a long run does not contend on the counter.
        return Fault.NONE;
      }
      long i = position.getAndIncrement();
      return i < faults.length ? faults[(int) i] : Fault.NONE;
    }

    @Override
    public String toString() {
      return "FaultPlan.sequence(" + Arrays.toString(faults) + ")";
    }
  }

  /** The first plan's fault unless it is NONE, then the second's. */
  static final class OrElse implements FaultPlan {
    private final FaultPlan first;
    private final FaultPlan second;

    OrElse(FaultPlan first, FaultPlan second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public Fault decide(SimulatedCall call) {
      Fault a = first.decide(call);
      Fault b = second.decide(call);
      return a != Fault.NONE ? a : b;
    }

    @Override
    public String toString() {
      return first + ".orElse(" + second + ")";
    }
  }

  /** Applies a plan to some operations only. */
  static final class OnlyFor implements FaultPlan {
    private final FaultPlan plan;
    private final Set<GatewayOperation> operations;

    OnlyFor(FaultPlan plan, Set<GatewayOperation> operations) {
      this.plan = plan;
      this.operations = operations;
    }

    @Override
    public Fault decide(SimulatedCall call) {
      return operations.contains(call.operation()) ? plan.decide(call) : Fault.NONE;
    }

    @Override
    public String toString() {
      return plan + ".onlyFor(" + operations + ")";
    }
  }
}
