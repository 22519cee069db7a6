package io.meshkit.jepsen.report;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.OpPair;
import io.meshkit.jepsen.OpType;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders a history's latencies as a {@value #WIDTH}x{@value #HEIGHT} PNG ({@code latency.png}).
 *
 * <p>One point per client operation: x = its invocation time in seconds since the first record, y = its
 * latency in ms on a log axis (clamped to at least {@value #MIN_LATENCY_MS} ms, which a log axis can
 * show), one scatter series per outcome (ok green, fail red, info amber). An invocation that never
 * completed is drawn in the info series with latency = run end - invocation (a lower bound; see {@link
 * Timeline}). Each fault interval of {@link Timeline#faults()} is shaded as a translucent band labelled
 * with its description ({@link FaultBand}). The x axis spans the whole run, so bands reaching the run end
 * are visible.
 *
 * <p>Renders headless: sets {@code java.awt.headless=true} unless the property is already set.
 * Stateless.
 */
public final class LatencyPlot {
  public static final int WIDTH = 1200;
  public static final int HEIGHT = 500;
  /** Smallest latency drawn, in ms. */
  public static final double MIN_LATENCY_MS = 0.001;
  /** Fill of the fault bands (translucent). */
  static final Color BAND_FILL = new Color(124, 77, 255, 48);
  private static final Color BAND_LABEL = new Color(74, 20, 140);
  private static final Map<OpType, Color> COLORS = Map.of(
      OpType.OK, new Color(46, 125, 50), OpType.FAIL, new Color(198, 40, 40), OpType.INFO, new Color(239, 143, 0));

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private LatencyPlot() {}

  /** The chart as an image of {@value #WIDTH}x{@value #HEIGHT} pixels. */
  public static BufferedImage render(History history, String title) {
    Timeline timeline = Timeline.of(history);
    Map<OpType, List<double[]>> points = new EnumMap<>(OpType.class);
    double minMs = Double.MAX_VALUE;
    double maxMs = 0;
    for (OpPair pair : history.pairs()) {
      double ms = Math.max(timeline.latencyNanos(pair) / 1e6, MIN_LATENCY_MS);
      minMs = Math.min(minMs, ms);
      maxMs = Math.max(maxMs, ms);
      points.computeIfAbsent(pair.outcome(), t -> new ArrayList<>())
          .add(new double[] {timeline.seconds(pair.invoke().timeNanos()), ms});
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("time since first op (s)").yAxisTitle("latency (ms)").build();
    style(chart.getStyler());
    points.forEach((outcome, xy) -> addSeries(chart, outcome, xy));
    if (points.isEmpty()) {
      minMs = 1;
      maxMs = 1;
    }
    // Whole decades, at least one, so that the log axis has ticks and room.
    double lowDecade = Math.floor(Math.log10(minMs));
    double highDecade = Math.max(Math.ceil(Math.log10(maxMs)), lowDecade + 1);
    chart.getStyler().setYAxisMin(Math.pow(10, lowDecade));
    chart.getStyler().setYAxisMax(Math.pow(10, highDecade));
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(Math.max(timeline.endSeconds(), 1e-3));
    List<Timeline.Fault> faults = timeline.faults();
    for (int i = 0; i < faults.size(); i++) {
      chart.addAnnotation(new FaultBand(faults.get(i), i, BAND_FILL, BAND_LABEL));
    }
    return BitmapEncoder.getBufferedImage(chart);
  }

  /** Writes {@link #render} as PNG to {@code file}, replacing it. */
  public static void write(History history, String title, Path file) throws IOException {
    if (!ImageIO.write(render(history, title), "png", file.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }

  private static void style(XYStyler styler) {
    styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    styler.setYAxisLogarithmic(true);
    styler.setMarkerSize(4);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setAntiAlias(true);
  }

  private static void addSeries(XYChart chart, OpType outcome, List<double[]> xy) {
    double[] x = new double[xy.size()];
    double[] y = new double[xy.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = xy.get(i)[0];
      y[i] = xy.get(i)[1];
    }
    String name = outcome.name().toLowerCase(Locale.ROOT) + " (" + x.length + ")";
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.CIRCLE);
    series.setMarkerColor(COLORS.get(outcome));
  }
}
