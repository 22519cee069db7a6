package io.meshkit.jepsen.nemesis;

import io.meshkit.jepsen.cluster.TestCluster;
import io.meshkit.jepsen.cluster.TestNode;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Faults of one node's server process, chosen by {@link Victims}: of the cluster under test, or (the
 * {@code -standby} names) of the standby cluster the federation workload runs beside it.
 */
public final class ProcessNemesis implements Nemesis {
  /** What happens to the process. */
  public enum Action {
    /** kill -9; healing restarts the server on its data directory. */
    KILL("kill", "kill -9 ", TestNode::killProgram, TestNode::startProgram, "restart killed nodes"),
    /**
     * SIGSTOP (a long GC pause or a frozen VM: the server keeps its connections and its beliefs, then
     * resumes acting on them); healing sends SIGCONT.
     */
    PAUSE("pause", "pause (SIGSTOP) ", TestNode::pauseProgram, TestNode::resumeProgram,
        "resume (SIGCONT) paused nodes");

    private final String cliName;
    private final String verb;
    private final Consumer<TestNode> fault;
    private final Consumer<TestNode> heal;
    private final String healed;

    Action(String cliName, String verb, Consumer<TestNode> fault, Consumer<TestNode> heal, String healed) {
      this.cliName = cliName;
      this.verb = verb;
      this.fault = fault;
      this.heal = heal;
      this.healed = healed;
    }
  }

  private final Action action;
  private final Victims victims;

  public ProcessNemesis(Action action, Victims victims) {
    this.action = action;
    this.victims = victims;
  }

  /**
   * The node whose server a fault record's description says was killed ({@code kill -9 n2}), if the
   * record is such a kill: checkers that compare within one server process lifetime split at it.
   */
  public static Optional<String> killedNode(String description) {
    return description != null && description.startsWith(Action.KILL.verb)
        ? Optional.of(description.substring(Action.KILL.verb.length()).strip()) : Optional.empty();
  }

  @Override
  public String name() {
    return action.cliName + victims.suffix();
  }

  @Override
  public String fault(TestCluster<?> cluster, Random random) {
    TestNode victim = victims.pick(cluster, random);
    action.fault.accept(victim);
    return action.verb + victim.id();
  }

  @Override
  public String heal(TestCluster<?> cluster) {
    victims.population(cluster).forEach(action.heal);
    return action.healed;
  }
}
