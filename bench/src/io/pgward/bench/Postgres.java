package io.pgward.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Where PostgreSQL 15 lives and how the harness connects to it (as the superuser, over TCP). */
final class Postgres {

    static final String BIN = "/usr/lib/postgresql/15/bin";
    static final String SU_PASSWORD = "bench-su-secret";

    private Postgres() {
    }

    static Connection connect(int port, int socketTimeout) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("password", SU_PASSWORD);
        p.setProperty("connectTimeout", "1");
        p.setProperty("loginTimeout", "2");
        p.setProperty("socketTimeout", Integer.toString(socketTimeout));
        p.setProperty("sslmode", "disable");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "bench");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }
}
