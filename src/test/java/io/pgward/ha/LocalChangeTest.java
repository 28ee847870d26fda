package io.pgward.ha;

import io.pgward.ha.LocalChange.Pulse;
import io.pgward.ha.LocalState.DataDir;
import io.pgward.ha.LocalState.PgState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalChangeTest {

    private static LocalState replica(boolean streaming) {
        return new LocalState(DataDir.PRESENT, "1", PgState.RUNNING, true, 1, 100, "n1", streaming);
    }

    private static final LocalState STARTING = new LocalState(DataDir.PRESENT, "1", PgState.STARTING, true, 0, 0, "n1",
            false);
    private static final LocalState PRIMARY = new LocalState(DataDir.PRESENT, "1", PgState.RUNNING, false, 1, 100, null,
            false);

    @Test
    void aReplicaThatStartsStreamingIsNewsAtOnce() {
        assertThat(LocalChange.since(replica(false), new Pulse(true, true, true))).contains("the WAL receiver streams");
        assertThat(LocalChange.since(replica(true), new Pulse(true, true, false)))
                .contains("the WAL receiver stopped streaming");
    }

    @Test
    void aServerThatComesUpOrGoesAwayIsNews() {
        assertThat(LocalChange.since(STARTING, new Pulse(true, true, false))).contains("PostgreSQL answers");
        assertThat(LocalChange.since(replica(true), Pulse.SILENT)).contains("PostgreSQL no longer answers");
        assertThat(LocalChange.since(replica(true), new Pulse(true, false, false))).contains("PostgreSQL left recovery");
    }

    @Test
    void nothingThePublishedStatusShowsChangedWakesNobody() {
        assertThat(LocalChange.since(replica(true), new Pulse(true, true, true))).isEmpty();
        assertThat(LocalChange.since(replica(false), new Pulse(true, true, false))).isEmpty();
        assertThat(LocalChange.since(STARTING, Pulse.SILENT)).isEmpty();
    }

    @Test
    void onlyReplicasAndServersNotYetAnsweringAreWatchedBetweenCycles() {
        assertThat(LocalChange.worthWatching(replica(true))).isTrue();
        assertThat(LocalChange.worthWatching(STARTING)).isTrue();
        assertThat(LocalChange.worthWatching(PRIMARY)).isFalse();
        assertThat(LocalChange.worthWatching(LocalState.noData())).isFalse();
        assertThat(LocalChange.worthWatching(null)).isFalse();
    }
}
