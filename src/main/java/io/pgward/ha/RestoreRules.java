package io.pgward.ha;

import io.pgward.ha.Action.FinishRestore;
import io.pgward.ha.Action.Reclone;
import io.pgward.ha.Action.ReleaseLeader;
import io.pgward.ha.Action.RestoreData;
import io.pgward.ha.Action.StopForRestore;
import io.pgward.ha.Action.Wait;
import io.pgward.ha.LocalState.PgState;
import io.pgward.ha.RestoreRequest.State;

import java.util.Optional;

/**
 * The rules of an in-place restore ({@code restore} key), above the usual ones while it runs: every node stops
 * its PostgreSQL and the leader gives up its key; the chosen node restores, recovers, takes the key and marks the
 * request done; the others then move their (older) data aside and clone from it. Nothing happens twice: each node
 * records what it did for which request ({@link RestoreMark}).
 */
final class RestoreRules {

    private RestoreRules() {}

    /** The action while a restore is requested, failed, or done but not yet rejoined by this node; else empty. */
    static Optional<Action> decide(Observation o) {
        RestoreRequest r = o.cluster().restore();
        if (r == null) {
            return Optional.empty();
        }
        RestoreMark mark = o.restoreMark();
        boolean handled = mark != null && mark.isFor(r);
        boolean chosen = r.node().equals(o.me());
        String target = "the restore to " + r.target();
        if (r.state() == State.DONE) {
            if (!handled || chosen) {
                return Optional.empty();
            }
            ClusterView c = o.cluster();
            if (c.hasLeader() && !o.holdsLeaderKey()) {
                return Optional.of(new Reclone(c.leader(), "my data predates " + target + ": moving it aside and"
                        + " cloning from the restored leader " + c.leader()));
            }
            return Optional.of(new Wait(target + " is done: waiting for its leader to clone from"));
        }
        if (chosen && handled && mark.restored()) {
            if (r.state() == State.REQUESTED && o.holdsLeaderKey() && o.local().runningAsPrimary()) {
                return Optional.of(new FinishRestore(r, "restored to " + r.target() + " and leading: marking the"
                        + " restore done so that the other nodes clone from me"));
            }
            return Optional.empty();    // the usual rules take the leader key or start the restored primary
        }
        if (!handled || o.local().pg() != PgState.STOPPED) {
            return Optional.of(new StopForRestore(r, target + " was requested: stopping PostgreSQL"
                    + (o.holdsLeaderKey() ? " and giving up the leader key" : "")));
        }
        if (o.holdsLeaderKey()) {
            return Optional.of(new ReleaseLeader(target + " was requested: releasing the leader key so that "
                    + r.node() + " can lead the restored cluster"));
        }
        if (r.state() == State.FAILED) {
            return Optional.of(new Wait(target + " failed on " + r.node() + " (" + r.detail() + "): PostgreSQL stays"
                    + " stopped until the restore is asked again or cancelled (pgward restore --cancel)"));
        }
        if (!chosen) {
            return Optional.of(new Wait(target + " is in progress on " + r.node() + ": PostgreSQL stays stopped until"
                    + " it leads the restored cluster"));
        }
        if (o.cluster().hasLeader()) {
            return Optional.of(new Wait("waiting for leader " + o.cluster().leader() + " to stop and release the"
                    + " leader key before restoring"));
        }
        return Optional.of(new RestoreData(r, "restoring the repository to " + r.target() + ": this node leads the"
                + " restored cluster"));
    }
}
