package io.pgward.bench;

/** POST /switchover failed or answered other than 200: waiting for writes to move is pointless. */
final class RefusedSwitchover extends RuntimeException {

    RefusedSwitchover(String message) {
        super(message);
    }
}
