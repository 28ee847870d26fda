package io.pgward.cli;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class LineDiffTest {

    @Test
    void equalTextsHaveNoDiff() {
        assertThat(LineDiff.unified("a\nb\n", "a\nb\n", "before", "after")).isEmpty();
    }

    @Test
    void aChangedLineShowsRemovalThenAdditionWithContext() {
        String before = "loop_wait: 10\nmaximum_lag_on_failover: 1048576\nttl: 30\n";
        String after = "loop_wait: 5\nmaximum_lag_on_failover: 1048576\nttl: 30\n";
        assertThat(LineDiff.unified(before, after, "before", "after")).isEqualTo("""
                --- before
                +++ after
                @@ -1,3 +1,3 @@
                -loop_wait: 10
                +loop_wait: 5
                 maximum_lag_on_failover: 1048576
                 ttl: 30
                """);
    }

    @Test
    void addedAndRemovedLinesCountInTheHunkHeader() {
        String before = "a\nb\nc\n";
        String after = "a\nc\nd\ne\n";
        assertThat(LineDiff.unified(before, after, "x", "y")).isEqualTo("""
                --- x
                +++ y
                @@ -1,3 +1,4 @@
                 a
                -b
                 c
                +d
                +e
                """);
    }

    @Test
    void distantChangesGetSeparateHunksWithThreeLinesOfContext() {
        String before = IntStream.rangeClosed(1, 20).mapToObj(i -> "line" + i).collect(Collectors.joining("\n", "", "\n"));
        String after = before.replace("line2\n", "LINE2\n").replace("line18\n", "LINE18\n");
        String diff = LineDiff.unified(before, after, "before", "after");
        assertThat(diff).contains("@@ -1,5 +1,5 @@\n line1\n-line2\n+LINE2\n line3\n line4\n line5\n");
        assertThat(diff).contains("@@ -15,6 +15,6 @@\n line15\n line16\n line17\n-line18\n+LINE18\n line19\n line20\n");
        assertThat(diff).doesNotContain("line10");
    }

    @Test
    void fromNothingEverythingIsAdded() {
        assertThat(LineDiff.unified("", "a: 1\n", "before", "after")).isEqualTo("""
                --- before
                +++ after
                @@ -0,0 +1 @@
                +a: 1
                """);
    }
}
