package io.ottu.benchmarks.routing;

import io.ottu.PaymentClient;
import io.ottu.benchmarks.routing.RoutingSimulation.Result;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Renders the results of the routing simulation: a text table for the console and a self-contained
 * HTML page (well-formed XHTML, so any XML parser can check it) with an inline SVG line chart of
 * the approval rate over time per strategy, the drift marked, and the table. Stateless.
 */
public final class QualityReport {
  /** The name of the yardstick row. */
  public static final String ORACLE = "oracle";

  private static final String[] COLORS = {
    "#d62728", "#ff7f0e", "#2ca02c", "#1f77b4", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22"
  };

  private static final int WIDTH = 1000;
  private static final int HEIGHT = 500;
  private static final int LEFT = 70;
  private static final int RIGHT = 270;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private QualityReport() {}

  /** One paragraph describing the scenario and settings. */
  public static String describe(Scenario s, Duration halfLife) {
    Duration total = s.interval().multipliedBy(s.payments());
    return String.format(
        Locale.ROOT,
        "Routing quality: %d payments, one every %s of virtual time (%s in all), seed %d; drift"
            + " after payment %d (%s); %.0f%% of cards declined everywhere (insufficient funds);"
            + " hard declines, no cascade. Statistics half-life %s, window %d observations.",
        s.payments(),
        human(s.interval()),
        human(total),
        s.seed(),
        s.driftAt(),
        human(s.interval().multipliedBy(s.driftAt())),
        s.cardDeclineShare() * 100,
        halfLife == null ? "30 min (the client's default)" : human(halfLife),
        PaymentClient.DEFAULT_STATISTICS_WINDOW);
  }

  /** The console table: overall, before and after the drift, ratio to the oracle, first choices. */
  public static String table(List<Result> results) {
    Result oracle = oracle(results);
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%-26s %9s %9s %9s %10s   %s%n",
            "strategy",
            "approval",
            "before",
            "after",
            "vs oracle",
            "first choice a / b / c"));
    for (Result r : results) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%-26s %9.4f %9.4f %9.4f %10s   %s%s%n",
              r.name(),
              r.rate(),
              r.rateBefore(),
              r.rateAfter(),
              oracle == null ? "-" : String.format(Locale.ROOT, "%.4f", r.rate() / oracle.rate()),
              shares(r),
              r.other() > 0 ? "  (" + r.other() + " neither approved nor declined)" : ""));
    }
    return sb.toString();
  }

  private static Result oracle(List<Result> results) {
    for (Result r : results) {
      if (r.name().equals(ORACLE)) {
        return r;
      }
    }
    return null;
  }

  private static String shares(Result r) {
    StringBuilder sb = new StringBuilder();
    for (String g : Scenario.GATEWAYS) {
      sb.append(sb.length() == 0 ? "" : " / ")
          .append(
              String.format(
                  Locale.ROOT, "%.2f", (double) r.firstChoice().getOrDefault(g, 0) / r.payments()));
    }
    return sb.toString();
  }

  /** The HTML page: title, settings, chart, table, and the scenario's true rates. */
  public static String html(Scenario s, List<Result> results, String settings) {
    Result oracle = oracle(results);
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n")
        .append("<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n")
        .append("<title>Ottu routing quality</title>\n")
        .append("<style>\n")
        .append("body{font-family:sans-serif;margin:2em;color:#222;max-width:1000px}\n")
        .append("table{border-collapse:collapse;margin:1em 0}\n")
        .append("th,td{border:1px solid #ccc;padding:4px 10px;text-align:right}\n")
        .append("th:first-child,td:first-child{text-align:left}\n")
        .append("caption{text-align:left;font-weight:bold;margin-bottom:4px}\n")
        .append("</style>\n</head>\n<body>\n")
        .append("<h1>Routing quality: approval rate over time</h1>\n")
        .append("<p>")
        .append(escape(settings))
        .append("</p>\n")
        .append(svg(s, results))
        .append("\n<table>\n<caption>Approval rate (approved / all payments)</caption>\n")
        .append("<tr><th>strategy</th><th>overall</th><th>before drift</th>")
        .append("<th>after drift</th><th>vs oracle</th>");
    for (String g : Scenario.GATEWAYS) {
      h.append("<th>first choice ").append(escape(g)).append("</th>");
    }
    h.append("</tr>\n");
    for (Result r : results) {
      h.append("<tr><td>")
          .append(escape(r.name()))
          .append("</td><td>")
          .append(fmt(r.rate()))
          .append("</td><td>")
          .append(fmt(r.rateBefore()))
          .append("</td><td>")
          .append(fmt(r.rateAfter()))
          .append("</td><td>")
          .append(oracle == null ? "-" : fmt(r.rate() / oracle.rate()))
          .append("</td>");
      for (String g : Scenario.GATEWAYS) {
        h.append("<td>")
            .append(
                String.format(
                    Locale.ROOT,
                    "%.1f%%",
                    100.0 * r.firstChoice().getOrDefault(g, 0) / r.payments()))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
    h.append(
        "<table>\n<caption>True approval rates of cards that are fine (before → after the"
            + " drift)</caption>\n<tr><th>segment</th><th>share</th>");
    for (String g : Scenario.GATEWAYS) {
      h.append("<th>").append(escape(g)).append("</th>");
    }
    h.append("</tr>\n");
    for (Scenario.Segment seg : s.segments()) {
      h.append("<tr><td>")
          .append(escape(seg.name()))
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.0f%%", seg.share() * 100))
          .append("</td>");
      for (int g = 0; g < Scenario.GATEWAYS.size(); g++) {
        double before = seg.rate(g, false);
        double after = seg.rate(g, true);
        h.append("<td>")
            .append(String.format(Locale.ROOT, "%.2f", before))
            .append(before == after ? "" : String.format(Locale.ROOT, " \u2192 %.2f", after))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n</body>\n</html>\n");
    return h.toString();
  }

  /** The chart: one polyline per strategy over the time buckets, the drift marked, a legend. */
  static String svg(Scenario s, List<Result> results) {
    int buckets = results.get(0).bucketPayments().length;
    double lo = 1;
    double hi = 0;
    for (Result r : results) {
      for (int b = 0; b < buckets; b++) {
        lo = Math.min(lo, r.bucketRate(b));
        hi = Math.max(hi, r.bucketRate(b));
      }
    }
    double yMin = Math.max(0, Math.floor((lo - 0.01) * 20) / 20);
    double yMax = Math.min(1, Math.ceil((hi + 0.01) * 20) / 20);
    if (yMax <= yMin) {
      yMax = Math.min(1, yMin + 0.05);
      yMin = yMax - 0.05;
    }
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    // Time in minutes for runs shorter than three hours, in hours otherwise.
    long totalMillis = s.interval().multipliedBy(s.payments()).toMillis();
    double unitMillis = totalMillis < 3 * 3_600_000L ? 60_000.0 : 3_600_000.0;
    String unit = unitMillis == 60_000.0 ? "minutes" : "hours";
    double span = totalMillis / unitMillis;
    Axis x = new Axis(0, span, LEFT, LEFT + plotW);
    Axis y = new Axis(yMin, yMax, TOP + plotH, TOP);

    StringBuilder g = new StringBuilder();
    g.append(
            String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                    + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\""
                    + " role=\"img\" aria-label=\"approval rate over time per strategy\">%n",
                WIDTH,
                HEIGHT,
                WIDTH,
                HEIGHT))
        .append(
            String.format(
                Locale.ROOT,
                "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n",
                WIDTH,
                HEIGHT))
        .append(
            String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Approval rate per"
                    + " %s of virtual time (%d payments per point)</text>%n",
                LEFT,
                human(s.interval().multipliedBy(s.payments() / buckets)),
                s.payments() / buckets));

    // Grid and y axis.
    double yStep = (yMax - yMin) > 0.3 ? 0.1 : 0.05;
    for (double v = yMin; v <= yMax + 1e-9; v += yStep) {
      double py = y.map(v);
      g.append(
              String.format(
                  Locale.ROOT,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n",
                  x.from,
                  py,
                  x.to,
                  py))
          .append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.2f</text>%n",
                  x.from - 6,
                  py + 4,
                  v));
    }
    double xStep = niceStep(span / 8);
    for (double v = 0; v <= span + 1e-9; v += xStep) {
      double px = x.map(v);
      g.append(
              String.format(
                  Locale.ROOT,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>%n",
                  px,
                  y.from,
                  px,
                  y.from + 5))
          .append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                  px,
                  y.from + 18,
                  trim(v)));
    }
    g.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\""
                    + " stroke=\"#444\"/>%n",
                x.from,
                y.to,
                plotW,
                plotH))
        .append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">virtual time (%s)</text>%n",
                LEFT + plotW / 2,
                HEIGHT - 15,
                unit))
        .append(
            String.format(
                Locale.ROOT,
                "<text x=\"18\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 18"
                    + " %.1f)\">approval rate</text>%n",
                TOP + plotH / 2,
                TOP + plotH / 2));

    // The drift.
    double driftX = x.map(s.interval().multipliedBy(s.driftAt()).toMillis() / unitMillis);
    g.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#555\""
                    + " stroke-dasharray=\"6 4\"/>%n",
                driftX,
                y.to,
                driftX,
                y.from))
        .append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" fill=\"#555\">drift</text>%n",
                driftX + 4,
                y.to + 14));

    // One line per strategy; the oracle dashed and black.
    int color = 0;
    double legendY = TOP + 10;
    double legendX = LEFT + plotW + 20;
    Result oracle = oracle(results);
    for (int k = 0; k < results.size(); k++) {
      Result r = results.get(k);
      boolean isOracle = r.name().equals(ORACLE);
      String stroke = isOracle ? "#000000" : COLORS[color++ % COLORS.length];
      // A line identical to one drawn before it is dashed, so that both stay visible.
      String sameAs = null;
      for (int e = 0; e < k && sameAs == null; e++) {
        if (Arrays.equals(results.get(e).bucketApproved(), r.bucketApproved())) {
          sameAs = results.get(e).name();
        }
      }
      String dash =
          isOracle
              ? " stroke-dasharray=\"5 3\""
              : sameAs != null ? " stroke-dasharray=\"10 8\"" : "";
      StringBuilder points = new StringBuilder();
      for (int b = 0; b < buckets; b++) {
        double at = (b + 0.5) * span / buckets;
        points
            .append(b == 0 ? "" : " ")
            .append(String.format(Locale.ROOT, "%.1f,%.1f", x.map(at), y.map(r.bucketRate(b))));
      }
      g.append(
          String.format(
              Locale.ROOT,
              "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s points=\"%s\">"
                  + "<title>%s</title></polyline>%n",
              stroke,
              isOracle ? "2" : "1.6",
              dash,
              points,
              escape(r.name())));
      g.append(
              String.format(
                  Locale.ROOT,
                  "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                      + " stroke-width=\"3\"%s/>%n",
                  legendX,
                  legendY,
                  legendX + 24,
                  legendY,
                  stroke,
                  dash))
          .append(
              String.format(
                  Locale.ROOT,
                  "<text x=\"%.1f\" y=\"%.1f\">%s %.3f%s</text>%n",
                  legendX + 30,
                  legendY + 4,
                  escape(r.name()),
                  r.rate(),
                  oracle == null || isOracle
                      ? ""
                      : String.format(Locale.ROOT, " (%.3f)", r.rate() / oracle.rate())));
      if (sameAs != null) {
        legendY += 15;
        g.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" fill=\"#555\" font-size=\"11\">same line as"
                    + " %s</text>%n",
                legendX + 30,
                legendY + 4,
                escape(sameAs)));
      }
      legendY += 20;
    }
    g.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" fill=\"#555\">overall (vs oracle)</text>%n",
            legendX,
            legendY + 4));
    g.append("</svg>");
    return g.toString();
  }

  /** A linear map from data to pixels. */
  private record Axis(double min, double max, double from, double to) {
    double map(double v) {
      return from + (v - min) / (max - min) * (to - from);
    }
  }

  private static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= raw) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static String trim(double v) {
    return v == Math.rint(v)
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.2f", v).replaceAll("0+$", "");
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** A duration as people say it: 100 ms, 1 s, 30 min, 13.9 h. */
  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return trim(ms / 1000.0) + " s";
    }
    if (ms < 3_600_000) {
      return trim(Math.round(ms / 6000.0) / 10.0) + " min";
    }
    return trim(Math.round(ms / 360_000.0) / 10.0) + " h";
  }

  /** Escapes text for XML content and attributes. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
