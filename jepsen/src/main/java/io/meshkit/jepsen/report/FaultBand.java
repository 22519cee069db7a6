package io.meshkit.jepsen.report;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * An xchart annotation shading one {@link Timeline.Fault} as a translucent vertical band over the full
 * height of the plot area, labelled with the fault's description at the top. xchart paints annotations
 * after the series, so the band lies over the points; it is translucent so they stay visible. Labels
 * are staggered over a few rows so that those of nearby faults do not overprint each other.
 */
final class FaultBand extends Annotation {
  private static final int LABEL_ROWS = 3;

  private final Timeline.Fault fault;
  private final int labelRow;
  private final Color fill;
  private final Color labelColor;

  /** A band for {@code fault}; {@code ordinal} picks its label row. */
  FaultBand(Timeline.Fault fault, int ordinal, Color fill, Color labelColor) {
    super(false);
    this.fault = fault;
    this.labelRow = ordinal % LABEL_ROWS;
    this.fill = fill;
    this.labelColor = labelColor;
  }

  @Override
  public void paint(Graphics2D g) {
    int left = getXAxisScreenValueForMin();
    int right = getXAxisScreenValueForMax();
    int top = getYAxisScreenValueForMin();
    int bottom = getYAxisScreenValueForMax();
    int x0 = clamp(getXAxisScreenValue(fault.startSeconds()), left, right);
    int x1 = clamp(getXAxisScreenValue(fault.endSeconds()), left, right);
    int width = Math.max(x1 - x0, 2); // an instantaneous fault stays visible
    bounds = new Rectangle2D.Double(x0, top, width, bottom - top);
    Graphics2D g2 = (Graphics2D) g.create();
    try {
      g2.clipRect(left, top, right - left, bottom - top);
      g2.setColor(fill);
      g2.fillRect(x0, top, width, bottom - top);
      g2.setColor(labelColor);
      g2.setFont(styler.getAnnotationTextFont());
      FontMetrics metrics = g2.getFontMetrics();
      g2.drawString(fault.description(), x0 + 3, top + metrics.getAscent() + 2 + labelRow * metrics.getHeight());
    } finally {
      g2.dispose();
    }
  }

  private static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }
}
