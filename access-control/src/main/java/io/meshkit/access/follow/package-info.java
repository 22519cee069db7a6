/** Following records of this member's store as it applies changes (RBAC's view, the transport policy's). */
package io.meshkit.access.follow;
