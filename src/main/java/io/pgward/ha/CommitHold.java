package io.pgward.ha;

import java.time.Duration;

/**
 * Whether an asynchronous primary that lost etcd holds its commits; pure.
 * <p>
 * A primary cut from every etcd member keeps acknowledging commits until its HA loop notices and demotes, up to
 * {@code loop_wait + retry_timeout / 2} later; if it was cut from its replicas too, each of those commits is lost
 * when another node takes over. Holding commits (they wait for a synchronous standby that does not exist) stops the
 * acknowledgments within {@link #SILENCE} without demoting: reads go on, and the held commits are acknowledged once
 * etcd answers again with the leader key still this node's, or never if the key is lost and the node demotes.
 * <p>
 * Only silence of <em>every</em> member counts: the etcd client moves on to another member when one fails, so one
 * member's fault never holds commits. Once held, only a fresh answer that the key is still mine (or every member's
 * failsafe confirmation, after which nobody else can take over) releases it; a key held by another node keeps the
 * hold until the demotion ends it, so a commit that may be lost is never acknowledged.
 */
public final class CommitHold {

    /** How long no etcd member may have answered before commits are held. */
    public static final Duration SILENCE = Duration.ofSeconds(2);

    /** What the last check of the leader key said. */
    public enum KeyCheck {
        /** etcd answered that the leader key names this node. */
        MINE,
        /** etcd answered that the leader key is gone or names another node. */
        LOST,
        /** no answer since the last failure. */
        UNKNOWN
    }

    /**
     * @param enabled           the dynamic setting {@code hold_commits_without_etcd}
     * @param paused            the cluster is paused (pgward touches nothing)
     * @param synchronousMode   synchronous_mode: commits already wait for a standby
     * @param leader            this node's last read of etcd said it holds the leader key
     * @param runningAsPrimary  the local PostgreSQL runs read-write
     * @param failsafeConfirmed failsafe_mode: every member accepted this primary's last round within ttl
     * @param etcdSilence       since etcd was last heard from by any request of this agent (a member answered, or a
     *                          majority answered that they are electing a leader)
     * @param keyCheck          what the last answer said about the leader key
     * @param held              commits are held now
     */
    public record State(boolean enabled, boolean paused, boolean synchronousMode, boolean leader,
                        boolean runningAsPrimary, boolean failsafeConfirmed, Duration etcdSilence, KeyCheck keyCheck,
                        boolean held) {}

    /** The change to make. */
    public enum Change { HOLD, RELEASE, NONE }

    /** The decision and why. */
    public record Verdict(Change change, String reason) {}

    private CommitHold() {}

    public static Verdict decide(State s) {
        return s.held() ? whileHeld(s) : whileFree(s);
    }

    private static Verdict whileFree(State s) {
        if (!s.enabled()) {
            return none("hold_commits_without_etcd is off");
        }
        if (s.paused()) {
            return none("the cluster is paused");
        }
        if (s.synchronousMode()) {
            return none("synchronous mode: commits already wait for a synchronous standby");
        }
        if (!s.runningAsPrimary() || !s.leader()) {
            return none("not a primary holding the leader key");
        }
        if (s.etcdSilence().compareTo(SILENCE) < 0) {
            return none("etcd answered " + millis(s.etcdSilence()) + " ago");
        }
        if (s.failsafeConfirmed()) {
            return none("every member confirmed failsafe_mode: no other node can take over");
        }
        return new Verdict(Change.HOLD, "no etcd member answered for " + millis(s.etcdSilence())
                + ": holding commits (not acknowledged until etcd confirms my leader key) instead of acknowledging"
                + " writes that a new leader would not have");
    }

    private static Verdict whileHeld(State s) {
        if (!s.runningAsPrimary()) {
            return release("PostgreSQL no longer runs as primary");
        }
        if (s.keyCheck() == KeyCheck.LOST) {
            return none("etcd says the leader key is no longer mine: commits stay held until the demotion");
        }
        if (!s.enabled()) {
            return release("hold_commits_without_etcd was turned off");
        }
        if (s.paused()) {
            return release("the cluster was paused: pgward leaves PostgreSQL as configured");
        }
        if (s.synchronousMode()) {
            return release("synchronous mode was turned on: it manages synchronous_standby_names");
        }
        if (s.failsafeConfirmed()) {
            return release("every member confirmed failsafe_mode: no other node can take over while I stay primary");
        }
        if (s.keyCheck() == KeyCheck.MINE && s.etcdSilence().compareTo(SILENCE) < 0) {
            return release("etcd answers again and the leader key is still mine");
        }
        return none("still no answer from etcd confirming my leader key");
    }

    private static Verdict none(String reason) {
        return new Verdict(Change.NONE, reason);
    }

    private static Verdict release(String reason) {
        return new Verdict(Change.RELEASE, reason + ": releasing the held commits");
    }

    private static String millis(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
