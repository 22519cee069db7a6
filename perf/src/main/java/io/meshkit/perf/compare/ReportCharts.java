package io.meshkit.perf.compare;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The comparison's PNG charts, rendered headless with XChart. */
final class ReportCharts {
  private static final Map<String, Color> COLORS = Map.of("meshkit", new Color(0x1f, 0x77, 0xb4),
      "etcd", new Color(0xd6, 0x27, 0x28));
  private static final int WIDTH = 800;
  private static final int HEIGHT = 500;

  private ReportCharts() {}

  /**
   * Writes the charts the results allow into {@code dir}: throughput against concurrency, and the
   * latency distribution of the put run at the highest open-loop rate (else the most concurrent
   * closed-loop one). Returns the file names written.
   */
  static List<String> write(List<Pair> pairs, Path dir) throws IOException {
    List<String> written = new java.util.ArrayList<>();
    List<RunResult> all = pairs.stream().flatMap(p -> java.util.stream.Stream.of(p.meshkit(), p.etcd())).toList();
    if (throughputVsConcurrency(all, dir.resolve("throughput-vs-concurrency.png"))) {
      written.add("throughput-vs-concurrency.png");
    }
    pairs.stream().filter(p -> p.spec().workload() == io.meshkit.perf.workload.WorkloadKind.PUT)
        .max(Comparator.comparingDouble((Pair p) -> p.spec().load().rate())
            .thenComparingInt(p -> p.spec().load().concurrency()))
        .ifPresent(p -> {
          try {
            latencyCdf("Latency distribution: " + p.spec().label(), List.of(p.meshkit(), p.etcd()),
                dir.resolve("latency-cdf.png"));
            written.add("latency-cdf.png");
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    return written;
  }

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  /**
   * Throughput against client count, one series per system and closed-loop workload that ran at more
   * than one concurrency. Returns false (no file) when there is no such workload.
   */
  static boolean throughputVsConcurrency(List<RunResult> results, Path png) throws IOException {
    Map<String, List<RunResult>> series = results.stream().filter(r -> r.concurrency() > 0)
        .collect(Collectors.groupingBy(r -> r.workload() + " " + r.system(), TreeMap::new, Collectors.toList()));
    series.values().removeIf(runs -> runs.size() < 2);
    if (series.isEmpty()) {
      return false;
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title("Throughput vs concurrency (closed loop)")
        .xAxisTitle("concurrent clients").yAxisTitle("operations / s").build();
    style(chart);
    chart.getStyler().setXAxisLogarithmic(true);
    series.forEach((name, runs) -> {
      runs.sort(Comparator.comparingInt(RunResult::concurrency));
      XYSeries s = chart.addSeries(name, runs.stream().mapToDouble(RunResult::concurrency).toArray(),
          runs.stream().mapToDouble(RunResult::opsPerSecond).toArray());
      s.setLineColor(COLORS.get(runs.get(0).system()));
      s.setMarkerColor(COLORS.get(runs.get(0).system()));
      s.setMarker(SeriesMarkers.CIRCLE);
    });
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    return true;
  }

  /**
   * The latency distribution of one run per system: x is the percentile in "nines" (1 = p90,
   * 2 = p99, 3 = p99.9), y is milliseconds on a log scale.
   */
  static void latencyCdf(String title, List<RunResult> runs, Path png) throws IOException {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("percentile, in nines (1 = p90, 2 = p99, 3 = p99.9)").yAxisTitle("latency, ms").build();
    style(chart);
    chart.getStyler().setYAxisLogarithmic(true);
    for (RunResult r : runs) {
      List<double[]> points = r.curve().stream().filter(p -> p[0] < 100 && p[1] > 0).toList();
      if (points.isEmpty()) {
        continue;
      }
      XYSeries s = chart.addSeries(r.system(), points.stream().mapToDouble(p -> -Math.log10(1 - p[0] / 100)).toArray(),
          points.stream().mapToDouble(p -> p[1]).toArray());
      s.setLineColor(COLORS.get(r.system()));
      s.setMarker(SeriesMarkers.NONE);
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static void style(XYChart chart) {
    Styler styler = chart.getStyler();
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setAntiAlias(true);
  }
}
