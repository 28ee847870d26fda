package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Config;
import io.pgward.dcs.KeyLayout;
import io.pgward.dcs.etcd.EtcdClient;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How an operator command finds the cluster: a node's config file, or {@code --dcs-url} and a scope. Given after
 * the command ({@code pgward list -c node1.yml}) or, as with patronictl, before it ({@code pgward -c node1.yml
 * list}); the command's own options win.
 */
final class ClusterOptions {

    @Mixin
    ConfigOption config;

    @Option(names = {"-d", "--dcs-url"}, description = "etcd URL instead of -c: etcd3://[user:password@]host:port as"
            + " patronictl takes it, or http(s)://[user:password@]host:port")
    String dcsUrl;

    @Option(names = "--dcs-cacert", description = "CA file of etcd's certificate, with an https --dcs-url")
    String dcsCacert;

    @Option(names = "--scope", description = "cluster name (with --dcs-url)")
    String scope;

    @Option(names = "--namespace", defaultValue = "service", description = "key namespace (default ${DEFAULT-VALUE})")
    String namespace;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Options given another way (before the command, or by a command with its own option names). */
    ClusterOptions fallback;

    static ClusterOptions of(Path configFile, String dcsUrl, String scope, String namespace) {
        ClusterOptions o = new ClusterOptions();
        o.config = new ConfigOption();
        o.config.file = configFile;
        o.dcsUrl = dcsUrl;
        o.scope = scope;
        o.namespace = namespace == null ? "service" : namespace;
        return o;
    }

    private boolean located() {
        return config.file != null || dcsUrl != null;
    }

    /**
     * These options if they say where the cluster is, else the ones given before the command, else patronictl's
     * configuration file ({@code $PATRONICTL_CONFIG_FILE}, else {@code ~/.config/patroni/patronictl.yaml}).
     */
    ClusterOptions effective() {
        if (located()) {
            return this;
        }
        ClusterOptions other = fallback;
        if (other == null && mixee != null && mixee.parent() != null
                && mixee.parent().userObject() instanceof Main main) {
            other = main.cluster;
        }
        if (other != null && other != this && other.located()) {
            return other;
        }
        Path standard = patronictlConfigFile(System.getenv(), System.getProperty("user.home"));
        if (standard != null) {
            config.file = standard;
        }
        return this;
    }

    /** patronictl's default configuration file, when it exists (the variable wins even when it does not). */
    static Path patronictlConfigFile(java.util.Map<String, String> env, String home) {
        String fromEnv = env.get("PATRONICTL_CONFIG_FILE");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        if (home == null) {
            return null;
        }
        Path standard = Path.of(home, ".config", "patroni", "patronictl.yaml");
        return java.nio.file.Files.isRegularFile(standard) ? standard : null;
    }

    /** The loaded config file, or null when the cluster was given with --dcs-url. */
    Config configOrNull() {
        ClusterOptions e = effective();
        return e.dcsUrl == null && e.config.given() ? e.config.load() : null;
    }

    /** The directory of the config file (where a restapi.password may be), or null. */
    Path configDirectory() {
        ClusterOptions e = effective();
        return e.dcsUrl == null ? e.config.directory() : null;
    }

    /** Where the scope came from, for messages. */
    String scopeSource() {
        ClusterOptions e = effective();
        return e.dcsUrl != null ? "--scope" : String.valueOf(e.config.file);
    }

    String scope() {
        ClusterOptions e = effective();
        if (e.dcsUrl != null) {
            e.requireScope();
            return e.scope;
        }
        String fromFile = e.config.load().scope();
        if (fromFile != null) {
            return fromFile;
        }
        if (e.scope == null) {
            throw new PgwardException(Code.BAD_REQUEST, e.config.file + " names no scope (a CLI-only file may leave it"
                    + " out): give --scope with the cluster name");
        }
        return e.scope;
    }

    /** The cluster's key prefix in etcd, {@code /<namespace>/<scope>/}. */
    String keyPrefix() {
        ClusterOptions e = effective();
        if (e.dcsUrl == null) {
            Config c = e.config.load();
            return c.scope() != null ? c.keyPrefix() : prefix(c.namespace(), scope());
        }
        e.requireScope();
        return prefix(e.namespace, e.scope);
    }

    private static String prefix(String namespace, String scope) {
        String ns = namespace.replaceAll("^/+|/+$", "");
        return ns.isEmpty() ? "/" + scope + "/" : "/" + ns + "/" + scope + "/";
    }

    EtcdDcs dcs() {
        return new EtcdDcs(etcdClient(etcdEndpoints(), Duration.ofSeconds(5)), new KeyLayout(keyPrefix()), "pgward-cli", 30);
    }

    /** The etcd endpoints of --dcs-url or of the config file's etcd section, in their order. */
    List<String> etcdEndpoints() {
        ClusterOptions e = effective();
        return e.dcsUrl != null ? List.of(DcsUrl.parse(e.dcsUrl).endpoint()) : e.config.load().etcd().endpoints();
    }

    /** A client for some of {@link #etcdEndpoints()} with this command's credentials and TLS, each call within {@code budget}. */
    EtcdClient etcdClient(List<String> endpoints, Duration budget) {
        ClusterOptions e = effective();
        if (e.dcsUrl != null) {
            DcsUrl url = DcsUrl.parse(e.dcsUrl);
            return new EtcdClient(endpoints, budget, url.username(), url.password(),
                    e.dcsCacert == null ? null : io.pgward.tls.PemTls.client(e.dcsCacert));
        }
        Config c = e.config.load();
        return new EtcdClient(endpoints, budget, c.etcd().username(), c.etcd().password(), EtcdDcs.tls(c.etcd()));
    }

    /**
     * Reads the cluster and fails (exit 2) when etcd holds nothing for it, naming the prefix that was looked at:
     * a wrong scope or namespace would otherwise look like an empty cluster.
     */
    ClusterView requireCluster(EtcdDcs dcs) {
        ClusterView view = dcs.read();
        if (view.members().isEmpty() && !view.configPresent() && !view.hasLeader() && view.initialize() == null) {
            throw new PgwardException(Code.BAD_REQUEST, "no cluster '" + scope() + "' in etcd (nothing under "
                    + keyPrefix() + "): check the scope and namespace (" + scopeSource() + ")");
        }
        return view;
    }

    private void requireScope() {
        if (scope == null) {
            throw new PgwardException(Code.BAD_REQUEST, "--dcs-url needs --scope (the cluster name)");
        }
    }
}
