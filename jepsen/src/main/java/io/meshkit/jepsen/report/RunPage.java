package io.meshkit.jepsen.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a run's {@code index.html}: verdict banner, run metadata, operation counts and latency, each
 * check with its anomalies and detail, the latency plot, the nemesis timeline and links to the run's
 * files. All text from the run is HTML-escaped. Stateless.
 */
final class RunPage {

  private RunPage() {}

  /**
   * The page.
   *
   * @param files the run directory's files as '/'-separated relative paths, in display order
   */
  static String render(RunSummary summary, Timeline timeline, List<String> files) {
    RunMetadata run = summary.run();
    StringBuilder body = new StringBuilder();
    body.append("<div class=\"banner ").append(Html.verdictClass(summary.verdict())).append("\"><b>")
        .append(summary.verdict()).append("</b>").append(Html.escape(run.name())).append("</div>\n");

    body.append("<h2>Run</h2>\n<table>\n");
    row(body, "workload", run.workload());
    row(body, "nemesis", run.nemesis());
    row(body, "seed", Long.toString(run.seed()));
    row(body, "duration (s)", SummaryText.number(run.durationSeconds()));
    row(body, "rate (ops/s)", SummaryText.number(run.rate()));
    row(body, "started", run.started().toString());
    run.options().forEach((key, value) -> row(body, key, value));
    body.append("</table>\n");

    body.append("<h2>Operations</h2>\n<table>\n<tr><th>function</th><th>total</th><th>ok</th><th>fail</th>"
        + "<th>info</th></tr>\n");
    counts(body, "all", summary.operations());
    for (Map.Entry<String, OpCounts> entry : summary.byFunction().entrySet()) {
      counts(body, entry.getKey(), entry.getValue());
    }
    body.append("</table>\n");
    body.append("<p>OK latency: ").append(summary.okLatency().describe()).append("</p>\n");

    body.append("<h2>Checks</h2>\n");
    if (summary.checks().isEmpty()) {
      body.append("<p>No checks ran.</p>\n");
    }
    for (CheckSection check : summary.checks()) {
      body.append("<h3>").append(Html.escape(check.name())).append(' ').append(Html.badge(check.verdict()))
          .append("</h3>\n");
      if (!check.anomalies().isEmpty()) {
        body.append("<ul>\n");
        check.anomalies().forEach(a -> body.append("<li>").append(Html.escape(a)).append("</li>\n"));
        body.append("</ul>\n");
      }
      if (!check.detail().isEmpty()) {
        body.append("<pre>").append(Html.escape(check.detail())).append("</pre>\n");
      }
    }

    body.append("<h2>Latency</h2>\n<img src=\"").append(RunReport.LATENCY_PNG)
        .append("\" alt=\"latency by outcome over time, fault intervals shaded\" width=\"")
        .append(LatencyPlot.WIDTH).append("\">\n");

    body.append("<h2>Nemesis</h2>\n");
    if (timeline.events().isEmpty()) {
      body.append("<p>No nemesis events.</p>\n");
    } else {
      body.append("<table>\n<tr><th>t (s)</th><th>event</th><th>description</th></tr>\n");
      for (Timeline.Event event : timeline.events()) {
        body.append("<tr><td class=\"n\">").append(String.format(Locale.ROOT, "%.3f", event.seconds()))
            .append("</td><td>").append(event.function().name().toLowerCase(Locale.ROOT))
            .append("</td><td>").append(Html.escape(event.description())).append("</td></tr>\n");
      }
      body.append("</table>\n");
    }

    body.append("<h2>Files</h2>\n<ul>\n");
    files.forEach(f -> body.append("<li>").append(Html.link(f, f)).append("</li>\n"));
    body.append("</ul>\n");
    return Html.page(summary.verdict() + " " + run.name(), body.toString());
  }

  private static void row(StringBuilder body, String head, String value) {
    body.append("<tr><th>").append(Html.escape(head)).append("</th><td>").append(Html.escape(value))
        .append("</td></tr>\n");
  }

  private static void counts(StringBuilder body, String function, OpCounts counts) {
    body.append("<tr><td>").append(Html.escape(function)).append("</td>");
    for (long n : new long[] {counts.total(), counts.ok(), counts.fail(), counts.info()}) {
      body.append("<td class=\"n\">").append(n).append("</td>");
    }
    body.append("</tr>\n");
  }
}
