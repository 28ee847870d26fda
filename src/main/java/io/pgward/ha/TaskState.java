package io.pgward.ha;

/**
 * The long action on the worker (bootstrap, clone, start, promotion): running, or how the last one ended.
 *
 * @param succeeded meaningful once {@code running} is false
 */
public record TaskState(Kind kind, boolean running, boolean succeeded, String detail) {

    /**
     * How the outcome of a start that will not be retried until an operator reinitializes the node ends; the agent
     * writes it and {@code pgward why} looks for it among the node's decisions.
     */
    public static final String UNTIL_REINITIALIZED = "stays stopped until it is reinitialized";

    public enum Kind {
        BOOTSTRAP("bootstrap"), CLONE("clone from the leader"), START_PRIMARY("start as primary"),
        START_REPLICA("start as replica"), RESTART("restart"), REINITIALIZE("reinitialize"), PROMOTE("promotion"),
        RESTORE("restore from the repository"), STOP_FOR_RESTORE("stop for a restore");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public boolean failed(Kind k) {
        return kind == k && !running && !succeeded;
    }
}
