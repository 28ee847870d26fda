package io.pgward.config;

import java.util.List;

/** Reads the whole local configuration tree into a {@link Config}, reporting every problem on the way. */
final class ConfigBinder {

    static final String SYNC_PLACEHOLDER = "__patroni_strict_sync_replica_placeholder__";
    private static final String DEFAULT_NAMESPACE = "service";

    /** Cluster-wide keys people put at the top level of the node's file, where Patroni ignores them. */
    private static final List<String> DYNAMIC_ONLY = List.of("ttl", "loop_wait", "retry_timeout",
            "maximum_lag_on_failover", "maximum_lag_on_syncnode", "primary_start_timeout", "primary_stop_timeout",
            "master_start_timeout", "master_stop_timeout", "primary_race_backoff", "synchronous_mode",
            "synchronous_mode_strict", "synchronous_node_count", "check_timeline", "max_timelines_history",
            "failsafe_mode", "hold_commits_without_etcd", "pause", "slots", "ignore_slots", "member_slots_ttl", "standby_cluster");

    private ConfigBinder() {
    }

    /** The configuration, or null when an error was reported. */
    static Config bind(YNode.Mapping tree, String sourceFile, Problems problems) {
        return bind(tree, sourceFile, problems, false);
    }

    /**
     * @param allowCliOnly accept a file with neither {@code restapi} nor {@code postgresql} as the CLI's own
     *                     (Patroni's patronictl.yaml: etcd3 and ctl)
     */
    static Config bind(YNode.Mapping tree, String sourceFile, Problems problems, boolean allowCliOnly) {
        Section root = Section.root(tree, "", problems, Placement.FILE);
        if (allowCliOnly && !tree.entries().containsKey("restapi") && !tree.entries().containsKey("postgresql")) {
            return bindCliOnly(root, sourceFile, problems);
        }
        String name = root.requiredString("name", "this node's name, unique in the cluster");
        if (name != null) {
            checkName(root, name);
        }
        String scope = root.requiredString("scope", "the cluster's name");
        if (scope != null && scope.isBlank()) {
            root.error("scope", "must not be empty");
        }
        String namespace = namespace(root.strictString("namespace"));
        root.integer("thread_pool_size", 5, Integer.MAX_VALUE);
        root.accept("thread_stack_size");

        RestApiConfig restapi = RestApiBinder.bind(root.requiredSection("restapi",
                "listen and connect_address of this node's REST API"));
        EtcdConfig etcd = EtcdBinder.bind(root);
        PostgresqlConfig postgresql = PostgresqlBinder.bind(root.requiredSection("postgresql",
                "listen, connect_address, data_dir and authentication of this node's PostgreSQL"));
        Section bootstrapSection = root.section("bootstrap");
        BootstrapConfig bootstrap = BootstrapBinder.bind(bootstrapSection);
        refuseLegacyHbaAlone(bootstrapSection, postgresql, bootstrap);
        Tags tags = TagsBinder.bind(root.section("tags"));
        LogConfig log = LogBinder.bind(root.section("log"));
        CtlConfig ctl = OtherSections.ctl(root.section("ctl"));
        OtherSections.watchdog(root.section("watchdog"));
        RoutingConfig routing = RoutingBinder.bind(root);
        if (root.has("citus")) {
            root.error("citus", NotImplemented.CITUS);
            root.accept("citus");
        }
        for (String key : DYNAMIC_ONLY) {
            root.misplaced(key, "Patroni ignores " + key + " at the top level of the node's file: it is a "
                    + "cluster-wide setting; put it in bootstrap.dcs (used when the cluster is created) or change "
                    + "it with edit-config");
        }
        root.finish();
        if (problems.hasErrors()) {
            return null;
        }
        return new Config(name, scope, namespace, restapi, etcd, bootstrap, postgresql, tags, sourceFile, log, ctl,
                routing);
    }

    /** The CLI's own file: where etcd is and how to reach the REST API; scope and name are optional. */
    private static Config bindCliOnly(Section root, String sourceFile, Problems problems) {
        String name = root.string("name");
        String scope = root.string("scope");
        if (scope != null && scope.isBlank()) {
            root.error("scope", "must not be empty");
        }
        String namespace = namespace(root.strictString("namespace"));
        EtcdConfig etcd = EtcdBinder.bind(root);
        CtlConfig ctl = OtherSections.ctl(root.section("ctl"));
        LogConfig log = LogBinder.bind(root.section("log"));
        for (String nodeOnly : List.of("bootstrap", "tags", "watchdog", "citus", "thread_pool_size", "thread_stack_size",
                "haproxy", "pgbouncer")) {
            root.accept(nodeOnly);
        }
        root.finish();
        if (problems.hasErrors()) {
            return null;
        }
        return new Config(name, scope, namespace, null, etcd, null, null, null, sourceFile, log, ctl, null);
    }

    private static void checkName(Section root, String name) {
        if (name.isBlank()) {
            root.error("name", "must not be empty");
        } else if (name.equals(SYNC_PLACEHOLDER)) {
            root.error("name", "'" + SYNC_PLACEHOLDER + "' is reserved (strict synchronous mode uses it)");
        } else if (name.contains("/")) {
            root.error("name", "must not contain '/' (it is part of the DCS key members/<name>), found '" + name + "'");
        }
    }

    /**
     * Patroni appends bootstrap.pg_hba to initdb's pg_hba.conf when nothing else sets pg_hba; pgward does not read
     * it, so alone it would leave the cluster with other rules than the operator wrote: refused until it is moved.
     */
    @SuppressWarnings("unchecked")
    private static void refuseLegacyHbaAlone(Section bootstrapSection, PostgresqlConfig postgresql,
                                             BootstrapConfig bootstrap) {
        if (!bootstrapSection.has("pg_hba") || postgresql == null || postgresql.pgHba() != null) {
            return;
        }
        Object dcsPostgresql = bootstrap.dcs().get("postgresql");
        if (dcsPostgresql instanceof java.util.Map<?, ?> m && m.get("pg_hba") != null) {
            return;
        }
        bootstrapSection.error("pg_hba", "bootstrap.pg_hba is the only pg_hba of this file and pgward does not read"
                + " it there (Patroni appends it to initdb's pg_hba.conf): move it to postgresql.pg_hba or"
                + " bootstrap.dcs.postgresql.pg_hba, so the rules you wrote are the rules PostgreSQL gets");
    }

    /** "/service/" -> "service"; slashes at both ends dropped, repeated ones collapsed; null -> "service". */
    static String namespace(String raw) {
        if (raw == null) {
            return DEFAULT_NAMESPACE;
        }
        return raw.replaceAll("/+", "/").replaceAll("^/|/$", "");
    }
}
