package io.pgward.it;

import java.io.IOException;

/** Sends a POSIX signal to one process by PID (SIGSTOP/SIGCONT have no Java API). */
final class Signals {
    private Signals() {}

    static void send(String signal, long pid) {
        try {
            int rc = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("kill -s " + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
