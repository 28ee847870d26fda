package io.pgward.api;

import io.pgward.config.DynamicConfig;
import io.pgward.config.Problem;
import io.pgward.ha.ClusterView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PATCH /config} (JSON merge patch) and {@code PUT /config}. Unlike Patroni, the resulting configuration is
 * validated as a whole with the same rules as {@code pgward lint}; a refused change leaves etcd untouched.
 */
final class ConfigEndpoint {

    private final Operations ops;

    ConfigEndpoint(Operations ops) {
        this.ops = ops;
    }

    Reply patch(Map<String, Object> patch) {
        ClusterView c = ops.readCluster();
        if (!c.configPresent()) {
            return Reply.error(503, "no configuration in etcd yet: the cluster is not bootstrapped");
        }
        return write(JsonMergePatch.apply(c.config().raw(), patch), c.configRevision());
    }

    Reply put(Map<String, Object> config) {
        ClusterView c = ops.readCluster();
        return write(config, c.configPresent() ? c.configRevision() : 0);
    }

    private Reply write(Map<String, Object> config, long revision) {
        List<Problem> problems = DynamicConfig.validate(config, "config", "");
        List<Problem> errors = problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "configuration refused, etcd was not changed: " + errors.get(0).path() + ": "
                    + errors.get(0).message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
            body.put("problems", problems.stream().map(ConfigEndpoint::json).toList());
            return new Reply(400, body);
        }
        if (!ops.writeConfig(config, revision)) {
            return Reply.error(409, "the configuration changed meanwhile (compare-and-swap failed): read it and try again");
        }
        ops.wakeup();
        return Reply.ok(config);
    }

    private static Map<String, Object> json(Problem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("severity", p.severity().name().toLowerCase());
        m.put("path", p.path());
        m.put("message", p.message());
        return m;
    }
}
