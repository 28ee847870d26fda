package io.pgward.cli;

import io.pgward.agent.Agent;
import io.pgward.config.Config;
import io.pgward.log.Logging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import sun.misc.Signal;

import java.util.concurrent.Callable;

/**
 * Runs one node: {@code pgward agent -c node.yml}. SIGTERM/SIGINT shut it down cleanly (PostgreSQL stopped, leader
 * key released) and the process then exits 0, as a service manager expects from a requested stop. SIGHUP reloads
 * the configuration file (what {@code systemctl reload} sends) and stops nothing; without this handler the JVM
 * would treat HUP as a request to exit.
 */
@Command(name = "agent", description = {"Run the pgward agent for one PostgreSQL node.",
        "SIGTERM or SIGINT stop it cleanly (PostgreSQL stopped and the leader key released, unless the cluster is"
                + " paused) with exit status 0;"
                + " SIGHUP reloads the configuration file, as POST /reload does, and stops nothing."})
final class AgentCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        Config c = config.loadForNode();
        Logging.apply(c.log());
        Agent agent = new Agent(c);
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> new Thread(agent::close, "shutdown-" + name).start());
        }
        Signal.handle(new Signal("HUP"), signal -> new Thread(agent::reload, "reload-HUP").start());
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "shutdown"));
        agent.start();
        return agent.awaitTermination();
    }
}
