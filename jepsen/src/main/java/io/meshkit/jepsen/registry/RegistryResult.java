package io.meshkit.jepsen.registry;

import io.meshkit.jepsen.Verdict;
import java.util.List;

/**
 * Verdict of the registry checker.
 *
 * @param verdict INVALID with anomalies; UNKNOWN when no answer about any shard was recorded
 * @param anomalies one line each, naming the operations involved (at most
 *     {@value RegistryChecker#MAX_LISTED} per shard, then a count of that shard's others)
 * @param shards shards the history touched
 * @param answers OK reads, resolutions and transfers checked
 * @param transfersOk transfers that applied
 * @param transfersIndeterminate transfers whose outcome is unknown
 * @param transfersFailed transfers that certainly did not apply (mostly epoch conflicts)
 * @param highestEpoch the largest epoch any answer showed
 */
public record RegistryResult(Verdict verdict, List<String> anomalies, int shards, int answers, long transfersOk,
    long transfersIndeterminate, long transfersFailed, long highestEpoch) {

  public RegistryResult {
    anomalies = List.copyOf(anomalies);
  }

  /** One line for reports. */
  public String describe() {
    return shards + " shards, " + answers + " answers checked; transfers: " + transfersOk + " applied, "
        + transfersIndeterminate + " indeterminate, " + transfersFailed + " refused; highest epoch " + highestEpoch;
  }
}
