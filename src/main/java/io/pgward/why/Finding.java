package io.pgward.why;

/**
 * One thing {@code pgward why} found: how bad it is, what it is about (a member, "etcd", "cluster"), what blocks
 * the cluster, what to do next (null when nothing needs doing), and the evidence it rests on (a member's own decision,
 * a key), null when the blocker says it all.
 */
public record Finding(Severity severity, String subject, String blocker, String nextStep, String evidence) {

    /** How bad a finding is; the order is the order of the report. */
    public enum Severity {
        /** The cluster cannot take writes or cannot fail over: act now. */
        CRITICAL,
        /** Something is degraded or will block the next failover. */
        WARNING,
        /** Worth knowing: a bootstrap or switchover in progress, the last failover. */
        INFO,
        /** All is well. */
        OK
    }

    static Finding of(Severity severity, String subject, String blocker, String nextStep) {
        return new Finding(severity, subject, blocker, nextStep, null);
    }

    Finding withEvidence(String text) {
        return new Finding(severity, subject, blocker, nextStep, text);
    }
}
