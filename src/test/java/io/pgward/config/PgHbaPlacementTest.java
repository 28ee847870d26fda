package io.pgward.config;

import static io.pgward.config.TestConfigs.assertError;
import static io.pgward.config.TestConfigs.assertWarning;
import static io.pgward.config.TestConfigs.singleError;
import static io.pgward.config.TestConfigs.singleWarning;
import static io.pgward.config.TestConfigs.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pg_hba where Patroni silently ignores it is the classic "replica cannot connect" trap. */
class PgHbaPlacementTest {

    private static final String HBA = "\n    - host all all 10.0.0.0/8 scram-sha-256\n";

    @Test
    void pgHbaUnderPostgresqlIsUsed() {
        Config c = TestConfigs.valid(TestConfigs.MINIMAL + "  pg_hba:\n  - host all all 10.0.0.0/8 scram-sha-256\n");

        assertThat(c.postgresql().pgHba()).containsExactly("host all all 10.0.0.0/8 scram-sha-256");
    }

    @Test
    void pgHbaUnderBootstrapDcsPostgresqlIsUsed() {
        Config c = TestConfigs.valid(TestConfigs.MINIMAL
                + "bootstrap:\n  dcs:\n    postgresql:\n      pg_hba:\n      - host all all 10.0.0.0/8 md5\n");

        assertThat(c.bootstrap().dynamicConfig().pgHba()).containsExactly("host all all 10.0.0.0/8 md5");
    }

    @Test
    void bootstrapPostgresqlPgHbaIsOneErrorNamingWhereItBelongs() {
        Problem p = singleError(with("bootstrap:\n  postgresql:\n    pg_hba:" + HBA));

        assertError(p, 21, "bootstrap.postgresql.pg_hba");
        assertThat(p.message()).isEqualTo("Patroni silently ignores pg_hba here and PostgreSQL would get an "
                + "empty/initdb pg_hba.conf; move it to postgresql.pg_hba (or bootstrap.dcs.postgresql.pg_hba)");
    }

    @Test
    void bootstrapPostgresqlWithPgHbaAndOtherKeysGetsBothErrors() {
        LoadResult result = with("bootstrap:\n  postgresql:\n    parameters: {work_mem: 1MB}\n    pg_hba:" + HBA);

        assertThat(TestConfigs.paths(result.errors()))
                .containsExactly("bootstrap.postgresql", "bootstrap.postgresql.pg_hba");
    }

    @Test
    void topLevelPgHba() {
        Problem p = singleError(with("pg_hba:" + HBA));

        assertError(p, 19, "pg_hba", "Patroni silently ignores pg_hba here", "move it to postgresql.pg_hba");
    }

    @Test
    void pgHbaAsAPostgresqlParameter() {
        Problem p = singleError(with("  parameters:\n    pg_hba:" + HBA.replace("    -", "      -")));

        assertError(p, 20, "postgresql.parameters.pg_hba", "Patroni silently ignores pg_hba here");
    }

    @Test
    void pgHbaUnderRestApi() {
        String yaml = TestConfigs.MINIMAL.replace("  connect_address: 10.0.0.1:8008\n",
                "  connect_address: 10.0.0.1:8008\n  pg_hba:\n  - host all all 10.0.0.0/8 md5\n");

        Problem p = singleError(TestConfigs.load(yaml));

        assertError(p, 6, "restapi.pg_hba", "Patroni silently ignores pg_hba here");
    }

    @Test
    void pgHbaDirectlyUnderBootstrapDcs() {
        Problem p = singleError(with("bootstrap:\n  dcs:\n    pg_hba:" + HBA.replace("    -", "      -")));

        assertError(p, 21, "bootstrap.dcs.pg_hba", "move it to postgresql.pg_hba (or bootstrap.dcs.postgresql.pg_hba)");
    }

    @Test
    void pgHbaInsideAnUnknownNestedSection() {
        Problem p = singleError(with("bootstrap:\n  dcs:\n    postgres:\n      pg_hba:\n      - local all all peer\n"));

        assertError(p, 22, "bootstrap.dcs.postgres.pg_hba", "Patroni silently ignores pg_hba here");
    }

    @Test
    void roleVariantsAndPgIdentAreRecognisedToo() {
        LoadResult result = with("bootstrap:\n  postgresql:\n    pg_hba_replica:" + HBA + "    pg_ident:\n    - m a b\n");

        assertThat(result.errors()).hasSize(2);
        assertError(result.errors().get(0), 21, "bootstrap.postgresql.pg_hba_replica",
                "ignores pg_hba_replica here", "pg_hba.conf", "move it to postgresql.pg_hba_replica");
        assertError(result.errors().get(1), 23, "bootstrap.postgresql.pg_ident",
                "ignores pg_ident here", "pg_ident.conf", "move it to postgresql.pg_ident");
    }

    @Test
    void pgHbaAsATagIsMisplacedToo() {
        Problem p = singleError(with("tags:\n  pg_hba: host all all 0.0.0.0/0 md5\n"));

        assertError(p, 20, "tags.pg_hba", "Patroni silently ignores pg_hba here");
    }

    @Test
    void legacyBootstrapPgHbaBesideARealPgHbaIsAcceptedWithAWarning() {
        Problem p = singleWarning(with("  pg_hba:\n    - host all all 10.0.0.0/8 scram-sha-256\nbootstrap:\n  pg_hba:" + HBA));

        assertWarning(p, 22, "bootstrap.pg_hba", "legacy", "move it to postgresql.pg_hba");
    }

    // Patroni appends bootstrap.pg_hba to initdb's pg_hba.conf when nothing else sets pg_hba: alone, its rules
    // would silently not reach PostgreSQL under pgward.
    @Test
    void legacyBootstrapPgHbaAloneIsRefused() {
        LoadResult r = with("bootstrap:\n  pg_hba:" + HBA);

        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("bootstrap.pg_hba");
            assertThat(p.message()).contains("the only pg_hba of this file").contains("move it to postgresql.pg_hba");
        });
    }

    @Test
    void inADynamicBodyTheAdviceIsRelativeToIt() {
        List<Problem> problems = DynamicConfig.validate(Map.of("pg_hba", List.of("local all all peer")), "PATCH /config", "");

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("pg_hba");
            assertThat(p.line()).isZero();
            assertThat(p.file()).isEqualTo("PATCH /config");
            assertThat(p.message()).endsWith("move it to postgresql.pg_hba");
        });
    }
}
