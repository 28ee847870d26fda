package io.pgward.postgres;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived command to completion with a deadline and captures what it printed. */
public final class Exec {

    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private Exec() {}

    public static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[][] out = new byte[1][];
            Thread reader = new Thread(() -> {
                try {
                    out[0] = p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    out[0] = new byte[0];
                }
            }, "exec-output");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new PgwardException(Code.POSTGRES_FAILED, "'" + String.join(" ", command)
                        + "' did not finish within " + timeout.toSeconds() + "s");
            }
            reader.join(5000);
            return new Result(p.exitValue(), out[0] == null ? "" : new String(out[0], StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new PgwardException(Code.OS_FAILED, "cannot run " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgwardException(Code.POSTGRES_FAILED, "interrupted running " + command.get(0));
        }
    }

    /** Runs and throws with the command's own output when it fails. */
    public static String check(String what, List<String> command, Map<String, String> env, Duration timeout) {
        Result r = run(command, env, timeout);
        if (!r.ok()) {
            throw new PgwardException(Code.POSTGRES_FAILED, what + " failed (exit " + r.exitCode() + "): " + r.output());
        }
        return r.output();
    }
}
