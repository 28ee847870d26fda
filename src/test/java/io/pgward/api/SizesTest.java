package io.pgward.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SizesTest {
    @Test
    void patroniLagUnits() {
        assertThat(Sizes.parseBytes("1048576")).isEqualTo(1048576L);
        assertThat(Sizes.parseBytes("16kB")).isEqualTo(16384L);
        assertThat(Sizes.parseBytes("10MB")).isEqualTo(10485760L);
        assertThat(Sizes.parseBytes("1GB")).isEqualTo(1073741824L);
        assertThat(Sizes.parseBytes("1 TB")).isEqualTo(1099511627776L);
        assertThat(Sizes.parseBytes("lots")).isEqualTo(-1L);
    }
}
