package io.pgward.routing;

/**
 * The names {@code pgward haproxy-config} gives HAProxy's backends and servers, which the agents' runtime API
 * notices must use too.
 */
public final class HaproxyNames {

    private HaproxyNames() {
    }

    /** HAProxy accepts letters, digits, '.', '_', '-' and ':' in a name; anything else becomes '_'. */
    public static String id(String name) {
        String id = name.replaceAll("[^A-Za-z0-9._:-]", "_");
        return id.isEmpty() ? "_" : id;
    }

    /** The read-write backend of cluster {@code scope}. */
    public static String primaryBackend(String scope) {
        return id(scope) + "_primary";
    }

    /** The read-only backend of cluster {@code scope}. */
    public static String replicaBackend(String scope) {
        return id(scope) + "_replicas";
    }
}
