package io.pgward.config;

/**
 * Patroni's {@code ctl} section: how the CLI reaches the members' REST API (TLS trust and client certificate,
 * Basic credentials). Used by every REST call of pgward's CLI, as patronictl uses it.
 *
 * @param authentication Basic credentials for unsafe endpoints, or null (then restapi.authentication is used)
 * @param insecure       do not verify the REST API's certificate (nor its host name)
 * @param cacert         CA file that signed the members' REST certificates, or null for the JDK's trust store
 */
public record CtlConfig(Credentials authentication, boolean insecure, String cacert, String certfile,
                        String keyfile, String keyfilePassword) {

    public static CtlConfig none() {
        return new CtlConfig(null, false, null, null, null, null);
    }

    @Override
    public String toString() {
        return "CtlConfig[authentication=" + authentication + ", insecure=" + insecure + ", cacert=" + cacert
                + ", certfile=" + certfile + ", keyfile=" + keyfile + ", keyfilePassword="
                + (keyfilePassword == null ? "null" : "***") + "]";
    }
}
