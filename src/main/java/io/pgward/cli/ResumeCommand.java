package io.pgward.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code pgward resume}: leave maintenance mode ({@code PATCH /config {"pause": null}}). */
@Command(name = "resume", description = "Resume automatic failover and management (PATCH /config {\"pause\": null}).")
final class ResumeCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Option(names = "--wait", description = "wait until no member reports it is paused")
    boolean wait;

    @Override
    public Integer call() throws InterruptedException {
        return PauseToggle.run(cluster, rest, false, wait);
    }
}
