package io.pgward.it;

import io.pgward.it.SplitBrainCheck.Ack;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SplitBrainCheckTest {

    private static Ack ack(long id, String node, int timeline, long micros) {
        return new Ack(id, node, "7300", timeline, id * 100, micros);
    }

    @Test
    void aCleanFailoverHasNoOverlap() {
        List<Ack> acks = List.of(ack(1, "n1", 1, 100), ack(2, "n1", 1, 200), ack(3, "n2", 2, 900), ack(4, "n2", 2, 1000));
        assertThat(SplitBrainCheck.overlaps(acks)).isEmpty();
    }

    @Test
    void aDeposedPrimaryAcknowledgingAfterTheNewOneStartedIsReported() {
        List<Ack> acks = List.of(ack(1, "n1", 1, 100), ack(3, "n2", 2, 900), ack(2, "n1", 1, 950), ack(4, "n2", 2, 1000));
        assertThat(SplitBrainCheck.overlaps(acks)).singleElement().asString()
                .contains("n1 (system 7300, timeline 1) acknowledged ids 1..2").contains("n2 (system 7300, timeline 2)");
    }

    @Test
    void theSameNodeComingBackOnANewTimelineIsNoOverlap() {
        List<Ack> acks = List.of(ack(1, "n1", 1, 100), ack(2, "n2", 2, 500), ack(3, "n1", 3, 900));
        assertThat(SplitBrainCheck.overlaps(acks)).isEmpty();
    }

    @Test
    void twoNodesOnTheSameTimelineNumberAreStillTwoWriters() {
        // forks of the same history can carry the same timeline number on different nodes
        List<Ack> acks = List.of(ack(1, "n1", 2, 100), ack(2, "n2", 2, 150), ack(3, "n1", 2, 200));
        assertThat(SplitBrainCheck.overlaps(acks)).hasSize(1);
    }
}
