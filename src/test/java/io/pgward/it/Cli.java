package io.pgward.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the pgward CLI from the packaged jar, as an operator would, and captures what it printed. */
final class Cli {
    record Result(int exit, String output) {}

    private Cli() {}

    static Result run(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ClusterFixture.javaBinary(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-jar", System.getProperty("pgward.jar", "target/pgward.jar")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TestTime.seconds(180).toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("pgward " + String.join(" ", args) + " did not finish:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
