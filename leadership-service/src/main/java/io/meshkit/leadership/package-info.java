/**
 * Leases and leader elections with fencing tokens. Filled by the leases issue; see ../shared/design/ARCHITECTURE.md.
 */
package io.meshkit.leadership;
