package io.pgward.cli;

import io.pgward.ha.Member;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/** The one-line outcomes of REST actions on members, in patronictl's words. */
final class Report {
    private Report() {}

    /**
     * Prints {@code Success: <action> on member X (message)} or {@code Failed: <action> on member X, status N:
     * error} followed by the server's problems, one per line.
     *
     * @return whether the member accepted (2xx)
     */
    static boolean print(PrintStream out, String action, String member, RestClient.Response r) {
        if (r.ok()) {
            String m = r.message();
            out.println("Success: " + action + " on member " + member + (m.isEmpty() ? "" : " (" + m + ")"));
            return true;
        }
        out.println("Failed: " + action + " on member " + member + ", " + r.describe());
        for (String p : r.problems()) {
            out.println("  " + p);
        }
        return false;
    }

    /**
     * Calls each member in turn, printing one outcome line each; a member that cannot be reached counts as failed
     * and the others are still called. A call that returns null has printed its own outcome and did not fail.
     *
     * @return 0 when every member accepted, else 1
     */
    static int eachMember(PrintStream out, String action, List<Member> members,
                          Function<Member, RestClient.Response> call) {
        int failed = 0;
        for (Member m : members) {
            try {
                RestClient.Response r = call.apply(m);
                if (r != null && !print(out, action, m.name(), r)) {
                    failed++;
                }
            } catch (RestClient.Unreachable e) {
                out.println("Failed: " + action + " on member " + m.name() + ": " + e.getMessage());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
