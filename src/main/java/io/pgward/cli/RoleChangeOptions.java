package io.pgward.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options promote-cluster and demote-cluster share: the cluster, its REST API, and --force. */
final class RoleChangeOptions {

    @Mixin
    ClusterOptions cluster;

    @Mixin
    RestOptions rest;

    @Option(names = "--force", description = "do not ask for confirmation")
    boolean force;
}
