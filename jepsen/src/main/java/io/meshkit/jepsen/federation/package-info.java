/**
 * The federation workload's checker: a standby cluster's copy of the primary's exported namespace, judged
 * from what both clusters hold after the heal and the primary's history (docs/jepsen.md, docs/federation.md).
 */
package io.meshkit.jepsen.federation;
