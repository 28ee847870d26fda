package io.pgward.api;

import java.util.Map;

/** An HTTP answer: status and a JSON-able body (a plain string becomes Patroni's text message). */
record Reply(int status, Object body) {

    static Reply ok(Object body) {
        return new Reply(200, body);
    }

    static Reply error(int status, String message) {
        return new Reply(status, Map.of("error", message));
    }
}
