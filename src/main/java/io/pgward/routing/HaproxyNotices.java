package io.pgward.routing;

import io.pgward.config.HaproxyNotifyConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The runtime API commands that tell HAProxy of a role change. They force a server's health ({@code set server
 * <backend>/<server> health up|down}), which HAProxy's own checks keep updating afterwards: a notice that turns out
 * wrong is corrected by the next checks, unlike {@code state maint}, which would stop the checks until undone.
 */
final class HaproxyNotices {

    private final String primaryBackend;
    private final String replicaBackend;
    private final String self;

    HaproxyNotices(HaproxyNotifyConfig config, String scope, String name) {
        this.primaryBackend = config.primaryBackend() != null ? config.primaryBackend()
                : HaproxyNames.primaryBackend(scope);
        this.replicaBackend = config.replicaBackend() != null ? config.replicaBackend()
                : HaproxyNames.replicaBackend(scope);
        this.self = config.server() != null ? config.server() : HaproxyNames.id(name);
    }

    /**
     * This node runs read-write now: up in the read-write backend, down in the read-only one, and every other member
     * down in the read-write backend (a dead old primary cannot say so itself).
     */
    List<String> becamePrimary(List<String> otherMembers) {
        List<String> commands = new ArrayList<>();
        commands.add(health(primaryBackend, self, "up"));
        commands.add(health(replicaBackend, self, "down"));
        for (String other : otherMembers) {
            String id = HaproxyNames.id(other);
            if (!id.equals(self)) {
                commands.add(health(primaryBackend, id, "down"));
            }
        }
        return commands;
    }

    /** This node stopped running read-write: down in the read-write backend (its checks bring it back as a replica). */
    List<String> stoppedBeingPrimary() {
        return List.of(health(primaryBackend, self, "down"));
    }

    private static String health(String backend, String server, String state) {
        return "set server " + backend + "/" + server + " health " + state;
    }
}
