package io.pgward.routing;

import io.pgward.config.HaproxyNotifyConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Tells every configured HAProxy runtime API of this node's role change, on a thread of its own: HA actions never
 * wait for HAProxy, and a failure is one log line (HAProxy's own checks still find the primary).
 */
final class HaproxyNotifier {

    private static final Logger log = LoggerFactory.getLogger(HaproxyNotifier.class);
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final HaproxyNotifyConfig config;
    private final HaproxyNotices notices;
    private final ExecutorService worker;

    HaproxyNotifier(HaproxyNotifyConfig config, String scope, String name, ExecutorService worker) {
        this.config = config;
        this.notices = new HaproxyNotices(config, scope, name);
        this.worker = worker;
    }

    void becamePrimary(List<String> otherMembers) {
        send("primary", notices.becamePrimary(otherMembers));
    }

    void stoppedBeingPrimary() {
        send("no longer primary", notices.stoppedBeingPrimary());
    }

    private void send(String what, List<String> commands) {
        for (var address : config.runtimeApis()) {
            HaproxyRuntimeApi api = new HaproxyRuntimeApi(address);
            worker.execute(() -> {
                try {
                    String answer = api.send(commands, TIMEOUT);
                    if (answer.isEmpty()) {
                        log.info("told HAProxy at {} that this node is {}: {}", api, what, String.join("; ", commands));
                    } else {
                        log.warn("HAProxy at {} refused the notice that this node is {} ({}): {}", api, what,
                                String.join("; ", commands), answer.replace('\n', ' '));
                    }
                } catch (IOException | RuntimeException e) {
                    log.warn("could not tell HAProxy at {} that this node is {} (its health checks will find out): {}",
                            api, what, e.getMessage());
                }
            });
        }
    }
}
