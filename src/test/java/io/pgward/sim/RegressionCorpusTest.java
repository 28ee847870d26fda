package io.pgward.sim;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every seed and scenario of the regression corpus, every time. */
class RegressionCorpusTest {

    static final String CORPUS = "/sim/regression-corpus.txt";

    @Test
    void everyCorpusEntryKeepsEveryInvariant() throws IOException {
        List<String> entries = corpus();
        List<String> failures = new ArrayList<>();
        for (String line : entries) {
            SimResult r = Scenarios.fromCorpusLine(line).run();
            if (!r.passed()) {
                failures.add(line + ": " + r.report());
            }
        }
        assertThat(entries).hasSizeGreaterThanOrEqualTo(4);
        assertThat(failures).isEmpty();
    }

    static List<String> corpus() throws IOException {
        try (InputStream in = RegressionCorpusTest.class.getResourceAsStream(CORPUS)) {
            assertThat(in).as(CORPUS).isNotNull();
            List<String> entries = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String entry = line.replaceFirst("#.*", "").trim();
                if (!entry.isEmpty()) {
                    entries.add(entry);
                }
            }
            return entries;
        }
    }
}
