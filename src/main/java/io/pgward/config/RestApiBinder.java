package io.pgward.config;

import java.util.List;

/** The {@code restapi} section. */
final class RestApiBinder {

    private RestApiBinder() {
    }

    static RestApiConfig bind(Section s) {
        HostPort listen = required(s, "listen", "host:port the REST API binds to, e.g. 0.0.0.0:8008");
        HostPort connect = required(s, "connect_address", "host:port other nodes and tools use to reach this node's REST API");
        if (connect != null) {
            Addresses.checkConnectable(s, "connect_address", connect);
        }
        Credentials auth = AuthBinder.basic(s);
        String certfile = s.file("certfile", FileChecks.Kind.READABLE_FILE);
        String keyfile = s.file("keyfile", FileChecks.Kind.READABLE_FILE);
        String keyfilePassword = s.string("keyfile_password");
        String cafile = s.file("cafile", FileChecks.Kind.READABLE_FILE);
        String verifyClient = s.oneOf("verify_client", true, List.of("none", "optional", "required"));
        if (verifyClient != null && !"none".equals(verifyClient) && (certfile == null || cafile == null)) {
            s.error("verify_client", "verify_client " + verifyClient + " needs certfile (HTTPS) and cafile "
                    + "(to verify client certificates)");
        }
        if (keyfile != null && certfile == null) {
            s.error("keyfile", "keyfile is set but certfile is not; set restapi.certfile to serve HTTPS");
        }
        List<String> allowlist = s.strings("allowlist");
        boolean includeMembers = s.bool("allowlist_include_members", false);
        s.integer("request_queue_size", 0, 4096);
        s.integer("thread_pool_size", 5, Integer.MAX_VALUE);
        s.oneOf("server_tokens", false, List.of("minimal", "productonly", "original"));
        s.unused("ciphers", "the REST API uses the JVM's default TLS cipher suites");
        s.anyMapping("http_extra_headers");
        s.anyMapping("https_extra_headers");
        s.unused("http_extra_headers", "these headers are not added to responses");
        s.unused("https_extra_headers", "these headers are not added to responses");
        if (auth == null && (allowlist == null || allowlist.isEmpty()) && !"required".equals(verifyClient)
                && listen != null && !IpAddress.isLoopback(listen.host())) {
            s.problems().nodeWarning(s.originOf("listen"), s.path("listen"), "the unsafe REST endpoints (switchover,"
                    + " failover, restart, reinitialize, PATCH /config) accept requests from anyone who can reach "
                    + listen + ": set restapi.authentication (Basic auth), restapi.allowlist, or verify_client: required");
        }
        s.finish();
        return new RestApiConfig(listen, connect, auth, certfile, keyfile, keyfilePassword, cafile,
                verifyClient, allowlist, includeMembers);
    }

    private static HostPort required(Section s, String key, String what) {
        if (!s.has(key)) {
            s.missing(key, "key", what);
            return null;
        }
        return s.hostPort(key);
    }
}
