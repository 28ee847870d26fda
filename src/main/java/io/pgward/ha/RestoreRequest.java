package io.pgward.ha;

import java.util.Map;

/**
 * pgward's own {@code restore} key: an operator's in-place restore of the whole cluster to a point in its archive,
 * and how far it went. While it is {@link State#REQUESTED} every node stops its PostgreSQL and the leader gives up
 * the key; {@code node} then restores the repository, recovers to the target and leads the restored cluster; the
 * others clone from it once the request is {@link State#DONE}.
 *
 * @param id           a new one per request: a node records the id it has stopped for, so it acts once per request
 * @param node         the member that restores and leads the restored cluster
 * @param target       the target as the operator reads it ("time 2026-12-03T10:15:00Z")
 * @param recoveryConf the recovery settings (recovery_target_*), empty for the end of the archive
 * @param backupSet    the pgBackRest backup to restore ({@code --set}), null: pgBackRest's choice
 * @param detail       why it failed, or what it ended with
 * @param revision     the key's modification revision, for compare-and-swap
 */
public record RestoreRequest(String id, String node, String target, Map<String, String> recoveryConf, String backupSet,
                             State state, String detail, long revision) {

    public enum State {
        REQUESTED, DONE, FAILED;

        public String wire() {
            return name().toLowerCase();
        }
    }

    public RestoreRequest {
        recoveryConf = recoveryConf == null ? Map.of() : Map.copyOf(recoveryConf);
    }

    public boolean requested() {
        return state == State.REQUESTED;
    }

    public RestoreRequest withState(State newState, String newDetail) {
        return new RestoreRequest(id, node, target, recoveryConf, backupSet, newState, newDetail, revision);
    }
}
