package io.pgward.config;

import java.util.List;
import java.util.Map;

/** The {@code bootstrap} section. */
final class BootstrapBinder {

    private BootstrapBinder() {
    }

    static BootstrapConfig bind(Section b) {
        Section dcs = b.section("dcs");
        DynamicValidator.validate(dcs);
        @SuppressWarnings("unchecked")
        Map<String, Object> dcsMap = (Map<String, Object>) dcs.mapping().toPlain();
        BootstrapMethod custom = method(b, dcs.has("backup"));
        List<String> initdb = ToolOptions.INITDB.read(b, "initdb");
        String postBootstrap = b.string("post_bootstrap");
        String postInit = b.string("post_init");
        if (postBootstrap != null && postInit != null) {
            b.warning("post_init", "both post_bootstrap and post_init are set; post_bootstrap is used (post_init is "
                    + "its older name)");
        }
        if (b.has("users")) {
            b.warning("users", "bootstrap.users was removed in Patroni 4 and is ignored; create users in the "
                    + "bootstrap.post_bootstrap script");
        }
        if (b.has("pg_hba")) {
            HbaListReader.read(b, "pg_hba");
            b.warning("pg_hba", "bootstrap.pg_hba is Patroni's legacy place for pg_hba and pgward does not use it; "
                    + "move it to postgresql.pg_hba (or bootstrap.dcs.postgresql.pg_hba)");
        }
        b.misplaced("postgresql", "Patroni ignores bootstrap.postgresql: settings for every node belong in "
                + "bootstrap.dcs.postgresql, this node's own settings in postgresql");
        b.finish();
        return new BootstrapConfig(dcsMap, initdb, postBootstrap != null ? postBootstrap : postInit, custom);
    }

    /** Keys of a method's section that are not passed to its command. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("command", "no_params",
            "keep_existing_recovery_conf", "recovery_conf", "scope", "datadir");

    /** A custom bootstrap method, or null for initdb. */
    private static BootstrapMethod method(Section b, boolean backupSection) {
        String name = b.string("method");
        if (name == null || name.equals("initdb")) {
            return null;
        }
        if (!b.has(name)) {
            b.error("method", "bootstrap.method is '" + name + "' but there is no bootstrap." + name
                    + " section (with its command)");
            return null;
        }
        Section m = b.section(name);
        String command = m.string("command");
        if (command == null || command.isBlank()) {
            if (!name.equals(ReplicaMethod.PGBACKREST)) {
                m.problems().error(m.origin(), m.path(), "bootstrap." + name + " has no command: Patroni would quietly"
                        + " run initdb instead, pgward refuses; give the command that restores the data directory");
            } else if (!backupSection) {
                m.problems().error(m.origin(), m.path(), "bootstrap.pgbackrest without a command restores from the"
                        + " backup section, and bootstrap.dcs has none: add bootstrap.dcs.backup, or a command");
            }
            command = null;
        }
        boolean keep = m.bool("keep_existing_recovery_conf", false);
        boolean noParams = m.bool("no_params", false);
        Map<String, String> recovery = ParametersReader.read(m, "recovery_conf", false);
        Map<String, String> options = MethodArguments.read(m, RESERVED);
        m.accept("scope", "datadir");
        if (command == null && keep && name.equals(ReplicaMethod.PGBACKREST)) {
            m.error("keep_existing_recovery_conf", "pgward's own pgbackrest restore writes no recovery settings to"
                    + " keep: give them in recovery_conf");
        }
        return new BootstrapMethod(name, command, keep, noParams, options, recovery == null ? Map.of() : recovery);
    }
}
