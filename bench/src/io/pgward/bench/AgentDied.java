package io.pgward.bench;

/** An agent process exited while the harness needed it: the trial cannot go on with this cluster. */
final class AgentDied extends RuntimeException {

    AgentDied(String message) {
        super(message);
    }
}
