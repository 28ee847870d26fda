package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** REST calls meant for "the cluster" rather than a member: sent to the leader, else to the next member that answers. */
final class ClusterCalls {
    private ClusterCalls() {}

    /** The member that answered and its answer. */
    record Answer(Member member, RestClient.Response response) {}

    /**
     * Sends to the leader first, then to the other members in name order, moving on only when a member could not
     * be reached (so the request was not carried out there).
     *
     * @throws PgwardException (exit 2) when no member answered, with each member's reason
     */
    static Answer leaderFirst(RestClient client, ClusterView view, String method, String path, Object body,
                              Duration timeout) {
        List<String> reasons = new ArrayList<>();
        for (Member m : Members.leaderFirst(view)) {
            if (m.apiUrl() == null) {
                reasons.add(m.name() + " publishes no api_url");
                continue;
            }
            try {
                return new Answer(m, client.call(method, m, path, body, timeout));
            } catch (RestClient.Unreachable e) {
                System.err.println("warning: " + e.getMessage() + "; trying the next member");
                reasons.add(e.getMessage());
            }
        }
        throw new PgwardException(Code.BAD_REQUEST, "no member's REST API answered " + method + " " + path
                + (reasons.isEmpty() ? " (the cluster has no members)" : ":\n  " + String.join("\n  ", reasons)));
    }
}
