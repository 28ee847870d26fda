package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.Config;
import io.pgward.config.Credentials;
import io.pgward.dcs.WireFormat;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import io.pgward.ha.Member;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code pgward query}: run SQL on a chosen member, as the superuser of the config file unless {@code -U}.
 * As in patronictl, {@code -c} is the SQL and {@code -d} the database here: give the cluster before the command
 * ({@code pgward -c node1.yml query -c 'select 1'}) or with {@code --config-file}/{@code --dcs-url}.
 */
@Command(name = "query", description = "Run SQL on a member (the leader by default) and print the result.")
final class QueryCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--config-file", paramLabel = "FILE", description = "node configuration (or 'pgward -c FILE query')")
    Path configFile;

    @Option(names = "--dcs-url", description = "etcd URL (with --scope), instead of a config file")
    String dcsUrl;

    @Option(names = "--scope", description = "cluster name (with --dcs-url)")
    String scope;

    @Option(names = "--namespace", defaultValue = "service", description = "key namespace (default ${DEFAULT-VALUE})")
    String namespace;

    @ArgGroup(exclusive = true)
    DsnCommand.Target target = new DsnCommand.Target();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Sql sql;

    /** {@code -c SQL} or {@code -f FILE}. */
    static final class Sql {
        @Option(names = {"-c", "--command"}, paramLabel = "SQL", description = "the SQL to run")
        String command;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "a file of SQL (- for stdin)")
        String file;
    }

    @Option(names = {"-U", "--username"}, description = "database user (default: the superuser of the config file)")
    String user;

    @Option(names = "--password", arity = "0..1", interactive = true,
            description = "database password; without a value it is asked for")
    String password;

    @Option(names = {"-d", "--dbname"}, defaultValue = "postgres", description = "database (default ${DEFAULT-VALUE})")
    String dbname;

    @Option(names = "--format", defaultValue = "pretty", converter = ListCommand.FormatConverter.class,
            description = "pretty, tsv, json or yaml (default ${DEFAULT-VALUE})")
    ListCommand.Format format;

    @Override
    public Integer call() throws IOException {
        ClusterOptions cluster = ClusterOptions.of(configFile, dcsUrl, scope, namespace);
        cluster.fallback = main == null ? null : main.cluster;
        String text = sql.command != null ? sql.command : readSql(sql.file);
        Member m;
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            m = DsnCommand.choose(view, cluster.scope(), target);
        }
        Credentials login = login(user, password, cluster.configOrNull());
        DsnCommand.HostPort hp = DsnCommand.hostPort(m);
        String host = hp.host().contains(":") ? "[" + hp.host() + "]" : hp.host();
        String url = "jdbc:postgresql://" + host + ":" + hp.port() + "/"
                + java.net.URLEncoder.encode(dbname, StandardCharsets.UTF_8);
        Properties props = io.pgward.postgres.PgClient.loginProperties(login);
        props.setProperty("connectTimeout", "5");
        props.setProperty("ApplicationName", "pgward query");
        Connection c;
        try {
            c = DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            throw new PgwardException(Code.POSTGRES_FAILED, "cannot connect to " + m.name() + " (" + hp.host() + ":"
                    + hp.port() + ", database " + dbname + ", user " + login.username() + "): " + e.getMessage()
                    + ("28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())
                    ? " (give the right user with -U and --password)" : ""));
        }
        try (c; Statement st = c.createStatement()) {
            boolean isResult = st.execute(text);
            while (true) {
                if (isResult) {
                    try (ResultSet rs = st.getResultSet()) {
                        System.out.print(render(rs, format));
                    }
                } else if (st.getUpdateCount() >= 0) {
                    if (format == ListCommand.Format.PRETTY) {
                        System.out.println("(" + st.getUpdateCount() + " rows affected)");
                    }
                } else {
                    break;
                }
                isResult = st.getMoreResults();
            }
            return 0;
        } catch (SQLException e) {
            System.err.println("ERROR on " + m.name() + ": " + e.getMessage());
            return 1;
        }
    }

    /** The user and password: -U/--password, else the config file's superuser. */
    static Credentials login(String user, String password, Config config) {
        Credentials superuser = config == null || config.postgresql() == null
                || config.postgresql().authentication() == null ? null
                : config.postgresql().authentication().superuser();
        if (user == null) {
            if (superuser == null) {
                throw new PgwardException(Code.BAD_REQUEST, "no database user: give -U USER (and --password), or"
                        + " the node's config file whose superuser is used");
            }
            return password != null ? superuser.withPassword(password) : superuser;
        }
        if (password == null && superuser != null && user.equals(superuser.username())) {
            return superuser;
        }
        return new Credentials(user, password);
    }

    private static String readSql(String file) throws IOException {
        if (file.equals("-")) {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path p = Path.of(file);
        if (!Files.isReadable(p)) {
            throw new PgwardException(Code.BAD_REQUEST, "cannot read " + p + ": no such file, or not readable");
        }
        return Files.readString(p);
    }

    static String render(ResultSet rs, ListCommand.Format format) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= columns.size(); i++) {
                Object v = rs.getObject(i);
                row.add(v == null || v instanceof Number || v instanceof Boolean ? v : rs.getString(i));
            }
            rows.add(row);
        }
        return render(columns, rows, format);
    }

    /** A result as a table (pretty), tab-separated lines, or a JSON/YAML list of objects. */
    static String render(List<String> columns, List<List<Object>> rows, ListCommand.Format format) {
        return switch (format) {
            case PRETTY -> {
                List<String[]> table = new ArrayList<>();
                table.add(columns.toArray(String[]::new));
                rows.forEach(r -> table.add(r.stream().map(v -> v == null ? "" : v.toString()).toArray(String[]::new)));
                yield Table.render(table);
            }
            case TSV -> {
                StringBuilder b = new StringBuilder(String.join("\t", columns)).append('\n');
                rows.forEach(r -> b.append(String.join("\t", r.stream().map(v -> v == null ? "" : v.toString())
                        .toList())).append('\n'));
                yield b.toString();
            }
            case JSON -> WireFormat.write(objects(columns, rows)) + "\n";
            case YAML -> YamlText.dump(objects(columns, rows));
        };
    }

    private static List<Map<String, Object>> objects(List<String> columns, List<List<Object>> rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (List<Object> r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                m.put(columns.get(i), r.get(i));
            }
            out.add(m);
        }
        return out;
    }
}
