package io.pgward.agent;

import io.pgward.config.DynamicConfig;
import io.pgward.config.Problem;

import java.util.List;
import java.util.Map;

/**
 * The dynamic configuration can be written straight into etcd (etcdctl, another tool), past the checks of
 * {@code edit-config} and {@code PATCH /config}. Each new revision the agent reads is validated the same way, and
 * what pgward refuses or does not act on is reported, once per revision, instead of being silently ignored.
 */
final class StoredConfigCheck {

    private long checkedRevision = -1;

    /** The problems of {@code raw} when {@code revision} was not checked before; empty otherwise. */
    List<Problem> review(long revision, Map<String, Object> raw) {
        if (revision == checkedRevision) {
            return List.of();
        }
        checkedRevision = revision;
        return DynamicConfig.validate(raw, "the config key in etcd (revision " + revision + ")", "");
    }
}
