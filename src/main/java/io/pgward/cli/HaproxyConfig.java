package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.config.RuntimeApi;
import io.pgward.ha.Member;
import io.pgward.routing.HaproxyNames;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HAProxy configuration {@code pgward haproxy-config} writes: a pure function of the members, {@code loop_wait}
 * and the operator's options. A read-write port whose backend checks each member's {@code GET /primary} (or
 * {@code /leader}) and a read-only port whose backend checks {@code GET /replica?lag=N}; clients connect to
 * PostgreSQL through them, HAProxy asks the REST API which server may take them.
 */
final class HaproxyConfig {

    private HaproxyConfig() {}

    /** The read-write endpoints a load balancer may check (both Patroni's). */
    static final List<String> RW_ENDPOINTS = List.of("/primary", "/leader");

    /**
     * What the operator chose.
     *
     * @param bind        address the two ports listen on ({@code *} for all)
     * @param maxLagBytes the replicas' lag limit for the read-only port
     * @param rwEndpoint  {@code /primary} or {@code /leader}
     * @param tls         how to check members whose REST API is HTTPS
     * @param statsSocket where HAProxy's runtime API listens (for the agents' role change notices), or null for none
     */
    record Options(String bind, int rwPort, int roPort, long maxLagBytes, String rwEndpoint, Tls tls,
                   RuntimeApi statsSocket) {
        Options(String bind, int rwPort, int roPort, long maxLagBytes, String rwEndpoint, Tls tls) {
            this(bind, rwPort, roPort, maxLagBytes, rwEndpoint, tls, null);
        }
    }

    /**
     * Health checks over TLS, for members whose {@code api_url} is https.
     *
     * @param caFile     CA that signed the REST certificates (HAProxy verifies with it); null with noVerify
     * @param noVerify   the operator asked for {@code verify none}
     * @param clientCert PEM file holding a client certificate and its key (REST with verify_client), or null
     */
    record Tls(String caFile, boolean noVerify, String clientCert) {
        static final Tls NONE = new Tls(null, false, null);
    }

    /**
     * HAProxy's check timing, in milliseconds, derived from {@code loop_wait} (see {@link #fromLoopWait}).
     *
     * @param inter     between checks of a server that is up
     * @param fastInter between checks of a server going up or down (after its first changed answer)
     * @param downInter between checks of a server that is down (where the next primary comes from)
     */
    record Timing(int inter, int fastInter, int downInter, int rwRise, int rwFall, int roRise, int roFall) {

        /**
         * {@code inter} is a tenth of {@code loop_wait}, within 1 to 3 s: an agent's answer changes when it acts,
         * at least once a loop, so ten checks a loop keep HAProxy's share of a demotion to a tenth of one.
         * {@code fastinter} and {@code downinter} are half of {@code inter}: a new primary (a server that is down
         * for the read-write backend) is found within half a second at the default {@code loop_wait} of 10 s.
         * Read-write: {@code rise 1}, since a 200 from {@code /primary} comes only from the node that holds the
         * leader lease and runs read-write; {@code fall 2}, so one lost check does not cut the primary's sessions.
         * Read-only: {@code rise 2}, {@code fall 2}, so a replica near the lag limit does not flap.
         */
        static Timing fromLoopWait(int loopWaitSeconds) {
            if (loopWaitSeconds < 1) {
                throw new PgwardException(Code.BAD_REQUEST, "loop_wait of the dynamic configuration is "
                        + loopWaitSeconds + " s: it must be at least 1 s");
            }
            int inter = Math.max(1000, Math.min(3000, loopWaitSeconds * 100));
            int fast = inter / 2;
            return new Timing(inter, fast, fast, 1, 2, 2, 2);
        }
    }

    /**
     * One member as HAProxy sees it: where PostgreSQL listens and where its REST API answers.
     *
     * @param id     the HAProxy server name (the member's name, or a cleaned copy of it)
     */
    record Server(String member, String id, String pgHost, int pgPort, String apiHost, int apiPort, boolean https) {}

    /** The servers of the members that publish both a conn_url and an api_url; the others go to {@code skipped}. */
    static List<Server> servers(List<Member> members, List<String> skipped) {
        List<Server> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Member m : members) {
            if (m.connUrl() == null || m.apiUrl() == null) {
                skipped.add(m.name() + " (publishes no " + (m.connUrl() == null ? "conn_url" : "api_url") + ")");
                continue;
            }
            URI pg = uri(m, "conn_url", m.connUrl());
            URI api = uri(m, "api_url", m.apiUrl());
            String scheme = api.getScheme() == null ? "" : api.getScheme();
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new PgwardException(Code.BAD_REQUEST, "member " + m.name() + " publishes api_url " + m.apiUrl()
                        + ", which is neither http nor https");
            }
            String id = HaproxyNames.id(m.name());
            String unique = id;
            for (int i = 2; !ids.add(unique); i++) {
                unique = id + "-" + i;
            }
            out.add(new Server(m.name(), unique, host(pg), pg.getPort() > 0 ? pg.getPort() : 5432, host(api),
                    api.getPort() > 0 ? api.getPort() : scheme.equals("https") ? 443 : 80, scheme.equals("https")));
        }
        return out;
    }

    private static URI uri(Member m, String key, String value) {
        try {
            URI u = URI.create(value);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new PgwardException(Code.BAD_REQUEST, "member " + m.name() + " publishes " + key + " '" + value
                    + "', which has no host: " + e.getMessage());
        }
    }

    private static String host(URI u) {
        String h = u.getHost();
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    /** The whole configuration text. */
    static String render(String scope, List<Server> servers, List<String> skipped, int loopWait, Options o) {
        if (servers.isEmpty()) {
            throw new PgwardException(Code.BAD_REQUEST, "cluster " + scope + " has no member with a conn_url and an"
                    + " api_url in etcd" + (skipped.isEmpty() ? "" : " (skipped: " + String.join(", ", skipped) + ")")
                    + ": start the agents first");
        }
        check(o, servers);
        Timing t = Timing.fromLoopWait(loopWait);
        StringBuilder b = new StringBuilder();
        b.append("# HAProxy configuration for the pgward cluster ").append(scope)
                .append(", written by pgward haproxy-config.\n")
                .append("# Read-write clients connect to port ").append(o.rwPort()).append(", read-only clients to port ")
                .append(o.roPort()).append(".\n")
                .append("# Check timing derived from loop_wait=").append(loopWait)
                .append(" s; pgward's docs/routing-and-monitoring.md explains it.\n")
                .append("# Run the command again after members are added or removed.\n");
        for (String s : skipped) {
            b.append("# left out: member ").append(s).append('\n');
        }
        b.append("\nglobal\n")
                .append("    maxconn 1000\n");
        if (o.statsSocket() != null) {
            // level admin: the agents force servers' health through it when their role changes
            b.append("    stats socket ").append(o.statsSocket().haproxyAddress())
                    .append(o.statsSocket().socket() != null ? " mode 600" : "").append(" level admin\n");
        }
        b.append("\ndefaults\n")
                .append("    mode tcp\n")
                .append("    retries 2\n")
                .append("    option redispatch 1\n")
                .append("    timeout connect 4s\n")
                .append("    timeout client 30m\n")
                .append("    timeout server 30m\n")
                .append("    timeout check ").append(ms(t.inter())).append('\n');
        String name = HaproxyNames.id(scope);
        section(b, name + "_rw", HaproxyNames.primaryBackend(scope), o.bind(), o.rwPort(), o.rwEndpoint(), t.rwRise(),
                t.rwFall(), t, servers, o.tls());
        section(b, name + "_ro", HaproxyNames.replicaBackend(scope), o.bind(), o.roPort(), "/replica?lag=" + o.maxLagBytes(),
                t.roRise(), t.roFall(), t, servers, o.tls());
        return b.toString();
    }

    private static void section(StringBuilder b, String frontend, String backend, String bind, int port, String check,
                                int rise, int fall, Timing t, List<Server> servers, Tls tls) {
        b.append("\nfrontend ").append(frontend).append('\n')
                .append("    bind ").append(bind).append(':').append(port).append('\n')
                .append("    default_backend ").append(backend).append('\n')
                .append("\nbackend ").append(backend).append('\n')
                .append("    option httpchk GET ").append(check).append('\n')
                .append("    http-check expect status 200\n")
                .append("    default-server inter ").append(ms(t.inter())).append(" fastinter ").append(ms(t.fastInter()))
                .append(" downinter ").append(ms(t.downInter())).append(" rise ").append(rise).append(" fall ")
                .append(fall).append(" on-marked-down shutdown-sessions\n");
        for (Server s : servers) {
            b.append("    server ").append(s.id()).append(' ').append(address(s.pgHost())).append(':').append(s.pgPort())
                    .append(" check");
            if (!s.apiHost().equals(s.pgHost())) {
                b.append(" addr ").append(s.apiHost());
            }
            b.append(" port ").append(s.apiPort());
            if (s.https()) {
                b.append(" check-ssl");
                if (tls.noVerify()) {
                    b.append(" verify none");
                } else {
                    b.append(" verify required ca-file ").append(tls.caFile());
                    if (!isAddress(s.apiHost())) {
                        b.append(" check-sni ").append(s.apiHost()).append(" verifyhost ").append(s.apiHost());
                    }
                }
                if (tls.clientCert() != null) {
                    b.append(" crt ").append(tls.clientCert());
                }
            }
            if (!s.id().equals(s.member())) {
                b.append("  # member '").append(s.member().replace("\n", " ")).append('\'');
            }
            b.append('\n');
        }
    }

    /** Refuses options that cannot give a working file, naming the option. */
    static void check(Options o, List<Server> servers) {
        for (int[] p : new int[][] {{o.rwPort(), 0}, {o.roPort(), 1}}) {
            if (p[0] < 1 || p[0] > 65535) {
                throw new PgwardException(Code.BAD_REQUEST, (p[1] == 0 ? "--rw-port " : "--ro-port ") + p[0]
                        + " is not a TCP port (1-65535)");
            }
        }
        if (o.rwPort() == o.roPort()) {
            throw new PgwardException(Code.BAD_REQUEST, "--rw-port and --ro-port are both " + o.rwPort()
                    + ": the read-write and the read-only port must differ");
        }
        if (o.maxLagBytes() < 0) {
            throw new PgwardException(Code.BAD_REQUEST, "--lag must not be negative");
        }
        if (!RW_ENDPOINTS.contains(o.rwEndpoint())) {
            throw new PgwardException(Code.BAD_REQUEST, "--rw-check " + o.rwEndpoint() + " is not one of "
                    + String.join(", ", RW_ENDPOINTS));
        }
        if (o.bind() == null || o.bind().isBlank() || o.bind().chars().anyMatch(Character::isWhitespace)) {
            throw new PgwardException(Code.BAD_REQUEST, "--bind '" + o.bind() + "' is not an address (e.g. *, 0.0.0.0,"
                    + " 10.0.0.5)");
        }
        Tls tls = o.tls();
        if (tls.noVerify() && tls.caFile() != null) {
            throw new PgwardException(Code.BAD_REQUEST, "--ca-file and --tls-no-verify contradict each other: give"
                    + " one");
        }
        List<String> https = servers.stream().filter(Server::https).map(Server::member).toList();
        if (!https.isEmpty() && !tls.noVerify() && tls.caFile() == null) {
            throw new PgwardException(Code.BAD_REQUEST, "the REST API of " + String.join(", ", https) + " is https:"
                    + " give --ca-file FILE (the CA that signed the REST certificates; ctl.cacert of the config file is"
                    + " used when set), or --tls-no-verify to check without verifying them");
        }
        for (String file : new String[] {tls.caFile(), tls.clientCert()}) {
            if (file != null && (file.isBlank() || file.chars().anyMatch(Character::isWhitespace))) {
                throw new PgwardException(Code.BAD_REQUEST, "'" + file + "': HAProxy's configuration cannot name a"
                        + " file whose path is empty or holds white space");
            }
        }
    }

    /** HAProxy's address syntax: an IPv6 address with a port needs the {@code ipv6@} prefix. */
    static String address(String host) {
        return host.contains(":") ? "ipv6@" + host : host;
    }

    private static boolean isAddress(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String ms(int millis) {
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
