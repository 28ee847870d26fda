package io.pgward.bench;

/** Timing profile written to bootstrap.dcs. */
record Profile(String name, int ttl, int loopWait, int retryTimeout) {

    static final Profile DEFAULT = new Profile("default", 30, 10, 10);
    static final Profile FAST = new Profile("fast", 20, 2, 5);

    String describe() {
        return "ttl " + ttl + ", loop_wait " + loopWait + ", retry_timeout " + retryTimeout;
    }

    /** How long a cluster of this profile may take to heal (1 leader + 2 streaming) after an event. */
    double healTimeout() {
        return 3.0 * ttl + 3 * loopWait + 60;
    }

    /** How long synchronous mode may take to name a synchronous standby. */
    double syncTimeout() {
        return 6.0 * loopWait + 60;
    }
}
