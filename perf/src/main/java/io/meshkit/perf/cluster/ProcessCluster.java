package io.meshkit.perf.cluster;

import java.io.IOException;
import java.util.List;

/**
 * What every cluster the suite starts shares: its members' processes and client endpoints, and
 * stopping, restarting and closing them. Subclasses add how a member is probed.
 */
abstract class ProcessCluster implements ManagedCluster {
  private final MemberProcesses members;
  private final List<String> clientEndpoints;

  ProcessCluster(MemberProcesses members, List<String> clientEndpoints) {
    this.members = members;
    this.clientEndpoints = List.copyOf(clientEndpoints);
  }

  @Override
  public final void stopMember(int i) throws InterruptedException {
    members.stop(i);
  }

  @Override
  public final void startMember(int i) throws IOException {
    members.restart(i);
  }

  @Override
  public final List<String> clientEndpoints() {
    return clientEndpoints;
  }

  @Override
  public final List<ProcessHandle> processes() {
    return members.handles();
  }

  @Override
  public final void close() {
    members.close();
  }
}
