package io.meshkit.cli;

import picocli.CommandLine.Command;

/** {@code meshctl auth}: role-based access control. */
@Command(name = "auth", mixinStandardHelpOptions = true, version = "meshctl " + Meshctl.VERSION,
    description = {"Role-based access control. Callers are named by their client certificate (CN = user, each O = a "
        + "role it holds) or by a bearer token (--token / $MESHKIT_TOKEN). Built-in roles: viewer (reads), operator "
        + "(writes KV, leases, elections, registry, rebalance plans; no failover, no access control), relay, admin, "
        + "member (the members' own certificates).",
        "A new cluster does not enforce anything; 'auth enable' turns enforcement on, on every member, and needs "
            + "TLS with client certificates (docs/security.md, 'Access control')."},
    subcommands = {AuthStatusCommand.class, AuthEnableCommand.class, AuthDisableCommand.class, AuthWhoamiCommand.class,
        AuthRoleCommand.class, AuthUserCommand.class, AuthTokenCommand.class, AuthDenialsCommand.class},
    footer = {"", "Examples:",
        "  meshctl auth whoami",
        "  meshctl auth role put app-writer --grant kv:write:app/ --grant registry:read",
        "  meshctl auth user put alice --role app-writer",
        "  meshctl auth enable                 # as an admin: a certificate with O=admin, or a user with role admin",
        "  meshctl auth token create ci --ttl 720h --description 'CI pipeline'",
        "  meshctl auth denials                # the latest refusals of the member that answers"})
final class AuthCommand extends CommandGroup {}
