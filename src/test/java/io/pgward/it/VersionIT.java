package io.pgward.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The version the packaged jar reports is the build's (pom.xml), not a constant. */
class VersionIT {

    @Test
    void theJarReportsTheVersionItWasBuiltAs() throws Exception {
        Matcher m = Pattern.compile("<artifactId>pgward</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).isTrue();
        Cli.Result r = Cli.run(null, "version");
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains(m.group(1)).doesNotContain("-dev");
    }
}
