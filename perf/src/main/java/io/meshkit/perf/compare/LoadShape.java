package io.meshkit.perf.compare;

/**
 * How requests are offered: a closed loop of {@code concurrency} clients, or an open loop at
 * {@code rate} requests per second (with up to {@link #MAX_OUTSTANDING} in flight).
 */
public record LoadShape(int concurrency, double rate) {
  public static final int MAX_OUTSTANDING = 512;

  public static LoadShape closed(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, not " + concurrency);
    }
    return new LoadShape(concurrency, 0);
  }

  public static LoadShape open(double rate) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("the rate must be positive, not " + rate);
    }
    return new LoadShape(0, rate);
  }

  public boolean isOpen() {
    return rate > 0;
  }

  /** {@code 64 clients} or {@code 200/s}. */
  public String label() {
    return isOpen() ? String.format("%.0f/s", rate) : concurrency + (concurrency == 1 ? " client" : " clients");
  }
}
