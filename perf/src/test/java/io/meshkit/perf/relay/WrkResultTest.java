package io.meshkit.perf.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WrkResultTest {
  /** wrk 4.1.0's output of a --latency run, with errors and every latency unit it prints. */
  private static final String RUN = """
      Running 30s test @ http://127.0.0.1:40123/
        2 threads and 64 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency     1.21ms    2.03ms  48.17ms   91.54%
          Req/Sec    28.31k     3.12k   35.02k    71.00%
        Latency Distribution
           50%  612.00us
           75%    1.05ms
           90%    2.60ms
           99%    1.20s
        1690412 requests in 30.10s, 268.34MB read
        Socket errors: connect 1, read 2, write 3, timeout 4
        Non-2xx or 3xx responses: 17
      Requests/sec:  56160.53
      Transfer/sec:      8.92MB
      """;

  @Test
  void readsRateLatenciesAndErrors() {
    WrkResult r = WrkResult.parse(RUN);
    assertEquals(56160.53, r.requestsPerSecond(), 1e-9);
    assertEquals(1_690_412, r.requests());
    assertEquals(612, r.p50Micros(), 1e-9);
    assertEquals(1050, r.p75Micros(), 1e-9);
    assertEquals(2600, r.p90Micros(), 1e-9);
    assertEquals(1_200_000, r.p99Micros(), 1e-6);
    assertEquals(10, r.socketErrors());
    assertEquals(17, r.non2xx());
    assertEquals(27, r.errors());
  }

  @Test
  void aCleanRunHasNoErrors() {
    String clean = RUN.replaceAll("(?m)^.*(Socket errors|Non-2xx).*\\n", "");
    assertEquals(0, WrkResult.parse(clean).errors());
  }

  @Test
  void refusesOutputWithoutTheLatencyDistribution() {
    String noDistribution = RUN.replaceAll("(?m)^\\s+(50|75|90|99)%.*\\n", "");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WrkResult.parse(noDistribution));
    assertTrue(e.getMessage().contains("latency distribution"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WrkResult.parse(RUN.replace("99%", "98%")));
    assertThrows(IllegalArgumentException.class, () -> WrkResult.parse(RUN.replace("Requests/sec:", "Requests:")));
    assertThrows(IllegalArgumentException.class,
        () -> WrkResult.parse("unable to connect to 127.0.0.1:1 Connection refused"));
  }
}
