package io.pgward.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Builds what PostgreSQL actually gets from the node's file and the dynamic configuration (Patroni's precedence). */
public final class EffectiveSettings {

    private EffectiveSettings() {
    }

    /**
     * @param parameters the final GUCs, names in lower case, sorted
     * @param warnings   what was ignored or replaced, and why
     */
    public record Result(Map<String, String> parameters, List<String> warnings) {

        public Result {
            parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * The final GUCs: defaults of the forced GUCs, overridden by the dynamic postgresql.parameters (a forced GUC with
     * an invalid value keeps its default, with a warning), then by the local postgresql.parameters except the forced
     * GUCs (ignored with a warning), then the replication defaults of {@link HealingDefaults} unless set, then archive_mode, archive_command and restore_command when the
     * backup section is set, then listen_addresses and port (from postgresql.listen) and cluster_name (the
     * scope), which nothing overrides.
     */
    public static Result parameters(Config local, DynamicConfig dynamic) {
        Map<String, String> result = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        for (ForcedGuc guc : ForcedGuc.values()) {
            result.put(guc.gucName(), guc.defaultValue());
        }
        String walKeepSegments = null;
        for (Map.Entry<String, String> e : dynamic.pgParameters().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            String value = e.getValue();
            String source = "dynamic postgresql.parameters." + name;
            Optional<ForcedGuc> forced = ForcedGuc.byName(name);
            if (ForcedGuc.FIXED.contains(name)) {
                warnings.add(source + " is ignored: " + fixedSource(name));
            } else if (name.equals(ForcedGuc.WAL_KEEP_SEGMENTS)) {
                walKeepSegments = value;
            } else if (forced.isPresent()) {
                Optional<String> normalised = forced.get().normalise(value);
                if (normalised.isPresent()) {
                    result.put(name, normalised.get());
                } else {
                    warnings.add(source + "='" + value + "' is invalid (it must be " + forced.get().requirement()
                            + "); using the default " + forced.get().defaultValue());
                }
            } else {
                result.put(name, value);
            }
        }
        if (walKeepSegments != null) {
            convertWalKeepSegments(walKeepSegments, dynamic, result, warnings);
        }
        for (Map.Entry<String, String> e : local.postgresql().parameters().entrySet()) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            String source = "local postgresql.parameters." + name;
            if (ForcedGuc.FIXED.contains(name)) {
                warnings.add(source + " is ignored: " + fixedSource(name));
            } else if (ForcedGuc.byName(name).isPresent() || name.equals(ForcedGuc.WAL_KEEP_SEGMENTS)) {
                warnings.add(source + " is ignored: it must be the same on every node, so it is taken from the "
                        + "dynamic configuration only (bootstrap.dcs / edit-config)");
            } else {
                result.put(name, e.getValue());
            }
        }
        HealingDefaults.GUCS.forEach(result::putIfAbsent);
        BackupConfig backup = dynamic.backup();
        if (backup != null) {
            Map<String, String> archive = backup.archiveGucs(local.postgresql().dataDir());
            archive.forEach((name, value) -> {
                String before = result.put(name, value);
                if (before != null && !before.equals(value)) {
                    warnings.add("postgresql.parameters." + name + " is ignored: the backup section is set, so pgward"
                            + " writes it for pgBackRest");
                }
            });
        }
        result.put("listen_addresses", String.join(",", local.postgresql().listenAddresses()));
        result.put("port", String.valueOf(local.postgresql().port()));
        result.put("cluster_name", local.scope());
        return new Result(result, warnings);
    }

    private static String fixedSource(String name) {
        return name.equals("cluster_name") ? "it is always the scope" : "it is always taken from postgresql.listen";
    }

    /** Patroni's conversion for PostgreSQL 13+: wal_keep_size = wal_keep_segments x 16MB, unless wal_keep_size is set. */
    private static void convertWalKeepSegments(String segments, DynamicConfig dynamic, Map<String, String> result,
                                               List<String> warnings) {
        boolean sizeSet = dynamic.pgParameters().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("wal_keep_size"));
        Optional<Long> n = PlainValues.parseLong(segments).filter(v -> v >= 1);
        if (sizeSet) {
            warnings.add("dynamic postgresql.parameters.wal_keep_segments is ignored: wal_keep_size is set");
        } else if (n.isEmpty()) {
            warnings.add("dynamic postgresql.parameters.wal_keep_segments='" + segments + "' is invalid (it must be an "
                    + "integer >= 1); using the default wal_keep_size " + ForcedGuc.WAL_KEEP_SIZE.defaultValue());
        } else {
            result.put("wal_keep_size", n.get() * 16 + "MB");
            warnings.add("dynamic postgresql.parameters.wal_keep_segments=" + segments + " was converted to wal_keep_size="
                    + n.get() * 16 + "MB (wal_keep_segments does not exist since PostgreSQL 13)");
        }
    }

    /** The pg_hba lines to write: the local postgresql.pg_hba if set, else the dynamic one, else null (caller decides). */
    public static List<String> pgHba(Config local, DynamicConfig dynamic) {
        return local.postgresql().pgHba() != null ? local.postgresql().pgHba() : dynamic.pgHba();
    }

    /** The pg_ident lines to write: local if set, else dynamic, else null. */
    public static List<String> pgIdent(Config local, DynamicConfig dynamic) {
        return local.postgresql().pgIdent() != null ? local.postgresql().pgIdent() : dynamic.pgIdent();
    }

    /** GUCs passed as postgres --name=value: the forced ones except wal_keep_size, plus listen_addresses, port, cluster_name. */
    public static Set<String> commandLineGucs() {
        Set<String> names = new TreeSet<>(ForcedGuc.FIXED);
        for (ForcedGuc guc : ForcedGuc.values()) {
            if (guc.onCommandLine()) {
                names.add(guc.gucName());
            }
        }
        return Collections.unmodifiableSet(names);
    }
}
