package io.pgward.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The node-local {@code postgresql} section. */
final class PostgresqlBinder {

    static final List<String> USER_KEYS = List.of("username", "password", "sslmode", "sslkey", "sslpassword",
            "sslcert", "sslrootcert", "sslcrl", "sslcrldir", "sslnegotiation", "gssencmode", "channel_binding");
    static final List<String> CALLBACKS = List.of("on_reload", "on_restart", "on_role_change", "on_start", "on_stop");
    private static final List<String> ROLE_SUFFIXES = List.of("_primary", "_replica", "_standby_leader");

    private PostgresqlBinder() {
    }

    static PostgresqlConfig bind(Section s) {
        Listen listen = listen(s);
        HostPort connect = null;
        if (!s.has("connect_address")) {
            s.missing("connect_address", "key", "host:port other nodes use to reach this PostgreSQL");
        } else {
            connect = s.hostPort("connect_address");
            if (connect != null) {
                Addresses.checkConnectable(s, "connect_address", connect);
            }
        }
        if (s.hostPort("proxy_address") != null) {
            s.unused("proxy_address", "no proxy_url is published in the member key");
        }
        Path dataDir = dataDir(s);
        Path configDir = path(s, "config_dir");
        String binDirText = s.file("bin_dir", FileChecks.Kind.POSTGRES_BIN_DIR);
        if (binDirText == null || binDirText.isBlank()) {
            s.problems().fileReference(new FileChecks.Reference(s.origin(), s.path("bin_dir"), "",
                    FileChecks.Kind.POSTGRES_ON_PATH));
        }
        Path binDir = binDirText == null || binDirText.isBlank() ? null : Path.of(binDirText);
        Path pgpass = path(s, "pgpass");
        Authentication auth = AuthBinder.bind(s);
        Map<String, String> parameters = ParametersReader.read(s, "parameters", false);
        List<String> pgHba = HbaListReader.read(s, "pg_hba");
        List<String> pgIdent = HbaListReader.read(s, "pg_ident");
        for (String suffix : ROLE_SUFFIXES) {
            ParametersReader.read(s, "parameters" + suffix, false);
            HbaListReader.read(s, "pg_hba" + suffix);
            HbaListReader.read(s, "pg_ident" + suffix);
            String role = suffix.substring(1);
            s.unused("parameters" + suffix, "the same parameters are used in every role");
            s.unused("pg_hba" + suffix, "postgresql.pg_hba is used as " + role + " too");
            s.unused("pg_ident" + suffix, "postgresql.pg_ident is used as " + role + " too");
        }
        List<ReplicaMethod> methods = replicaMethods(s);
        List<String> basebackup = ToolOptions.BASEBACKUP.read(s, "basebackup");
        List<String> rewind = ToolOptions.REWIND.read(s, "rewind");
        Boolean usePgRewind = s.bool("use_pg_rewind");
        Boolean removeOnRewindFailure = s.bool("remove_data_directory_on_rewind_failure");
        Boolean removeOnDiverged = s.bool("remove_data_directory_on_diverged_timelines");
        int pgCtlTimeout = s.integer("pg_ctl_timeout", PostgresqlConfig.DEFAULT_PG_CTL_TIMEOUT, 0, Integer.MAX_VALUE);
        Map<String, String> callbacks = callbacks(s.section("callbacks"));
        for (String hook : List.of(PostgresqlConfig.PRE_PROMOTE, PostgresqlConfig.BEFORE_STOP)) {
            String command = s.string(hook);
            if (command != null && !command.isBlank()) {
                callbacks.put(hook, command);
            }
        }
        notUsed(s);
        s.finish();
        if (listen == null || dataDir == null) {
            return null;
        }
        return new PostgresqlConfig(listen.hosts(), listen.port(), connect, dataDir, configDir, binDir, pgpass, auth,
                parameters, pgHba, pgIdent, methods, basebackup, usePgRewind, removeOnRewindFailure, removeOnDiverged,
                pgCtlTimeout, callbacks, rewind);
    }

    /** postgresql.listen: "ip[,ip2,...]:port"; IPv6 addresses may be in brackets. */
    record Listen(List<String> hosts, int port) {
    }

    static Listen parseListen(String text) {
        int colon = text.lastIndexOf(':');
        String port = colon < 0 ? "" : text.substring(colon + 1).strip();
        if (colon < 0 || !port.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("expected ip[,ip2,...]:port, found '" + text + "'");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " in '" + text + "' is out of range 1..65535");
        }
        List<String> hosts = new ArrayList<>();
        for (String host : text.substring(0, colon).split(",")) {
            String h = host.strip().replaceAll("^\\[|]$", "");
            if (h.isEmpty()) {
                throw new IllegalArgumentException("empty address in '" + text + "' (use * or 0.0.0.0 for all)");
            }
            hosts.add(h);
        }
        return new Listen(hosts, p);
    }

    private static Listen listen(Section s) {
        if (!s.has("listen")) {
            s.missing("listen", "key", "ip[,ip2]:port PostgreSQL listens on, e.g. 0.0.0.0:5432");
            return null;
        }
        String text = s.string("listen");
        try {
            return text == null ? null : parseListen(text);
        } catch (IllegalArgumentException e) {
            s.error("listen", e.getMessage());
            return null;
        }
    }

    private static Path dataDir(Section s) {
        if (!s.has("data_dir")) {
            s.missing("data_dir", "key", "the PostgreSQL data directory, an absolute path");
            return null;
        }
        String text = s.string("data_dir");
        if (text == null) {
            return null;
        }
        if (!text.startsWith("/")) {
            s.error("data_dir", "must be an absolute path, found '" + text + "' (a relative path would depend on "
                    + "the directory pgward is started from)");
            return null;
        }
        return Path.of(text);
    }

    private static Path path(Section s, String key) {
        String text = s.string(key);
        return text == null || text.isBlank() ? null : Path.of(text);
    }

    private static List<ReplicaMethod> replicaMethods(Section s) {
        List<String> names = s.strings("create_replica_methods");
        if (names == null) {
            return null;
        }
        List<ReplicaMethod> methods = new ArrayList<>();
        for (String name : names) {
            methods.add(name.equals(ReplicaMethod.BASEBACKUP) ? ReplicaMethod.basebackup() : replicaMethod(s, name));
        }
        return methods;
    }

    /** A custom method's section ({@code postgresql.<name>}): its command, flags and the parameters it passes. */
    private static ReplicaMethod replicaMethod(Section s, String name) {
        Section m = s.section(name);
        String command = m.string("command");
        if (command != null && command.isBlank()) {
            m.error("command", "must not be empty: it is the program that creates the replica");
        }
        boolean keepData = m.bool("keep_data", false);
        boolean noParams = m.bool("no_params", false);
        boolean noLeader = m.bool("no_leader", false) || m.bool("no_master", false);
        Map<String, String> options = MethodArguments.read(m, java.util.Set.of("command"));
        return new ReplicaMethod(name, command, keepData, noParams, noLeader, options);
    }

    private static Map<String, String> callbacks(Section c) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : CALLBACKS) {
            String command = c.string(name);
            if (command != null) {
                result.put(name, command);
            }
        }
        c.finish();
        return result;
    }

    private static void notUsed(Section s) {
        s.unused("recovery_conf", "its settings are not written; use restore_command etc. in parameters");
        s.unused("custom_conf", "pgward keeps the initdb postgresql.conf as the base configuration");
        s.unused("bin_name", "the standard binary names in bin_dir are used");
        s.unused("krbsrvname", "connections do not use Kerberos");
        for (String key : List.of("use_unix_socket", "use_unix_socket_repl")) {
            if (Boolean.TRUE.equals(s.bool(key))) {
                s.warning(key, key + " is accepted for compatibility, not used by pgward (it connects to PostgreSQL "
                        + "over TCP, so pg_hba must allow host connections from this node)");
            }
        }
        if (s.has("use_slots")) {
            s.warning("use_slots", "Patroni ignores postgresql.use_slots in the node's file: it is a cluster-wide "
                    + "setting; set it in bootstrap.dcs.postgresql.use_slots (or with edit-config)");
        }
        for (String old : List.of("superuser", "replication")) {
            s.misplaced(old, "the old place for the " + old + " user; put it under postgresql.authentication." + old);
        }
    }
}
