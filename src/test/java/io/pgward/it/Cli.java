package io.pgward.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the pgward CLI from the packaged jar, as an operator would (or another program), and captures what it printed. */
final class Cli {
    record Result(int exit, String output) {}

    private Cli() {}

    static Result run(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ClusterFixture.javaBinary(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-jar", System.getProperty("pgward.jar", "target/pgward.jar")));
        cmd.addAll(List.of(args));
        return exec(cmd, stdin);
    }

    /** Runs any program to its end (at most 180 s, scaled), with its output and errors captured together. */
    static Result exec(List<String> cmd, String stdin) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(TestTime.seconds(180).toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish:\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
