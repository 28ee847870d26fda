package io.pgward.config;

import java.util.List;
import java.util.Map;

/**
 * The {@code bootstrap} section: what the node that initialises the cluster does.
 *
 * @param dcs           bootstrap.dcs as plain JSON-able values, written to {@code <prefix>config} after initdb; empty if absent
 * @param initdbArgs    initdb options rendered as arguments: "data-checksums" -> "--data-checksums", {encoding: UTF8} -> "--encoding=UTF8"
 * @param postBootstrap bootstrap.post_bootstrap (or its older name post_init); null if absent
 * @param method        a custom bootstrap method; null for initdb
 */
public record BootstrapConfig(Map<String, Object> dcs, List<String> initdbArgs, String postBootstrap,
                              BootstrapMethod method) {

    public BootstrapConfig {
        dcs = dcs == null ? Map.of() : PlainValues.unmodifiableCopy(dcs);
        initdbArgs = initdbArgs == null ? List.of() : List.copyOf(initdbArgs);
    }

    public BootstrapConfig(Map<String, Object> dcs, List<String> initdbArgs, String postBootstrap) {
        this(dcs, initdbArgs, postBootstrap, null);
    }

    static BootstrapConfig empty() {
        return new BootstrapConfig(Map.of(), List.of(), null);
    }

    /** The typed dynamic configuration the cluster starts with (defaults for what bootstrap.dcs leaves out). */
    public DynamicConfig dynamicConfig() {
        return DynamicConfig.fromMap(dcs);
    }
}
