package io.meshkit.cli;

import io.meshkit.client.MeshkitClient;
import java.io.PrintWriter;
import java.util.List;

/**
 * What a command runs with once its command line is valid: the open client, where results go,
 * where diagnostics go, the process surroundings and the endpoints the client was given.
 */
record Session(MeshkitClient client, Output output, PrintWriter err, CliContext context, List<String> endpoints) {}
