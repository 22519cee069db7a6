/** The Federation gRPC service (cluster descriptors), shared by the gRPC and REST edges. */
package io.meshkit.federation.api;
