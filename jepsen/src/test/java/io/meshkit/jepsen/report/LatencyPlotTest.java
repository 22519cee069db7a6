package io.meshkit.jepsen.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.meshkit.jepsen.History;
import io.meshkit.jepsen.OpFunction;
import io.meshkit.jepsen.OpType;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyPlotTest {

  /** 10 s of sequential ops on 4 processes with random latencies; faults over [2, 4] s and [8, 10] s if asked. */
  static History run(boolean faults) {
    TimedHistory h = new TimedHistory();
    Random random = new Random(7);
    OpType[] outcomes = {OpType.OK, OpType.OK, OpType.OK, OpType.OK, OpType.FAIL, OpType.INFO};
    int process = 0;
    for (int ms = 0; ms < 10_000; ms += 40) {
      if (faults && ms == 2000) {
        h.nemesis(ms, OpFunction.FAULT, "partition n1 | n2 n3");
      } else if (faults && ms == 4000) {
        h.nemesis(ms, OpFunction.HEAL, "heal");
      } else if (faults && ms == 8000) {
        h.nemesis(ms, OpFunction.FAULT, "kill n2");
      }
      OpType outcome = outcomes[random.nextInt(outcomes.length)];
      h.invoke(ms, process, OpFunction.WRITE, (long) ms).complete(ms + 0.5 + random.nextInt(30), process, outcome);
      if (outcome == OpType.INFO) {
        process++; // an info retires its process
      }
    }
    return h.invoke(9_990, process, OpFunction.READ, null).complete(10_000, process, OpType.OK).build();
  }

  /**
   * The most pixels of any row near the middle of the image showing the band fill blended over the white
   * plot background (several rows, as one may lie on a horizontal grid line).
   */
  private static int bandPixels(BufferedImage image) {
    int most = 0;
    for (int row = image.getHeight() / 2 - 20; row <= image.getHeight() / 2 + 20; row++) {
      most = Math.max(most, bandPixels(image, row));
    }
    return most;
  }

  private static int bandPixels(BufferedImage image, int row) {
    Color fill = LatencyPlot.BAND_FILL;
    double alpha = fill.getAlpha() / 255.0;
    int[] expected = {
        (int) Math.round(255 + (fill.getRed() - 255) * alpha),
        (int) Math.round(255 + (fill.getGreen() - 255) * alpha),
        (int) Math.round(255 + (fill.getBlue() - 255) * alpha)};
    int count = 0;
    for (int x = 0; x < image.getWidth(); x++) {
      Color c = new Color(image.getRGB(x, row));
      if (Math.abs(c.getRed() - expected[0]) <= 3 && Math.abs(c.getGreen() - expected[1]) <= 3
          && Math.abs(c.getBlue() - expected[2]) <= 3) {
        count++;
      }
    }
    return count;
  }

  @Test
  void rendersTheConfiguredSizeAsPng(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latency.png");
    LatencyPlot.write(run(true), "test", file);

    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(LatencyPlot.WIDTH, image.getWidth());
    assertEquals(LatencyPlot.HEIGHT, image.getHeight());
  }

  @Test
  void shadesFaultIntervalsInProportionToTheirDuration() {
    assertEquals(0, bandPixels(LatencyPlot.render(run(false), "no faults")));
    int shaded = bandPixels(LatencyPlot.render(run(true), "faults"));
    // 4 s of 10 s under fault; the plot area is somewhat narrower than the image.
    assertTrue(shaded > 0.30 * LatencyPlot.WIDTH && shaded < 0.40 * LatencyPlot.WIDTH, "shaded: " + shaded);
  }

  @Test
  void rendersAnEmptyHistory() {
    BufferedImage image = LatencyPlot.render(History.of(List.of()), "empty");
    assertEquals(LatencyPlot.WIDTH, image.getWidth());
  }
}
