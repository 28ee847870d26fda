package io.pgward.config;

/**
 * The validated local configuration of one node (YAML file(s) plus PATRONI_* environment), immutable.
 *
 * @param namespace  normalised: no leading or trailing '/', default "service"
 * @param bootstrap  never null; empty if the file has no bootstrap section
 * @param sourceFile the file or directory it was loaded from (or the source name for {@link ConfigLoader#loadString})
 * @param log        Patroni's {@code log} section; defaults when absent
 * @param routing    pgward's own {@code haproxy} and {@code pgbouncer} sections; never null
 */
public record Config(String name, String scope, String namespace, RestApiConfig restapi, EtcdConfig etcd,
                     BootstrapConfig bootstrap, PostgresqlConfig postgresql, Tags tags, String sourceFile,
                     LogConfig log, CtlConfig ctl, RoutingConfig routing) {

    public Config {
        routing = routing == null ? RoutingConfig.none() : routing;
        bootstrap = bootstrap == null ? BootstrapConfig.empty() : bootstrap;
        ctl = ctl == null ? CtlConfig.none() : ctl;
        log = log == null ? LogConfig.defaults() : log;
    }

    public Config(String name, String scope, String namespace, RestApiConfig restapi, EtcdConfig etcd,
                  BootstrapConfig bootstrap, PostgresqlConfig postgresql, Tags tags, String sourceFile) {
        this(name, scope, namespace, restapi, etcd, bootstrap, postgresql, tags, sourceFile, null, null, null);
    }

    /**
     * A file for the CLI only (Patroni's patronictl.yaml shape: etcd3 and ctl, maybe scope and namespace; no node
     * sections). The agent refuses it.
     */
    public boolean cliOnly() {
        return postgresql == null && restapi == null;
    }

    /** The DCS key prefix of this cluster, {@code /<namespace>/<scope>/}, e.g. {@code /service/batman/}. */
    public String keyPrefix() {
        return namespace.isEmpty() ? "/" + scope + "/" : "/" + namespace + "/" + scope + "/";
    }
}
