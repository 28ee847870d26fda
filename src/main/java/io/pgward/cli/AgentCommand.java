package io.pgward.cli;

import io.pgward.agent.Agent;
import io.pgward.config.Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** Runs one node: {@code pgward agent -c node.yml}. SIGTERM/SIGINT shut it down cleanly. */
@Command(name = "agent", description = "Run the pgward agent for one PostgreSQL node.")
final class AgentCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        Config c = config.load();
        Agent agent = new Agent(c);
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "shutdown"));
        agent.start();
        return agent.awaitTermination();
    }
}
