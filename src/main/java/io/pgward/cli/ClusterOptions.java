package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Config;
import io.pgward.dcs.KeyLayout;
import io.pgward.dcs.etcd.EtcdClient;
import io.pgward.dcs.etcd.EtcdDcs;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/** How an operator command finds the cluster: a node's config file, or {@code --dcs-url} and a scope. */
final class ClusterOptions {

    @Mixin
    ConfigOption config;

    @Option(names = {"-d", "--dcs-url"}, description = "etcd URL, e.g. http://127.0.0.1:2379 (instead of -c)")
    String dcsUrl;

    @Option(names = "--scope", description = "cluster name (with --dcs-url)")
    String scope;

    @Option(names = "--namespace", defaultValue = "service", description = "key namespace (default ${DEFAULT-VALUE})")
    String namespace;

    String scope() {
        return dcsUrl != null ? scope : config.load().scope();
    }

    EtcdDcs dcs() {
        if (dcsUrl != null) {
            if (scope == null) {
                throw new PgwardException(Code.BAD_REQUEST, "--dcs-url needs --scope (the cluster name)");
            }
            String ns = namespace.replaceAll("^/+|/+$", "");
            String url = dcsUrl.startsWith("http") ? dcsUrl : "http://" + dcsUrl;
            return new EtcdDcs(new EtcdClient(List.of(url), Duration.ofSeconds(5), null, null),
                    new KeyLayout("/" + ns + "/" + scope + "/"), "pgward-cli", 30);
        }
        Config c = config.load();
        return new EtcdDcs(c, Duration.ofSeconds(5), 30);
    }
}
