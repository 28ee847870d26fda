package io.pgward.dcs.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

/**
 * How {@link EtcdClient} reaches one etcd member's JSON gateway: one POST and its answer, or a watch stream. The
 * client owns every rule (which member, how long, what an error means); a transport only moves bytes, so the rules
 * run unchanged against a fake in tests.
 */
interface EtcdTransport {

    /** An HTTP answer: status code and body. */
    record Reply(int status, String body) {}

    /** POSTs {@code body} to {@code endpoint + path}; throws IOException when the member does not answer in time. */
    Reply post(String endpoint, String path, String body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException;

    /**
     * Opens a watch stream (POST /v3/watch); returns the stream of JSON messages. Closing the stream ends the watch.
     * {@code connectTimeout} bounds the wait for the response headers, not the stream.
     */
    InputStream watch(String endpoint, String body, Map<String, String> headers, Duration connectTimeout)
            throws IOException, InterruptedException;
}
