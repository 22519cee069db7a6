/**
 * Performance suite comparing MeshKit with etcd on the same machine. Filled by the perf issue.
 */
package io.meshkit.perf;
