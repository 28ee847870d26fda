package io.pgward.ha;

/**
 * What a peer's REST API ({@code GET /patroni}) said just before a leader race.
 *
 * @param reachable   false when the peer did not answer in time (it is then ignored, as Patroni does)
 * @param inRecovery  false when the peer still runs as a primary
 */
public record PeerStatus(String name, boolean reachable, boolean inRecovery, long walPosition, boolean nofailover,
                         int failoverPriority) {

    public static PeerStatus unreachable(String name) {
        return new PeerStatus(name, false, true, 0, false, 0);
    }
}
