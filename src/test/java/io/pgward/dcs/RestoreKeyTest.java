package io.pgward.dcs;

import io.pgward.ha.RestoreRequest;
import io.pgward.ha.RestoreRequest.State;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreKeyTest {

    @Test
    void aRequestSurvivesTheRoundTripThroughEtcdsValue() {
        RestoreRequest r = new RestoreRequest("r-17", "pg2", "time 2026-12-03T05:00:00Z",
                Map.of("recovery_target_time", "2026-12-03T05:00:00Z", "recovery_target_action", "promote"),
                "20261203-040000F", State.REQUESTED, null, 0);
        assertThat(WireFormat.restore(WireFormat.restoreJson(r), 42)).isEqualTo(
                new RestoreRequest(r.id(), r.node(), r.target(), r.recoveryConf(), r.backupSet(), r.state(), null, 42));
    }

    @Test
    void theStateIsWrittenInLowerCaseWithItsDetail() {
        RestoreRequest r = new RestoreRequest("r-1", "pg1", "latest", Map.of(), null, State.FAILED, "exit 56", 3);
        assertThat(WireFormat.restoreJson(r)).contains("\"state\":\"failed\"").contains("\"detail\":\"exit 56\"")
                .doesNotContain("\"set\"");
    }

    @Test
    void aValueWithoutIdNodeOrAKnownStateIsNotARequest() {
        assertThat(WireFormat.restore("{\"node\":\"pg1\",\"state\":\"requested\"}", 1)).isNull();
        assertThat(WireFormat.restore("{\"id\":\"r\",\"state\":\"requested\"}", 1)).isNull();
        assertThat(WireFormat.restore("{\"id\":\"r\",\"node\":\"pg1\",\"state\":\"later\"}", 1)).isNull();
        assertThat(WireFormat.restore("not json", 1)).isNull();
        assertThat(WireFormat.restore(null, 0)).isNull();
    }

    @Test
    void theClusterViewCarriesTheKeyWithItsRevision() {
        var view = WireFormat.clusterView(Map.of(KeyLayout.RESTORE,
                "{\"id\":\"r\",\"node\":\"pg1\",\"target\":\"latest\",\"state\":\"done\"}"), 0, 0, 99);
        assertThat(view.restore().state()).isEqualTo(State.DONE);
        assertThat(view.restore().revision()).isEqualTo(99);
    }
}
