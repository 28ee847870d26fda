package io.pgward.postgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresPureTest {

    @Test
    void lsnTextAndBytes() {
        assertThat(Lsn.parse("0/3000060")).isEqualTo(0x3000060L);
        assertThat(Lsn.parse("1/0")).isEqualTo(1L << 32);
        assertThat(Lsn.format(0x100000028L)).isEqualTo("1/28");
        assertThat(Lsn.parse(null)).isZero();
    }

    @Test
    void slotNamesAreSanitisedMemberNames() {
        assertThat(SlotNames.forMember("Node-1.example")).isEqualTo("node_1_example");
    }

    @Test
    void controlDataOfACleanlyStoppedPrimary() {
        ControlData cd = ControlData.parse("""
                pg_control version number:            1300
                Database system identifier:           7441237845637423165
                Database cluster state:               shut down
                Latest checkpoint location:           0/3000028
                Latest checkpoint's TimeLineID:       2
                Minimum recovery ending location:     0/0
                Min recovery ending loc's timeline:   0
                wal_log_hints setting:                off
                Data page checksum version:           1
                """);
        assertThat(cd.systemId()).isEqualTo("7441237845637423165");
        assertThat(cd.wasPrimary()).isTrue();
        assertThat(cd.cleanlyShutDown()).isTrue();
        assertThat(cd.primaryShutDownCleanly()).isTrue();
        assertThat(cd.checkpointTimeline()).isEqualTo(2);
        assertThat(cd.checkpointLocation()).isEqualTo(0x3000028L);
        assertThat(cd.rewindable()).as("checksums make rewind possible").isTrue();
    }

    @Test
    void aStandbyStoppedCleanlyHasNoPrimaryWalEndToHandOver() {
        ControlData cd = ControlData.parse("Database cluster state:               shut down in recovery\n");
        assertThat(cd.cleanlyShutDown()).isTrue();
        assertThat(cd.primaryShutDownCleanly()).isFalse();
    }

    @Test
    void controlDataOfAStandby() {
        ControlData cd = ControlData.parse("""
                Database cluster state:               in archive recovery
                wal_log_hints setting:                off
                Data page checksum version:           0
                """);
        assertThat(cd.wasPrimary()).isFalse();
        assertThat(cd.cleanlyShutDown()).isFalse();
        assertThat(cd.primaryShutDownCleanly()).isFalse();
        assertThat(cd.rewindable()).isFalse();
    }

    @Test
    void conninfoQuotesValues() {
        StandbySettings s = new StandbySettings("n2", "10.0.0.2", 5433, "repl", "pa'ss\\word", Map.of(), "n1", "n1");
        assertThat(s.conninfo()).isEqualTo("host='10.0.0.2' port='5433' user='repl' password='pa\\'ss\\\\word'"
                + " application_name='n1' keepalives='1' keepalives_idle='5' keepalives_interval='5'"
                + " keepalives_count='3' tcp_user_timeout='10000' sslmode='prefer' connect_timeout='3'");
        assertThat(StandbySettings.none("n1").hasUpstream()).isFalse();
    }

    @Test
    void theReplicationUsersTlsOptionsReachPrimaryConninfo() {
        StandbySettings s = new StandbySettings("n2", "10.0.0.2", 5433, "repl", null,
                Map.of("sslmode", "verify-full", "sslrootcert", "/etc/pgward/ca.crt"), "n1", null);
        assertThat(s.conninfo()).contains("sslmode='verify-full'").contains("sslrootcert='/etc/pgward/ca.crt'")
                .doesNotContain("prefer").doesNotContain("password");
    }

    @Test
    void confValuesAreQuotedForPostgresqlConf() {
        assertThat(ConfFiles.quote("it's")).isEqualTo("'it''s'");
    }
    @Test
    void systemIdIsTheFirstFieldOfPgControlInHostByteOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pg_control");
        long id = Long.parseUnsignedLong("7712288274051889864");
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(id).putLong(42).array());
        assertThat(ControlData.readSystemId(file)).isEqualTo("7712288274051889864");
        Files.write(file, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ControlData.readSystemId(file)).hasMessageContaining("shorter");
    }
}
