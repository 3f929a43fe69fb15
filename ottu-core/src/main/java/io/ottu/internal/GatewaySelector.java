package io.ottu.internal;

import io.ottu.CardBrand;
import io.ottu.InvalidRequestException;
import io.ottu.PaymentRequest;
import io.ottu.SourceSummary;
import io.ottu.ThreeDSecure;
import io.ottu.gateway.Gateway;
import io.ottu.gateway.GatewayCapabilities;
import io.ottu.gateway.GatewayOperation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the gateways that can take a payment, in the order they were configured: the capability
 * filter that every routing strategy starts from. A request no gateway can take is refused before
 * anything is stored, with the reason per gateway.
 */
public final class GatewaySelector {
  private final Map<String, Gateway> gateways;
  private final List<Gateway> all;

  /**
   * Creates a selector over the configured gateways.
   *
   * @throws IllegalArgumentException if two gateways share an id
   */
  public GatewaySelector(List<Gateway> gateways) {
    Map<String, Gateway> m = new LinkedHashMap<>();
    for (Gateway g : gateways) {
      if (m.putIfAbsent(g.id(), g) != null) {
        throw new IllegalArgumentException("two gateways have the id \"" + g.id() + "\"");
      }
    }
    this.gateways = java.util.Collections.unmodifiableMap(m);
    this.all = List.copyOf(m.values());
  }

  /** The gateway with this id, or null. */
  public Gateway gateway(String id) {
    return id == null ? null : gateways.get(id);
  }

  /** The configured gateway ids, in order. */
  public Set<String> ids() {
    return gateways.keySet();
  }

  /**
   * The gateways able to take the payment, in configured order.
   *
   * @throws InvalidRequestException if none can, naming why for each gateway
   */
  public List<Gateway> candidates(PaymentRequest request, SourceSummary source, boolean capture) {
    List<Gateway> pool;
    if (request.gateway().isPresent()) {
      Gateway pinned = gateways.get(request.gateway().get());
      if (pinned == null) {
        throw new InvalidRequestException(
            "gateway",
            "no gateway with id \""
                + request.gateway().get()
                + "\"; configured: "
                + gateways.keySet());
      }
      pool = List.of(pinned);
    } else {
      pool = all;
    }
    if (pool.isEmpty()) {
      throw new InvalidRequestException("gateway", "the client has no gateways configured");
    }
    List<Gateway> out = new ArrayList<>(pool.size());
    // Only a refusal needs these: most payments are taken by every gateway.
    Set<String> fields = null;
    StringBuilder why = null;
    for (Gateway g : pool) {
      String[] refusal = refusal(g.capabilities(), request, source, capture);
      if (refusal == null) {
        out.add(g);
      } else {
        if (fields == null) {
          fields = new LinkedHashSet<>();
          why = new StringBuilder();
        }
        fields.add(refusal[0]);
        why.append(why.length() == 0 ? "" : "; ").append(g.id()).append(": ").append(refusal[1]);
      }
    }
    if (out.isEmpty()) {
      String field = fields.size() == 1 ? fields.iterator().next() : "gateway";
      throw new InvalidRequestException(
          field, "no configured gateway can take this payment (" + why + ")");
    }
    return out;
  }

  /** Why the gateway cannot take the payment, as {field, reason}, or null if it can. */
  private static String[] refusal(
      GatewayCapabilities caps, PaymentRequest request, SourceSummary source, boolean capture) {
    String currency = request.amount().currencyCode();
    if (!caps.supportsCurrency(currency)) {
      return new String[] {"amount.currency", "does not support " + currency};
    }
    if (!caps.sourceTypes().contains(request.source().type())
        && !(request.source().type() == io.ottu.PaymentSource.Type.VAULT_TOKEN
            && caps.sourceTypes().contains(io.ottu.PaymentSource.Type.CARD))) {
      return new String[] {"source", "does not accept " + request.source().type() + " sources"};
    }
    CardBrand brand = source.brand();
    if (source.card() != null && !caps.supportsBrand(brand)) {
      return new String[] {"source", "does not accept " + brand + " cards"};
    }
    boolean canCapture =
        caps.supports(GatewayOperation.PURCHASE)
            || (caps.supports(GatewayOperation.AUTHORIZE)
                && caps.supports(GatewayOperation.CAPTURE));
    if (capture ? !canCapture : !caps.supports(GatewayOperation.AUTHORIZE)) {
      return new String[] {"gateway", "does not support " + (capture ? "purchase" : "authorize")};
    }
    if (request.threeDSecure() == ThreeDSecure.REQUIRED && !caps.threeDSecure()) {
      return new String[] {"threeDSecure", "does not support 3-D Secure"};
    }
    return null;
  }
}
