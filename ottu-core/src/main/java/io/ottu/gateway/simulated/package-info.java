/**
 * A simulated payment gateway for demos, tests and benchmarks: {@link
 * io.ottu.gateway.simulated.SimulatedGateway} implements the {@link io.ottu.gateway.Gateway} SPI
 * with configurable approvals, declines ({@link io.ottu.gateway.simulated.DeclineCode}), fixed
 * {@link io.ottu.gateway.simulated.TestCards test cards}, 3-D Secure, latency ({@link
 * io.ottu.gateway.simulated.Sleeper}) and injected {@link io.ottu.gateway.simulated.Fault faults}
 * ({@link io.ottu.gateway.simulated.FaultPlan}), and records every charge in a {@link
 * io.ottu.gateway.simulated.SimulatedLedger} that tests check the engine against.
 */
package io.ottu.gateway.simulated;
