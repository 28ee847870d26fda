package io.pgward.config;

import java.util.List;

/**
 * The {@code restapi} section.
 *
 * @param authentication  Basic-auth credentials for unsafe endpoints; null when not set
 * @param verifyClient    "none" (default), "optional" or "required"
 * @param allowlist       hosts, addresses or CIDRs allowed to call unsafe endpoints; empty when not set
 */
public record RestApiConfig(HostPort listen, HostPort connectAddress, Credentials authentication,
                            String certfile, String keyfile, String keyfilePassword, String cafile,
                            String verifyClient, List<String> allowlist, boolean allowlistIncludeMembers) {

    public RestApiConfig {
        allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
        verifyClient = verifyClient == null ? "none" : verifyClient;
    }

    /** True when the REST API serves HTTPS. */
    public boolean tls() {
        return certfile != null;
    }

    @Override
    public String toString() {
        return "RestApiConfig[listen=" + listen + ", connectAddress=" + connectAddress + ", authentication="
                + authentication + ", certfile=" + certfile + ", keyfile=" + keyfile + ", cafile=" + cafile
                + ", verifyClient=" + verifyClient + ", allowlist=" + allowlist
                + ", allowlistIncludeMembers=" + allowlistIncludeMembers + "]";
    }
}
