package io.pgward.ha;

import java.util.List;

/**
 * The {@code sync} key: which leader the synchronous standbys were chosen for, and who they are.
 *
 * @param revision mod revision of the key for compare-and-swap, 0 when absent
 */
public record SyncState(String leader, List<String> standbys, long revision) {

    public static final SyncState EMPTY = new SyncState(null, List.of(), 0);

    public SyncState {
        standbys = List.copyOf(standbys);
    }

    /** Whether {@code name} may take over in synchronous mode: the recorded leader or a listed standby. */
    public boolean allowsPromotionOf(String name) {
        return name.equals(leader) || standbys.contains(name);
    }

    public boolean isSyncStandby(String name) {
        return standbys.contains(name);
    }
}
