package io.pgward.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code pgward pause}: maintenance mode, no automatic failover ({@code PATCH /config {"pause": true}}). */
@Command(name = "pause", description = "Stop automatic failover and management: maintenance mode"
        + " (PATCH /config {\"pause\": true}).")
final class PauseCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Option(names = "--wait", description = "wait until every member reports it is paused")
    boolean wait;

    @Override
    public Integer call() throws InterruptedException {
        return PauseToggle.run(cluster, rest, true, wait);
    }
}
