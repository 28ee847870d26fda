package io.pgward.ha;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreMarkTest {

    @Test
    void theFileTextReadsBack() {
        for (RestoreMark m : new RestoreMark[] {new RestoreMark("r-1", false), new RestoreMark("r-1", true)}) {
            assertThat(RestoreMark.parse(m.text() + "\n")).isEqualTo(m);
        }
    }

    @Test
    void aDamagedFileIsNoMark() {
        assertThat(RestoreMark.parse("")).isNull();
        assertThat(RestoreMark.parse("r-1 finished")).isNull();
        assertThat(RestoreMark.parse("r-1 restored extra")).isNull();
    }
}
