package io.ottu.benchmarks.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ottu.GatewayHealth;
import io.ottu.benchmarks.routing.RoutingSimulation.Result;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class RoutingSimulationTest {
  private static final String SVG = "http://www.w3.org/2000/svg";

  private static Scenario scenario;
  private static List<Result> results;

  @BeforeAll
  static void run() {
    scenario = Scenario.standard(7, 2_000, Duration.ofSeconds(1));
    results =
        RoutingSimulation.runAll(
            scenario, RoutingSimulation.standardContenders(scenario, null), 20);
  }

  private static Result result(String name) {
    return results.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void everyPaymentIsApprovedOrDeclined() {
    assertThat(results).allSatisfy(r -> assertThat(r.other()).isZero());
    assertThat(results).allSatisfy(r -> assertThat(r.payments()).isEqualTo(2_000));
  }

  @Test
  void theOracleThroughTheEngineApprovesExactlyWhatTheScenarioSays() {
    assertThat(result("oracle").approved()).isEqualTo(RoutingTuning.oracleApprovals(scenario));
  }

  @Test
  void noStrategyBeatsTheOracle() {
    // Common random numbers: a payment any gateway approves, its best gateway approves too.
    int oracle = result("oracle").approved();
    assertThat(results).allSatisfy(r -> assertThat(r.approved()).isLessThanOrEqualTo(oracle));
  }

  @Test
  void staticStrategiesRouteAsConfigured() {
    assertThat(result("priority").firstChoice().get("a")).isEqualTo(2_000);
    double shareA = result("weighted").firstChoice().get("a") / 2_000.0;
    assertThat(shareA).isBetween(0.45, 0.55);
  }

  @Test
  void learningBeatsStaticRouting() {
    assertThat(result("smart").approved()).isGreaterThan(result("priority").approved());
    assertThat(result("successRate").approved()).isGreaterThan(result("weighted").approved());
  }

  @Test
  void cardDeclinesAreNotHeldAgainstTheGateway() {
    // Everything to gateway a, with (practically) no decay by time and none by count: the engine's
    // approval rate of a must leave out the insufficient-funds declines, which every gateway gives
    // alike.
    RoutingSimulation.Contender priority =
        new RoutingSimulation.Contender(
            "priority", () -> io.ottu.routing.Routing.priority("a"), Duration.ofDays(100_000), 0);
    Result r = RoutingSimulation.run(scenario, priority, 1);
    int cardDeclines = 0;
    for (int i = 0; i < scenario.payments(); i++) {
      cardDeclines += scenario.cardDeclined(i) ? 1 : 0;
    }
    assertThat(cardDeclines).isGreaterThan(50);
    GatewayHealth a =
        r.health().stream().filter(h -> h.gatewayId().equals("a")).findFirst().orElseThrow();
    int blamable = scenario.payments() - cardDeclines;
    assertThat(a.samples()).isCloseTo(blamable, within(1.0));
    assertThat(a.approvalRate()).isCloseTo((double) r.approved() / blamable, within(0.001));
  }

  @Test
  void runsAreDeterministic() {
    RoutingSimulation.Contender smart = RoutingSimulation.standardContenders(scenario, null).get(3);
    assertThat(smart.name()).isEqualTo("smart");
    Result again = RoutingSimulation.run(scenario, smart, 20);
    Result first = result("smart");
    assertThat(again.approved()).isEqualTo(first.approved());
    assertThat(again.bucketApproved()).isEqualTo(first.bucketApproved());
    assertThat(again.firstChoice()).isEqualTo(first.firstChoice());
  }

  @Test
  void theReportIsWellFormedWithOneLinePerStrategyALegendAndTheDrift() throws Exception {
    String html = QualityReport.html(scenario, results, QualityReport.describe(scenario, null));
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(html)));

    NodeList svgs = doc.getElementsByTagNameNS(SVG, "svg");
    assertThat(svgs.getLength()).isEqualTo(1);
    Element svg = (Element) svgs.item(0);
    NodeList lines = svg.getElementsByTagNameNS(SVG, "polyline");
    assertThat(lines.getLength()).isEqualTo(results.size());
    for (int i = 0; i < lines.getLength(); i++) {
      String[] points = ((Element) lines.item(i)).getAttribute("points").split(" ");
      assertThat(points).hasSize(20);
      for (String p : points) {
        String[] xy = p.split(",");
        assertThat(Double.parseDouble(xy[0])).isBetween(0.0, 1000.0);
        assertThat(Double.parseDouble(xy[1])).isBetween(0.0, 500.0);
      }
    }
    String text = svg.getTextContent();
    assertThat(text).contains("drift", "virtual time", "approval rate");
    for (Result r : results) {
      assertThat(text).contains(r.name());
    }
    assertThat(doc.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "table").getLength())
        .isEqualTo(2);
    assertThat(html).doesNotContain("<script", "http://www.w3.org/2000/svg\" href", "src=");
  }

  @Test
  void table() {
    String table = QualityReport.table(results);
    assertThat(table.lines()).hasSize(results.size() + 1);
    assertThat(table).contains("vs oracle", "1.0000");
  }
}
