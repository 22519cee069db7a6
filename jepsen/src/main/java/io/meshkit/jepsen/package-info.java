/**
 * Jepsen-style verification suite: real servers in containers under partitions, crashes and pauses; history checkers. Filled by the Jepsen issue.
 */
package io.meshkit.jepsen;
