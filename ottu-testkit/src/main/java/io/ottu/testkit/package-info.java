/**
 * The gateway compatibility kit: {@link io.ottu.testkit.GatewayCompatibilityKit}, a JUnit 5 base
 * class that checks a {@link io.ottu.gateway.Gateway} adapter against the failure classification
 * contract over a real socket (WireMock), and {@link io.ottu.testkit.KitWireMock}, the WireMock
 * settings it uses, for an adapter's own tests.
 */
package io.ottu.testkit;
