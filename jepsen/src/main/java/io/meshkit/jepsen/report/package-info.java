/**
 * Run reports: what a person reads after a Jepsen run. {@link io.meshkit.jepsen.report.RunSummary}
 * condenses a history and the checkers' {@link io.meshkit.jepsen.report.CheckSection}s;
 * {@link io.meshkit.jepsen.report.RunReport} writes {@code summary.json}, {@code summary.txt},
 * {@code latency.png} ({@link io.meshkit.jepsen.report.LatencyPlot}) and {@code index.html} into a run
 * directory; {@link io.meshkit.jepsen.report.RunIndex} lists all runs of a runs directory.
 */
package io.meshkit.jepsen.report;
