package io.pgward.cli;

import io.pgward.PgwardException;
import io.pgward.PgwardException.Code;
import io.pgward.api.Sizes;
import io.pgward.config.Config;
import io.pgward.config.RuntimeApi;
import io.pgward.dcs.etcd.EtcdDcs;
import io.pgward.ha.ClusterView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code pgward haproxy-config}: an HAProxy configuration routing clients to the primary and to the replicas. */
@Command(name = "haproxy-config", description = "Write an HAProxy configuration for the cluster: a read-write port"
        + " to the primary (checks GET /primary) and a read-only port to the replicas (checks GET /replica?lag=N),"
        + " with check intervals derived from loop_wait.")
final class HaproxyConfigCommand implements Callable<Integer> {

    @Mixin
    ClusterOptions cluster;

    @Option(names = "--rw-port", paramLabel = "PORT", defaultValue = "5000", description = "read-write port (default ${DEFAULT-VALUE})")
    int rwPort;

    @Option(names = "--ro-port", paramLabel = "PORT", defaultValue = "5001", description = "read-only port (default ${DEFAULT-VALUE})")
    int roPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "*", description = "address HAProxy listens on (default ${DEFAULT-VALUE},"
            + " all)")
    String bind;

    @Option(names = "--lag", paramLabel = "SIZE", description = "replicas further behind than this leave the"
            + " read-only port: bytes or 16kB, 10MB, 1GB (default: maximum_lag_on_failover)")
    String lag;

    @Option(names = "--rw-check", paramLabel = "PATH", defaultValue = "/primary", description = "endpoint the read-write backend checks:"
            + " /primary or /leader (default ${DEFAULT-VALUE})")
    String rwCheck;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "CA file HAProxy verifies the REST API's"
            + " certificates with, when the members' api_url is https (default: ctl.cacert of the config file)")
    String caFile;

    @Option(names = "--tls-no-verify", description = "check an https REST API without verifying its certificate")
    boolean tlsNoVerify;

    @Option(names = "--client-cert", paramLabel = "FILE", description = "PEM file with a client certificate and its"
            + " key, for a REST API that requires client certificates (restapi.verify_client)")
    String clientCert;

    @Option(names = "--stats-socket", paramLabel = "PATH|HOST:PORT", description = "add HAProxy's runtime API"
            + " (stats socket ... level admin) here: a Unix socket path or host:port, for the agents' haproxy.runtime_api"
            + " (role changes reach HAProxy at once instead of at its next check)")
    String statsSocket;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write here (replaced whole) instead of"
            + " standard output")
    Path output;

    @Override
    public Integer call() {
        try (EtcdDcs dcs = cluster.dcs()) {
            ClusterView view = cluster.requireCluster(dcs);
            String text = render(cluster.scope(), view, options(view));
            if (output == null) {
                System.out.print(text);
            } else {
                write(output, text);
                System.err.println("wrote " + output);
            }
            return 0;
        }
    }

    HaproxyConfig.Options options(ClusterView view) {
        long maxLag = view.config().maximumLagOnFailover();
        if (lag != null) {
            maxLag = Sizes.parseBytes(lag);
            if (maxLag < 0) {
                throw new PgwardException(Code.BAD_REQUEST, "--lag '" + lag + "' is not a size: give bytes or a"
                        + " number with kB, MB, GB or TB, e.g. --lag 16MB");
            }
        }
        String ca = caFile;
        if (ca == null && !tlsNoVerify) {
            Config c = cluster.configOrNull();
            ca = c == null ? null : c.ctl().cacert();
        }
        if (ca != null && !Files.isReadable(Path.of(ca))) {
            System.err.println("pgward: warning: CA file " + ca + " is not readable here; HAProxy must find it at"
                    + " that path on its host");
        }
        RuntimeApi socket = null;
        if (statsSocket != null) {
            try {
                socket = RuntimeApi.parse(statsSocket);
            } catch (IllegalArgumentException e) {
                throw new PgwardException(Code.BAD_REQUEST, "--stats-socket: " + e.getMessage());
            }
        }
        return new HaproxyConfig.Options(bind, rwPort, roPort, maxLag, rwCheck,
                new HaproxyConfig.Tls(ca, tlsNoVerify, clientCert), socket);
    }

    static String render(String scope, ClusterView view, HaproxyConfig.Options options) {
        List<String> skipped = new ArrayList<>();
        List<HaproxyConfig.Server> servers = HaproxyConfig.servers(view.members(), skipped);
        skipped.forEach(s -> System.err.println("pgward: warning: left out member " + s));
        return HaproxyConfig.render(scope, servers, skipped, view.config().loopWait(), options);
    }

    /** Writes beside the target and renames, so HAProxy never reads half a file. */
    private static void write(Path target, String text) {
        Path abs = target.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".pgward-tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the first failure is the one to report
            }
            throw new PgwardException(Code.OS_FAILED, "cannot write " + target + ": " + e.getMessage());
        }
    }
}
