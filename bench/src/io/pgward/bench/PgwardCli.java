package io.pgward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a pgward command (bin/pgward with the run's jar), timing it and appending its output to a log file. */
final class PgwardCli {

    /** Exit code, wall time and what the command printed. */
    record Run(int exit, double seconds, String output) {

        /** The last lines of the output, for error messages. */
        String tail() {
            List<String> lines = output.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        }
    }

    private final Options o;
    private final Path log;

    PgwardCli(Options o, Path log) {
        this.o = o;
        this.log = log;
    }

    Run run(double timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(o.repo.resolve("bin/pgward").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(log.getParent(), "cli", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("PGWARD_JAR", o.jar.toString());
        Log.log("$ pgward " + String.join(" ", args));
        long t0 = System.nanoTime();
        Process p = pb.start();
        Processes.STARTED.add(p);
        try {
            if (!p.waitFor((long) timeoutSeconds, TimeUnit.SECONDS)) {
                Processes.stop(p, 10);
                throw new IllegalStateException("pgward " + String.join(" ", args) + " did not end within "
                        + timeoutSeconds + " s");
            }
        } finally {
            Processes.STARTED.remove(p);
        }
        double secs = Time.secs(System.nanoTime() - t0);
        String text = Files.readString(out);
        Files.delete(out);
        Files.writeString(log, "---- " + Instant.now() + " pgward " + String.join(" ", args) + " (exit "
                + p.exitValue() + ", " + Stats.fmt(secs) + " s)\n" + text + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new Run(p.exitValue(), secs, text);
    }

    /** Like {@link #run}, but a non-zero exit ends the benchmark with the command's output. */
    Run require(double timeoutSeconds, String... args) throws IOException, InterruptedException {
        Run r = run(timeoutSeconds, args);
        if (r.exit() != 0) {
            throw new IllegalStateException("pgward " + String.join(" ", args) + " exited with " + r.exit() + ":\n"
                    + r.tail());
        }
        return r;
    }
}
