package io.pgward.agent;

import io.pgward.config.DynamicConfig;
import io.pgward.config.PostgresqlConfig;

/**
 * What a node does when its WAL diverged from the leader's, from Patroni's settings, the local file winning over the
 * dynamic configuration as in Patroni.
 * <p>
 * {@code remove_data_directory_on_rewind_failure} and {@code remove_data_directory_on_diverged_timelines}: an
 * explicit {@code false} is Patroni's behaviour (the node stays stopped until an operator reinitializes it, so a
 * large data directory is never cloned again unasked); {@code true} or unset lets pgward clone afresh, after moving
 * the diverged data directory aside rather than deleting it (its unreplicated transactions stay recoverable).
 * Unset differs from Patroni, whose default is to stay stopped: pgward heals by default and says so.
 */
record DivergedDataPolicy(boolean usePgRewind, boolean recloneAfterRewindFailure, boolean recloneWhenCannotRewind) {

    static DivergedDataPolicy of(PostgresqlConfig local, DynamicConfig dynamic) {
        return new DivergedDataPolicy(
                firstSet(local.usePgRewind(), dynamic.usePgRewind()),
                firstSet(local.removeDataDirectoryOnRewindFailure(),
                        dynamic.postgresqlFlag("remove_data_directory_on_rewind_failure"), true),
                firstSet(local.removeDataDirectoryOnDivergedTimelines(),
                        dynamic.postgresqlFlag("remove_data_directory_on_diverged_timelines"), true));
    }

    private static boolean firstSet(Boolean local, boolean dynamic) {
        return local != null ? local : dynamic;
    }

    private static boolean firstSet(Boolean local, Boolean dynamic, boolean unset) {
        return local != null ? local : dynamic != null ? dynamic : unset;
    }
}
