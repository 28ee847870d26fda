package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/**
 * {@code pgward remove CLUSTER}: delete everything the cluster keeps in etcd, after patronictl's three
 * confirmations. There is deliberately no {@code --force}.
 */
@Command(name = "remove", description = "Delete the cluster's keys from etcd (asks for the cluster name, a phrase,"
        + " and the leader's name). PostgreSQL data is not touched.")
final class RemoveCommand implements Callable<Integer> {

    static final String PHRASE = "Yes I am aware";

    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "CLUSTER", description = "the cluster's name (its scope), to be sure")
    String name;

    @Override
    public Integer call() {
        String scope = cluster.scope();
        if (!name.equals(scope)) {
            throw new PgwardException(Code.BAD_REQUEST, "'" + name + "' is not the cluster given by "
                    + cluster.scopeSource() + " ('" + scope + "'); nothing was"
                    + " removed");
        }
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            System.out.print(ListCommand.render(scope, view));
            if (!view.members().isEmpty()) {
                System.out.println("Members are still running: their agents will write their keys again. To"
                        + " decommission the cluster, stop the agents first.");
            }
            confirm(Prompt.stdin("type (or pipe) the answers; remove has no --force"), scope, view);
            dcs.deleteCluster();
            System.out.println("Removed cluster " + scope + " from etcd (" + cluster.keyPrefix() + ")");
            return 0;
        }
    }

    /**
     * The three questions: the cluster name, the phrase {@value #PHRASE}, and when the cluster has a leader, its
     * name. Any wrong answer refuses.
     */
    static void confirm(Prompt prompt, String scope, ClusterView view) {
        if (!prompt.ask("Please confirm the cluster name to remove", null).equals(scope)) {
            throw new Refused("the cluster names do not match; nothing was removed");
        }
        if (!prompt.ask("You are about to remove all information in etcd for " + scope + ", please type: \""
                + PHRASE + "\"", null).equals(PHRASE)) {
            throw new Refused("you did not type \"" + PHRASE + "\" exactly; nothing was removed");
        }
        if (view.hasLeader() && !prompt.ask("This cluster currently has a leader. Please specify the leader name to"
                + " continue", null).equals(view.leader())) {
            throw new Refused("that is not the current leader of the cluster; nothing was removed");
        }
    }
}
