package io.pgward.why;

import io.pgward.ha.ClusterView;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything {@link Diagnosis} looks at, gathered once by {@code pgward why}: the etcd members' answers, the cluster's
 * keys, and what each member's agent said about itself (or why it did not answer).
 *
 * @param cluster         the keys under the cluster's prefix; null when etcd could not be read
 * @param etcd            one probe per configured etcd endpoint, in the configured order
 * @param etcdError       why the cluster could not be read (null when it could)
 * @param leaderLeaseLeft seconds the leader key's lease has left, null when unknown or there is no leader
 * @param nodes           per member name: its agent's answer; members without a report were not asked
 * @param now             when the snapshot was taken (ages of decisions are measured from it)
 */
public record WhySnapshot(String scope, Instant now, List<EtcdProbe> etcd, String etcdError, ClusterView cluster,
                          Long leaderLeaseLeft, Map<String, NodeReport> nodes) {

    public WhySnapshot {
        etcd = List.copyOf(etcd);
        nodes = Map.copyOf(nodes);
    }

    /** One etcd endpoint's answer to a read of the cluster's leader key. */
    public record EtcdProbe(String endpoint, boolean ok, Problem problem, String error) {

        /** What kind of failure an endpoint had, as far as the diagnosis cares. */
        public enum Problem { NONE, UNREACHABLE, NO_LEADER, AUTH, OTHER }

        public static EtcdProbe ok(String endpoint) {
            return new EtcdProbe(endpoint, true, Problem.NONE, null);
        }
    }

    /**
     * A member's agent: its {@code GET /patroni} and {@code GET /decisions}, or why it could not be asked.
     *
     * @param status    null when the agent did not answer
     * @param decisions oldest first; empty when unknown
     * @param error     why the agent did not answer, null when it did
     */
    public record NodeReport(String name, NodeStatus status, List<Decision> decisions, String error) {

        public NodeReport {
            decisions = List.copyOf(decisions);
        }

        public static NodeReport unreachable(String name, String error) {
            return new NodeReport(name, null, List.of(), error);
        }

        public boolean reachable() {
            return status != null;
        }

        /** The newest decision, if any. */
        public Optional<Decision> last() {
            return decisions.isEmpty() ? Optional.empty() : Optional.of(decisions.get(decisions.size() - 1));
        }
    }

    /**
     * What a member's {@code GET /patroni} said.
     *
     * @param systemId     the database system identifier of its data directory, null without data
     * @param dcsLastSeen  when its agent last read etcd, null when unknown
     */
    public record NodeStatus(String state, String role, int timeline, String systemId, String replicationState,
                             boolean paused, Instant dcsLastSeen) {}

    /** One entry of a member's {@code GET /decisions}: the action chosen and the reason logged with it. */
    public record Decision(Instant at, String action, String reason) {}

    public Optional<NodeReport> node(String name) {
        return Optional.ofNullable(nodes.get(name));
    }
}
