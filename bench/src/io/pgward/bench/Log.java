package io.pgward.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The harness's progress lines on standard output, each stamped with the wall-clock time. */
final class Log {

    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Log() {
    }

    static synchronized void log(String msg) {
        System.out.println("[" + LocalTime.now().format(HMS) + "] " + msg);
        System.out.flush();
    }
}
