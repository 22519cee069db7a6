/**
 * Cluster descriptors: the federation's clusters (role, state, epoch, endpoints) stored in the
 * registry table through {@code RegistryAccess}, so clients and relays see them in the registry's
 * snapshot and watch; the commands that register and update them, and the Federation gRPC service.
 */
package io.meshkit.federation.descriptors;
