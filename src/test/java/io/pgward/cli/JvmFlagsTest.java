package io.pgward.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JvmFlagsTest {

    @Test
    void launcherScriptRunsAgentsWithTheSameFlagsAsPgwardUp() throws Exception {
        String line = Files.readAllLines(Path.of("bin/pgward")).stream().filter(l -> l.startsWith("default_opts="))
                .findFirst().orElseThrow();
        assertThat(line).isEqualTo("default_opts=\"" + String.join(" ", JvmFlags.AGENT) + "\"");
        assertThat(Files.readString(Path.of("bin/pgward")))
                .contains("MALLOC_ARENA_MAX=\"${MALLOC_ARENA_MAX:-" + JvmFlags.MALLOC_ARENA_MAX + "}\"");
    }
}
