package io.pgward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What /proc says about a process and the machine: CPU ticks, resident memory, load, other people's agents. */
final class ProcStats {

    private ProcStats() {
    }

    /** /proc/pid/stat utime+stime+cutime+cstime in clock ticks. */
    static long cpuTicks(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        // after ")": state(0) ppid(1) ... utime is field 14 overall -> index 11 here
        return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }

    static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** pgward or Patroni agents on this machine that this run (under base) did not start: someone's tests. */
    static int foreignAgents(Path base) {
        int n = 0;
        try {
            for (String cmd : Processes.commandLines().values()) {
                if ((cmd.contains("pgward.jar") && cmd.contains("agent") || cmd.contains("/usr/bin/patroni"))
                        && !cmd.contains(base.toString() + "/")) {
                    n++;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }
}
