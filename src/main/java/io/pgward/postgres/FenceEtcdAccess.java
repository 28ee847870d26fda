package io.pgward.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgward.config.EtcdConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the fence needs to revoke a dead agent's lease through etcd's v3 JSON gateway with curl: the agent's endpoints
 * (tried in order), its TLS files and the body of {@code /v3/auth/authenticate}. Rendered as one line per item,
 * "{@code <item> <value>}", for the fence to read with bash builtins; the file holds the etcd password, so it is
 * written with mode 0600 and never passed on a command line.
 */
public record FenceEtcdAccess(List<String> endpoints, String cacert, String cert, String key, String authBody) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public FenceEtcdAccess {
        endpoints = List.copyOf(endpoints);
    }

    /**
     * The access for this etcd configuration, or the reason there is none: the fence then does without (the lease of a
     * dead agent runs out by itself).
     */
    public static Result of(EtcdConfig etcd, Optional<java.nio.file.Path> curl) {
        if (curl.isEmpty()) {
            return Result.off("curl is not installed (the fence needs it to revoke a dead agent's etcd lease)");
        }
        boolean https = "https".equals(etcd.protocol());
        String auth = null;
        if (etcd.username() != null) {
            ObjectNode body = JSON.createObjectNode().put("name", etcd.username())
                    .put("password", etcd.password() == null ? "" : etcd.password());
            auth = body.toString();
        }
        FenceEtcdAccess access = new FenceEtcdAccess(etcd.endpoints(), https ? etcd.cacert() : null,
                https ? etcd.cert() : null, https ? etcd.key() : null, auth);
        for (String line : access.lines()) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                return Result.off("an etcd3 setting holds a line break: " + line.substring(0, line.indexOf(' ')));
            }
        }
        return Result.on(access);
    }

    /** The file's lines, without line ends. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        endpoints.forEach(e -> lines.add("endpoint " + e));
        add(lines, "cacert", cacert);
        add(lines, "cert", cert);
        add(lines, "key", key);
        add(lines, "auth", authBody);
        return lines;
    }

    /** The file's content. */
    public String render() {
        return String.join("\n", lines()) + "\n";
    }

    private static void add(List<String> lines, String item, String value) {
        if (value != null && !value.isEmpty()) {
            lines.add(item + " " + value);
        }
    }

    /** The access, or why takeover on process death is off. */
    public record Result(Optional<FenceEtcdAccess> access, String offBecause) {
        static Result on(FenceEtcdAccess access) {
            return new Result(Optional.of(access), null);
        }

        static Result off(String reason) {
            return new Result(Optional.empty(), reason);
        }
    }
}
